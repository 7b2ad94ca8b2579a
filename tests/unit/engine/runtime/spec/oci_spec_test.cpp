#include "engine/runtime/spec/oci_spec.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/runtime/spec/capabilities.hpp"
#include "tests/unit/engine/runtime/spec/spec_test_support.hpp"

namespace engine::runtime {
namespace {

using Json = nlohmann::json;
using testing::TestContainer;
using testing::TestHost;

std::vector<std::string> Destinations(const Json& config) {
    std::vector<std::string> destinations;
    for (const Json& mount : config.at("mounts")) {
        destinations.push_back(mount.at("destination"));
    }
    return destinations;
}

Json MountAt(const Json& config, const std::string& destination) {
    for (const Json& mount : config.at("mounts")) {
        if (mount.at("destination") == destination) {
            return mount;
        }
    }
    return nullptr;
}

std::string ErrorOf(const ContainerSpec& spec) {
    try {
        BuildOciSpec(spec, TestHost());
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kInvalidArgument);
        return e.what();
    }
    return "no error";
}

TEST(BuildOciSpecTest, DefaultShapeIsDockers) {
    const Json config = BuildOciSpec(TestContainer(), TestHost());
    EXPECT_EQ(config.at("ociVersion"), "1.0.2-dev");
    EXPECT_EQ(config.at("hostname"), "0123456789ab");
    EXPECT_EQ(config.at("root"), Json::parse(R"({"path":"/var/lib/berth/rootfs","readonly":false})"));
    const Json& process = config.at("process");
    EXPECT_EQ(process.at("args"), Json::array({"sh", "-c", "echo hi"}));
    EXPECT_EQ(process.at("cwd"), "/");
    EXPECT_EQ(process.at("terminal"), false);
    EXPECT_EQ(
        process.at("env"),
        Json::array({"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=0123456789ab"}));
    EXPECT_EQ(process.at("user"), Json::parse(R"({"uid":0,"gid":0,"additionalGids":[0]})"));
    EXPECT_EQ(process.at("oomScoreAdj"), 0);
    EXPECT_EQ(process.at("noNewPrivileges"), false);
    EXPECT_EQ(process.at("capabilities").at("bounding"), Json(DefaultCapabilities()));
    EXPECT_EQ(process.at("capabilities").at("effective"), Json(DefaultCapabilities()));
    EXPECT_EQ(process.at("capabilities").at("permitted"), Json(DefaultCapabilities()));
    EXPECT_FALSE(process.at("capabilities").contains("inheritable"));
    EXPECT_EQ(process.at("rlimits"), Json::parse(R"([{"type":"RLIMIT_NOFILE","hard":20000,"soft":20000}])"));

    const Json& linux = config.at("linux");
    EXPECT_EQ(linux.at("namespaces"),
              Json::parse(R"([{"type":"mount"},{"type":"network"},{"type":"uts"},{"type":"pid"},{"type":"ipc"}])"));
    EXPECT_EQ(linux.at("cgroupsPath"), "/berth/0123456789ab");
    EXPECT_EQ(linux.at("maskedPaths").size(), 11U);
    EXPECT_EQ(linux.at("maskedPaths")[0], "/proc/asound");
    EXPECT_EQ(linux.at("readonlyPaths"),
              Json::array({"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}));
    EXPECT_EQ(linux.at("sysctl"), Json::parse(R"({"net.ipv4.ping_group_range":"0 2147483647",
                                                 "net.ipv4.ip_unprivileged_port_start":"0"})"));
    EXPECT_EQ(linux.at("devices"), Json::array());
    EXPECT_TRUE(linux.contains("seccomp"));
    EXPECT_FALSE(linux.contains("rootfsPropagation"));
    EXPECT_FALSE(config.contains("annotations"));
}

TEST(BuildOciSpecTest, DefaultMountsInDockersOrder) {
    const Json config = BuildOciSpec(TestContainer(), TestHost());
    EXPECT_EQ(
        Destinations(config),
        (std::vector<std::string>{"/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm"}));
    EXPECT_EQ(MountAt(config, "/dev"), Json::parse(R"({"destination":"/dev","type":"tmpfs","source":"tmpfs",
        "options":["nosuid","strictatime","mode=755","size=65536k"]})"));
    EXPECT_EQ(MountAt(config, "/dev/pts").at("options"),
              Json::array({"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}));
    EXPECT_EQ(MountAt(config, "/dev/shm").at("options"),
              Json::array({"nosuid", "noexec", "nodev", "mode=1777", "size=67108864"}));
    EXPECT_EQ(MountAt(config, "/sys").at("options"), Json::array({"nosuid", "noexec", "nodev", "ro"}));
}

TEST(BuildOciSpecTest, DefaultDeviceRules) {
    const Json rules = BuildOciSpec(TestContainer(), TestHost()).at("linux").at("resources").at("devices");
    ASSERT_EQ(rules.size(), 8U);
    EXPECT_EQ(rules[0], Json::parse(R"({"allow":false,"access":"rwm"})"));
    EXPECT_EQ(rules[1], Json::parse(R"({"allow":true,"type":"c","major":1,"minor":5,"access":"rwm"})"));
    EXPECT_EQ(rules[7], Json::parse(R"({"allow":false,"type":"c","major":10,"minor":229,"access":"rwm"})"));
}

TEST(BuildOciSpecTest, UserMountsNetworkFilesAndInit) {
    ContainerSpec spec = TestContainer();
    spec.mounts = {{MountSpec::Type::kBind, "/srv/data", "/data/deep", true, "rprivate", false, ""},
                   {MountSpec::Type::kTmpfs, "", "/run", false, "", false, "size=1m,exec"},
                   {MountSpec::Type::kBind, "/var/lib/berth/volumes/v/_data", "/vol", false, "", false, ""}};
    spec.resolv_conf_path = "/run/berth/c/resolv.conf";
    spec.hosts_path = "/run/berth/c/hosts";
    spec.init_path = "/usr/bin/tini-static";
    const Json config = BuildOciSpec(spec, TestHost());
    EXPECT_EQ(Destinations(config),
              (std::vector<std::string>{"/proc",
                                        "/dev",
                                        "/dev/pts",
                                        "/sys",
                                        "/sys/fs/cgroup",
                                        "/dev/mqueue",
                                        "/dev/shm",
                                        "/sbin/docker-init",
                                        "/vol",
                                        "/run",
                                        "/data/deep",
                                        "/etc/resolv.conf",
                                        "/etc/hosts"}));
    EXPECT_EQ(MountAt(config, "/sbin/docker-init"),
              Json::parse(R"({"destination":"/sbin/docker-init","type":"bind","source":"/usr/bin/tini-static",
                              "options":["bind","ro"]})"));
    EXPECT_EQ(MountAt(config, "/data/deep").at("options"), Json::array({"rbind", "ro", "rprivate"}));
    EXPECT_EQ(MountAt(config, "/vol").at("options"), Json::array({"rbind"}));
    EXPECT_EQ(MountAt(config, "/run"), Json::parse(R"({"destination":"/run","type":"tmpfs","source":"tmpfs",
        "options":["nosuid","nodev","rprivate","size=1m","exec"]})"));
    EXPECT_EQ(MountAt(config, "/etc/hosts").at("options"), Json::array({"rbind", "rprivate"}));
    EXPECT_EQ(config.at("process").at("args"), Json::array({"/sbin/docker-init", "--", "sh", "-c", "echo hi"}));
}

TEST(BuildOciSpecTest, UserMountsReplaceDefaults) {
    ContainerSpec spec = TestContainer();
    spec.mounts = {{MountSpec::Type::kBind, "/host/dev", "/dev", false, "rprivate", false, ""}};
    spec.ipc = IpcMode::kNone;
    const Json config = BuildOciSpec(spec, TestHost());
    EXPECT_EQ(Destinations(config), (std::vector<std::string>{"/proc", "/sys", "/sys/fs/cgroup", "/dev"}));
}

TEST(BuildOciSpecTest, ReadOnlyRootfs) {
    ContainerSpec spec = TestContainer();
    spec.read_only_rootfs = true;
    spec.hostname_path = "/run/berth/c/hostname";
    const Json config = BuildOciSpec(spec, TestHost());
    EXPECT_EQ(config.at("root").at("readonly"), true);
    EXPECT_EQ(MountAt(config, "/etc/hostname").at("options"), Json::array({"rbind", "ro", "rprivate"}));
    EXPECT_EQ(MountAt(config, "/dev/shm").at("options").back(), "size=67108864");
}

TEST(BuildOciSpecTest, PrivilegedClearsConfinement) {
    ContainerSpec spec = TestContainer();
    spec.privileged = true;
    const Json config = BuildOciSpec(spec, TestHost());
    const Json& linux = config.at("linux");
    EXPECT_FALSE(linux.contains("maskedPaths"));
    EXPECT_FALSE(linux.contains("readonlyPaths"));
    EXPECT_FALSE(linux.contains("seccomp"));
    EXPECT_EQ(linux.at("resources").at("devices"), Json::parse(R"([{"allow":true,"access":"rwm"}])"));
    EXPECT_EQ(MountAt(config, "/sys").at("options"), Json::array({"nosuid", "noexec", "nodev"}));
    EXPECT_EQ(MountAt(config, "/sys/fs/cgroup").at("options"), Json::array({"nosuid", "noexec", "nodev"}));
    EXPECT_EQ(config.at("process").at("capabilities").at("bounding"), Json(TestHost().capabilities));
}

TEST(BuildOciSpecTest, NonRootGetsOnlyBoundingCaps) {
    ContainerSpec spec = TestContainer();
    spec.uid = 65534;
    spec.gid = 65534;
    spec.additional_gids = {29};
    const Json process = BuildOciSpec(spec, TestHost()).at("process");
    EXPECT_EQ(process.at("user"), Json::parse(R"({"uid":65534,"gid":65534,"additionalGids":[65534,29]})"));
    EXPECT_EQ(process.at("capabilities").size(), 1U);
    EXPECT_TRUE(process.at("capabilities").contains("bounding"));
}

TEST(BuildOciSpecTest, Resources) {
    ContainerSpec spec = TestContainer();
    spec.resources.memory = 64 << 20;
    spec.resources.memory_swap = 128 << 20;
    spec.resources.memory_reservation = 32 << 20;
    spec.resources.nano_cpus = 1500000000;
    spec.resources.cpu_shares = 512;
    spec.resources.cpuset_cpus = "0-1";
    spec.resources.pids_limit = 100;
    spec.resources.oom_kill_disable = true;
    spec.oom_score_adj = 500;
    const Json config = BuildOciSpec(spec, TestHost());
    const Json& resources = config.at("linux").at("resources");
    EXPECT_EQ(resources.at("memory"), Json::parse(R"({"limit":67108864,"swap":134217728,"reservation":33554432,
                                                       "disableOOMKiller":true})"));
    EXPECT_EQ(resources.at("cpu"), Json::parse(R"({"shares":512,"cpus":"0-1","period":100000,"quota":150000})"));
    EXPECT_EQ(resources.at("pids"), Json::parse(R"({"limit":100})"));
    EXPECT_EQ(config.at("process").at("oomScoreAdj"), 500);

    spec.resources = {};
    spec.resources.cpu_quota = 50000;
    spec.resources.cpu_period = 200000;
    spec.resources.pids_limit = 0;
    const Json other = BuildOciSpec(spec, TestHost()).at("linux").at("resources");
    EXPECT_EQ(other.at("cpu"), Json::parse(R"({"shares":0,"period":200000,"quota":50000})"));
    EXPECT_EQ(other.at("memory"), Json::object());
    // "Unlimited" is left out: crun 1.8 cannot write moby's -1 to pids.max.
    EXPECT_FALSE(other.contains("pids"));
}

TEST(BuildOciSpecTest, NamespaceModes) {
    ContainerSpec spec = TestContainer();
    spec.network = NetworkMode::kHost;
    spec.pid = PidMode::kHost;
    spec.ipc = IpcMode::kHost;
    spec.shm_path = "/dev/shm";
    spec.uts = UtsMode::kHost;
    spec.cgroupns = CgroupnsMode::kPrivate;
    spec.init_path = "/usr/bin/tini-static";
    Json config = BuildOciSpec(spec, TestHost());
    EXPECT_EQ(config.at("linux").at("namespaces"), Json::parse(R"([{"type":"mount"},{"type":"cgroup"}])"));
    EXPECT_FALSE(config.contains("hostname"));
    EXPECT_EQ(config.at("linux").at("sysctl"), Json::object());
    EXPECT_EQ(MountAt(config, "/dev/shm").at("options"), Json::array({"rbind", "rprivate"}));
    EXPECT_EQ(config.at("process").at("args")[0], "sh");  // no init outside a private pid namespace

    spec = TestContainer();
    spec.network = NetworkMode::kSandbox;
    spec.network_namespace_path = "/run/berth/netns/abc";
    spec.ipc = IpcMode::kContainer;
    spec.ipc_namespace_path = "/proc/42/ns/ipc";
    HostLimits v2 = TestHost();
    v2.cgroup_v2 = true;
    config = BuildOciSpec(spec, v2);
    EXPECT_EQ(config.at("linux").at("namespaces"), Json::parse(R"([{"type":"mount"},
        {"type":"network","path":"/run/berth/netns/abc"},{"type":"uts"},{"type":"pid"},
        {"type":"ipc","path":"/proc/42/ns/ipc"},{"type":"cgroup"}])"));
}

TEST(BuildOciSpecTest, SysctlsAndDomainname) {
    ContainerSpec spec = TestContainer();
    spec.domainname = "example.org";
    spec.sysctls = {{"net.core.somaxconn", "1024"}, {"kernel.shmmax", "1"}, {"fs.mqueue.msg_max", "20"}};
    const Json sysctl = BuildOciSpec(spec, TestHost()).at("linux").at("sysctl");
    EXPECT_EQ(sysctl.at("kernel.domainname"), "example.org");
    EXPECT_EQ(sysctl.at("net.core.somaxconn"), "1024");
    EXPECT_EQ(sysctl.at("fs.mqueue.msg_max"), "20");

    spec.sysctls = {{"kernel.panic", "1"}};
    EXPECT_EQ(ErrorOf(spec), "sysctl \"kernel.panic\" is not in a separate kernel namespace");
    spec.sysctls = {{"net.ipv4.ip_forward", "1"}};
    spec.network = NetworkMode::kHost;
    EXPECT_EQ(ErrorOf(spec),
              "sysctl \"net.ipv4.ip_forward\" is not allowed in the hosts network namespace; drop it or do not use "
              "--network host");
    spec.network = NetworkMode::kNone;
    spec.ipc = IpcMode::kHost;
    spec.sysctls = {{"kernel.sem", "1 2 3 4"}};
    EXPECT_EQ(ErrorOf(spec),
              "sysctl \"kernel.sem\" is not allowed in the hosts ipc namespace; drop it or use a private --ipc");
}

TEST(BuildOciSpecTest, UlimitsStayWithinTheDaemonsHardLimits) {
    ContainerSpec spec = TestContainer();
    spec.ulimits = {{"nofile", 1024, 4096}, {"core", -1, -1}};
    EXPECT_EQ(BuildOciSpec(spec, TestHost()).at("process").at("rlimits"),
              Json::parse(R"([{"type":"RLIMIT_NOFILE","hard":4096,"soft":1024},
                              {"type":"RLIMIT_CORE","hard":18446744073709551615,"soft":18446744073709551615}])"));
    spec.ulimits = {{"nofile", 1048576, 1048576}};
    EXPECT_EQ(ErrorOf(spec),
              "ulimit nofile: hard limit 1048576 exceeds the daemon's own hard limit 20000, which it cannot raise "
              "without CAP_SYS_RESOURCE; ask for at most 20000");
    HostLimits raising = TestHost();
    raising.can_raise_rlimits = true;
    EXPECT_NO_THROW(BuildOciSpec(spec, raising));
    spec.ulimits = {{"bogus", 1, 1}};
    EXPECT_EQ(ErrorOf(spec), "invalid ulimit type: bogus");
    spec.ulimits = {{"nproc", 10, 5}};
    EXPECT_EQ(ErrorOf(spec), "ulimit soft limit must be less than or equal to hard limit: 10 > 5");
}

TEST(BuildOciSpecTest, EnvTerminalAndSecurityOptions) {
    ContainerSpec spec = TestContainer();
    spec.terminal = true;
    spec.env = {"PATH=/custom", "A=1"};
    spec.working_dir = "/work";
    spec.no_new_privileges = true;
    spec.seccomp = "unconfined";
    spec.annotations = {{"org.example", "x"}};
    const Json config = BuildOciSpec(spec, TestHost());
    EXPECT_EQ(config.at("process").at("env"),
              Json::array({"PATH=/custom", "HOSTNAME=0123456789ab", "TERM=xterm", "A=1"}));
    EXPECT_EQ(config.at("process").at("terminal"), true);
    EXPECT_EQ(config.at("process").at("cwd"), "/work");
    EXPECT_EQ(config.at("process").at("noNewPrivileges"), true);
    EXPECT_FALSE(config.at("linux").contains("seccomp"));
    EXPECT_EQ(config.at("annotations"), Json::parse(R"({"org.example":"x"})"));
}

TEST(BuildOciSpecTest, DevicesAndCgroupRules) {
    ContainerSpec spec = TestContainer();
    spec.devices = {{"/dev/fuse", 'c', 10, 229, 0666, 0, 0, "rw"}};
    spec.device_cgroup_rules = {"c 42:* rmw"};
    const Json linux = BuildOciSpec(spec, TestHost()).at("linux");
    EXPECT_EQ(linux.at("devices"), Json::parse(R"([{"path":"/dev/fuse","type":"c","major":10,"minor":229,
                                                    "fileMode":438,"uid":0,"gid":0}])"));
    const Json& rules = linux.at("resources").at("devices");
    EXPECT_EQ(rules[8], Json::parse(R"({"allow":true,"type":"c","major":10,"minor":229,"access":"rw"})"));
    EXPECT_EQ(rules[9], Json::parse(R"({"allow":true,"type":"c","major":42,"minor":-1,"access":"rmw"})"));
    spec.device_cgroup_rules = {"x 1:2 r"};
    EXPECT_EQ(ErrorOf(spec), "invalid device cgroup rule format: 'x 1:2 r'; use '<a|b|c> <major|*>:<minor|*> <rwm>'");
}

TEST(BuildOciSpecTest, PropagationAndErrors) {
    ContainerSpec spec = TestContainer();
    spec.mounts = {{MountSpec::Type::kBind, "/a", "/a", false, "rslave", false, ""}};
    EXPECT_EQ(BuildOciSpec(spec, TestHost()).at("linux").at("rootfsPropagation"), "rslave");
    spec.mounts.push_back({MountSpec::Type::kBind, "/b", "/b", false, "rshared", true, ""});
    const Json config = BuildOciSpec(spec, TestHost());
    EXPECT_EQ(config.at("linux").at("rootfsPropagation"), "shared");
    EXPECT_EQ(MountAt(config, "/b").at("options"), Json::array({"bind", "rshared"}));
    spec.mounts = {{MountSpec::Type::kTmpfs, "", "/t", false, "", false, "size=1m,bogus"}};
    EXPECT_EQ(ErrorOf(spec),
              "invalid tmpfs option \"bogus\"; use size=, mode=, uid=, gid=, nr_inodes=, nr_blocks=, mpol= or a "
              "mount flag such as ro, exec, nosuid");
    spec = TestContainer();
    spec.args.clear();
    EXPECT_EQ(ErrorOf(spec), "No command specified");
    spec = TestContainer();
    spec.cap_add = {"CAP_FOO"};
    EXPECT_EQ(ErrorOf(spec), "unknown capability: \"CAP_FOO\"");
}

TEST(TmpfsOptionsTextTest, DockersMountsApiForm) {
    EXPECT_EQ(TmpfsOptionsText(64 << 20, 01777, false), "size=64m,mode=1777");
    EXPECT_EQ(TmpfsOptionsText(1 << 30, 0, true), "size=1g,ro");
    EXPECT_EQ(TmpfsOptionsText(1000, 0700, false), "size=1000,mode=700");
    EXPECT_EQ(TmpfsOptionsText(0, 0, false), "");
}

}  // namespace
}  // namespace engine::runtime
