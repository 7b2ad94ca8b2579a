// Proves the generated config.json against a real OCI runtime (crun, or runc where crun cannot
// run): each test builds a spec with BuildOciSpec for a busybox rootfs and runs it.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>

#include <gtest/gtest.h>

#include "engine/base/id.hpp"
#include "engine/runtime/spec/bundle.hpp"
#include "engine/runtime/spec/devices.hpp"
#include "engine/runtime/spec/oci_spec.hpp"
#include "engine/runtime/spec/user.hpp"
#include "tests/support/real_container.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::runtime {
namespace {

using engine::testing::CommandResult;
using engine::testing::RunCommand;

class SpecRealContainer : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (engine::testing::RealContainerBlocker().empty()) {
            rootfs_dir_ = std::make_unique<engine::testing::TempDir>();
            engine::testing::MakeBusyboxRootfs(rootfs_dir_->path() / "rootfs");
        }
    }
    static void TearDownTestSuite() { rootfs_dir_.reset(); }

    void SetUp() override { REQUIRE_REAL_CONTAINERS(); }

    // Removes the containers (even after a failed assertion) and the test's cgroup parents.
    void TearDown() override {
        for (const std::string& id : ids_) {
            RunCommand({engine::testing::PreferredRuntime(), "--root", state_dir(), "delete", "--force", id});
        }
        for (const std::string& parent : cgroup_parents_) {
            std::error_code ignored;
            for (const auto& controller : std::filesystem::directory_iterator("/sys/fs/cgroup", ignored)) {
                std::filesystem::remove(controller.path() / parent, ignored);
            }
            std::filesystem::remove(std::filesystem::path("/sys/fs/cgroup") / parent, ignored);
        }
    }

    std::string state_dir() const { return (work_.path() / "state").string(); }

    ContainerSpec Spec(std::vector<std::string> args) {
        ContainerSpec spec;
        spec.hostname = "berth-spec";
        spec.args = std::move(args);
        spec.rootfs = rootfs_dir_->path() / "rootfs";
        return spec;
    }

    // Runs `spec` to completion without a terminal and returns its exit code and output.
    CommandResult Run(ContainerSpec spec) {
        const std::string id = ids_.emplace_back("berth-test-" + RandomHex(6));
        const std::string parent = cgroup_parents_.emplace_back("berth-test-" + RandomHex(4));
        spec.id = id;
        spec.cgroups_path = "/" + parent + "/" + id;
        const auto bundle = work_.path() / "bundle";
        WriteBundle(bundle, BuildOciSpec(spec, DetectHostLimits()));
        return RunCommand(
            {engine::testing::PreferredRuntime(), "--root", state_dir(), "run", "--bundle", bundle.string(), id},
            {},
            "",
            std::chrono::seconds(60));
    }

    static std::unique_ptr<engine::testing::TempDir> rootfs_dir_;
    engine::testing::TempDir work_;
    std::vector<std::string> ids_;
    std::vector<std::string> cgroup_parents_;
};

std::unique_ptr<engine::testing::TempDir> SpecRealContainer::rootfs_dir_;

TEST_F(SpecRealContainer, EchoPrintsAndExitsZero) {
    const CommandResult result = Run(Spec({"echo", "hi"}));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "hi\n");
}

TEST_F(SpecRealContainer, ExitCodeComesThrough) {
    EXPECT_EQ(Run(Spec({"sh", "-c", "exit 3"})).exit_code, 3);
}

TEST_F(SpecRealContainer, ReadOnlyRootRefusesWrites) {
    ContainerSpec spec = Spec({"sh", "-c", "touch /file"});
    spec.read_only_rootfs = true;
    const CommandResult result = Run(spec);
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("Read-only file system"), std::string::npos) << result.err;
}

TEST_F(SpecRealContainer, ResolvedUserIsAppliedWithoutCapabilities) {
    ContainerSpec spec = Spec({"sh", "-c", "id -u; id -g; id -G; grep CapEff /proc/self/status"});
    const ResolvedUser user = ResolveUser(spec.rootfs, "nobody", {"29"});
    spec.uid = user.uid;
    spec.gid = user.gid;
    spec.additional_gids = user.additional_gids;
    const CommandResult result = Run(spec);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    // A non-root user keeps only the bounding set, as after execve (moby's SetCapabilities).
    EXPECT_EQ(result.out, "65534\n65534\n65534 29\nCapEff:\t0000000000000000\n");
}

TEST_F(SpecRealContainer, EffectiveCapabilitiesAreDockersDefaults) {
    const CommandResult result = Run(Spec({"grep", "^Cap\\(Eff\\|Bnd\\)", "/proc/self/status"}));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    // The 14 default capabilities, the mask `docker run busybox` shows.
    EXPECT_EQ(result.out, "CapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\n");
}

TEST_F(SpecRealContainer, SeccompBlocksWhatDockersProfileDenies) {
    // unshare(2) is allowed only with CAP_SYS_ADMIN; a user namespace needs no capability, so
    // only the seccomp filter can refuse it.
    const CommandResult confined = Run(Spec({"unshare", "-U", "true"}));
    EXPECT_NE(confined.exit_code, 0);
    EXPECT_NE(confined.err.find("Operation not permitted"), std::string::npos) << confined.err;
    ContainerSpec unconfined = Spec({"unshare", "-U", "true"});
    unconfined.seccomp = "unconfined";
    const CommandResult allowed = Run(unconfined);
    EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
}

TEST_F(SpecRealContainer, MemoryLimitReachesTheCgroup) {
    ContainerSpec spec = Spec({"sh",
                               "-c",
                               "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || "
                               "cat /sys/fs/cgroup/memory.max"});
    spec.resources.memory = 64 * 1024 * 1024;
    const CommandResult result = Run(spec);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "67108864\n");
}

TEST_F(SpecRealContainer, HostnameAndEnvAreSet) {
    ContainerSpec spec = Spec({"sh", "-c", "hostname; echo $HOSTNAME $GREETING; pwd"});
    spec.env = {"GREETING=hello"};
    spec.working_dir = "/tmp";
    const CommandResult result = Run(spec);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "berth-spec\nberth-spec hello\n/tmp\n");
}

TEST_F(SpecRealContainer, RuntimeAddsMknodRuleDockerLeavesOut) {
    const CommandResult result = Run(Spec({"sh", "-c", "mknod /dev/mynull c 1 3 && echo x > /dev/mynull && echo ok"}));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "ok\n");
}

TEST_F(SpecRealContainer, InitRunsAsPidOneAndMountsApply) {
    if (!std::filesystem::exists("/usr/bin/tini-static")) {
        GTEST_SKIP() << "needs /usr/bin/tini-static (package tini)";
    }
    std::filesystem::create_directories(work_.path() / "data");
    std::ofstream(work_.path() / "data/file") << "from the host\n";
    ContainerSpec spec = Spec({"sh",
                               "-c",
                               "cat /proc/1/cmdline | tr '\\0' ' '; echo; cat /data/file; "
                               "touch /data/x || echo refused; touch /scratch/y && echo written"});
    spec.init_path = "/usr/bin/tini-static";
    spec.mounts = {{MountSpec::Type::kBind, work_.path() / "data", "/data", true, "rprivate", false, ""},
                   {MountSpec::Type::kTmpfs, "", "/scratch", false, "", false, "size=1m"}};
    const CommandResult result = Run(spec);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "/sbin/docker-init -- sh -c " + spec.args[2] + " \nfrom the host\nrefused\nwritten\n");
}

TEST_F(SpecRealContainer, PrivilegedGetsHostDevicesAndAllCapabilities) {
    ContainerSpec spec = Spec({"sh", "-c", "grep CapEff /proc/self/status; test -c /dev/kmsg && echo kmsg"});
    spec.privileged = true;
    spec.devices = HostDevices();
    const CommandResult result = Run(spec);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::ifstream status("/proc/self/status");
    std::string line;
    std::string bounding;
    while (std::getline(status, line)) {
        if (line.starts_with("CapBnd:")) {
            bounding = line.substr(7);
        }
    }
    EXPECT_EQ(result.out, "CapEff:" + bounding + "\nkmsg\n");
}

TEST_F(SpecRealContainer, AddedDeviceIsUsable) {
    ContainerSpec spec = Spec({"sh", "-c", "echo x > /dev/extra-null && echo ok"});
    spec.devices = DevicesFromPath("/dev/null", "/dev/extra-null", "rwm");
    const CommandResult result = Run(spec);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "ok\n");
}

}  // namespace
}  // namespace engine::runtime
