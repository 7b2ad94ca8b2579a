#include "engine/api/container_create.hpp"

#include <gtest/gtest.h>

#include "engine/api/container_config_json.hpp"
#include "engine/api/container_create_checks.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

constexpr ApiVersion kV141{1, 41};

ContainerCreateRequest Parse(const json& body, int cpus = 2) {
    return ParseContainerCreate(body, kV141, CreateHostFacts{cpus, nullptr});
}

std::string CreateError(const json& body, int cpus = 2) {
    try {
        Parse(body, cpus);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument) << error.what();
        return error.what();
    }
    return "no error";
}

json WithHost(json host_config) {
    return {{"Image", "busybox"}, {"HostConfig", std::move(host_config)}};
}

// `docker run -d --name x -e A=1 -v vol:/data --memory 64m --restart on-failure:3 busybox sh -c
// 'echo hi'` from the v28 CLI: Go marshals every non-omitempty field of container.Config,
// HostConfig and EndpointSettings, zero values included.
const json kDockerCliBody = json::parse(R"({
  "Hostname": "", "Domainname": "", "User": "", "AttachStdin": false, "AttachStdout": false,
  "AttachStderr": false, "Tty": false, "OpenStdin": false, "StdinOnce": false, "Env": ["A=1"],
  "Cmd": ["sh", "-c", "echo hi"], "Image": "busybox", "Volumes": {}, "WorkingDir": "",
  "Entrypoint": null, "OnBuild": null, "Labels": {},
  "HostConfig": {
    "Binds": ["vol:/data"], "ContainerIDFile": "", "LogConfig": {"Type": "", "Config": {}},
    "NetworkMode": "default", "PortBindings": {},
    "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 3}, "AutoRemove": false,
    "VolumeDriver": "", "VolumesFrom": null, "ConsoleSize": [50, 200], "Annotations": null,
    "CapAdd": null, "CapDrop": null, "CgroupnsMode": "", "Dns": [], "DnsOptions": [], "DnsSearch": [],
    "ExtraHosts": null, "GroupAdd": null, "IpcMode": "", "Cgroup": "", "Links": null,
    "OomScoreAdj": 0, "PidMode": "", "Privileged": false, "PublishAllPorts": false,
    "ReadonlyRootfs": false, "SecurityOpt": null, "UTSMode": "", "UsernsMode": "", "ShmSize": 0,
    "Isolation": "", "CpuShares": 0, "Memory": 67108864, "NanoCpus": 0, "CgroupParent": "",
    "BlkioWeight": 0, "BlkioWeightDevice": [], "BlkioDeviceReadBps": [], "BlkioDeviceWriteBps": [],
    "BlkioDeviceReadIOps": [], "BlkioDeviceWriteIOps": [], "CpuPeriod": 0, "CpuQuota": 0,
    "CpuRealtimePeriod": 0, "CpuRealtimeRuntime": 0, "CpusetCpus": "", "CpusetMems": "",
    "Devices": [], "DeviceCgroupRules": null, "DeviceRequests": null, "MemoryReservation": 0,
    "MemorySwap": 0, "MemorySwappiness": null, "OomKillDisable": null, "PidsLimit": null,
    "Ulimits": [], "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0,
    "MaskedPaths": null, "ReadonlyPaths": null
  },
  "NetworkingConfig": {"EndpointsConfig": {"default": {
    "IPAMConfig": null, "Links": null, "Aliases": null, "MacAddress": "", "DriverOpts": null,
    "NetworkID": "", "EndpointID": "", "Gateway": "", "IPAddress": "", "IPPrefixLen": 0,
    "IPv6Gateway": "", "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0, "DNSNames": null}}}
})");

// The same run through docker-compose 1.29 / docker-py 5.0.3: None values dropped, compose
// labels, the project network with the service alias.
const json kDockerPyBody = json::parse(R"({
  "Tty": false, "OpenStdin": false, "StdinOnce": false, "AttachStdin": false,
  "AttachStdout": false, "AttachStderr": false, "Env": ["A=1"], "Cmd": ["sh", "-c", "echo hi"],
  "Image": "busybox", "Volumes": {"/data": {}}, "NetworkDisabled": false,
  "Labels": {"com.docker.compose.project": "p", "com.docker.compose.service": "x",
             "com.docker.compose.oneoff": "False", "com.docker.compose.container-number": "1"},
  "HostConfig": {"NetworkMode": "p_default", "Binds": ["p_vol:/data:rw"], "Memory": 67108864,
                 "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 3}, "Links": [],
                 "LogConfig": {"Type": "", "Config": {}}, "PortBindings": {}, "VolumesFrom": []},
  "NetworkingConfig": {"EndpointsConfig": {"p_default": {"Aliases": ["x"], "IPAMConfig": {}}}}
})");

TEST(ContainerCreate, DockerCliRunBody) {
    const ContainerCreateRequest request = Parse(kDockerCliBody);
    EXPECT_EQ(request.config.image, "busybox");
    EXPECT_EQ(request.config.env, (Strings{"A=1"}));
    EXPECT_EQ(request.config.cmd, (Strings{"sh", "-c", "echo hi"}));
    EXPECT_FALSE(request.config.entrypoint.has_value());
    EXPECT_EQ(request.config.volumes, std::set<std::string>{});
    const HostConfig& host = request.host_config;
    EXPECT_EQ(host.binds, (Strings{"vol:/data"}));
    EXPECT_EQ(host.resources.memory, 64 * 1024 * 1024);
    EXPECT_EQ(host.restart_policy.name, "on-failure");
    EXPECT_EQ(host.restart_policy.maximum_retry_count, 3);
    EXPECT_EQ(host.network_mode, "default");
    EXPECT_EQ(host.console_size, (std::array<std::uint64_t, 2>{0, 0}));  // API 1.41 drops it
    ASSERT_EQ(request.networking_config.endpoints_config.size(), 1U);
    EXPECT_TRUE(request.networking_config.endpoints_config.at("default").has_value());
    ASSERT_EQ(request.mount_points.size(), 1U);
    const MountPointSpec& point = request.mount_points[0];
    EXPECT_EQ(point.type, "volume");
    EXPECT_EQ(point.source, "vol");
    EXPECT_EQ(point.destination, "/data");
    EXPECT_TRUE(point.read_write);
    EXPECT_TRUE(point.copy_data);
    EXPECT_EQ(point.propagation, "");
}

TEST(ContainerCreate, DockerCliBodyRendersBackAsSent) {
    const json host = HostConfigJson(Parse(kDockerCliBody).host_config);
    EXPECT_EQ(host["Binds"], json::parse(R"(["vol:/data"])"));
    EXPECT_EQ(host["RestartPolicy"], json::parse(R"({"Name": "on-failure", "MaximumRetryCount": 3})"));
    EXPECT_EQ(host["LogConfig"], json::parse(R"({"Type": "", "Config": {}})"));
    EXPECT_EQ(host["Memory"], 67108864);
    EXPECT_EQ(host["Dns"], json::array());
    EXPECT_EQ(host["CapAdd"], nullptr);
    EXPECT_EQ(host["PidsLimit"], nullptr);
    EXPECT_EQ(host["Ulimits"], json::array());
    EXPECT_EQ(host["ConsoleSize"], json::parse("[0, 0]"));
    EXPECT_FALSE(host.contains("Tmpfs"));
    EXPECT_FALSE(host.contains("Mounts"));
    EXPECT_FALSE(host.contains("Init"));
}

TEST(ContainerCreate, DockerPyComposeBody) {
    const ContainerCreateRequest request = Parse(kDockerPyBody);
    EXPECT_EQ(request.config.labels->at("com.docker.compose.service"), "x");
    EXPECT_EQ(request.config.volumes, std::set<std::string>{"/data"});
    EXPECT_EQ(request.host_config.network_mode, "p_default");
    EXPECT_EQ(request.host_config.links, Strings{});
    const auto& endpoint = request.networking_config.endpoints_config.at("p_default");
    ASSERT_TRUE(endpoint.has_value());
    EXPECT_EQ(endpoint->aliases, (Strings{"x"}));
    EXPECT_TRUE(endpoint->ipam_config.has_value());
    ASSERT_EQ(request.mount_points.size(), 1U);
    EXPECT_EQ(request.mount_points[0].mode, "rw");
    EXPECT_EQ(request.mount_points[0].source, "p_vol");
}

TEST(ContainerCreate, DefaultsAndNulls) {
    const ContainerCreateRequest request = Parse(json::parse(R"({"Image": "busybox", "Cmd": "true",
        "Env": null, "HostConfig": null, "NetworkingConfig": null, "Unknown": 1})"));
    EXPECT_EQ(request.config.cmd, (Strings{"true"}));  // StrSlice takes a bare string
    EXPECT_FALSE(request.config.env.has_value());
    EXPECT_EQ(request.host_config.network_mode, "default");
    EXPECT_TRUE(request.networking_config.endpoints_config.empty());
    EXPECT_TRUE(request.mount_points.empty());
}

TEST(ContainerCreate, OlderClientsGetHostCgroupns) {
    const ContainerCreateRequest request =
        ParseContainerCreate(json{{"Image", "busybox"}}, ApiVersion(1, 40), CreateHostFacts{});
    EXPECT_EQ(request.host_config.cgroupns_mode, "host");
    EXPECT_EQ(Parse(json{{"Image", "busybox"}}).host_config.cgroupns_mode, "");
}

TEST(ContainerCreate, WrongTypesNameTheGoField) {
    EXPECT_EQ(CreateError(WithHost({{"Memory", "64m"}})),
              "invalid JSON: json: cannot unmarshal string into Go struct field HostConfig.HostConfig.Memory of "
              "type int64");
    EXPECT_EQ(CreateError({{"Image", "busybox"}, {"Env", "A=1"}}),
              "invalid JSON: json: cannot unmarshal string into Go struct field ContainerConfigWrapper.Env of type "
              "[]string");
    EXPECT_EQ(CreateError({{"Image", "busybox"}, {"Labels", {{"a", 1}}}}),
              "invalid JSON: json: cannot unmarshal number into Go struct field ContainerConfigWrapper.Labels of "
              "type string");
    EXPECT_EQ(CreateError(WithHost({{"RestartPolicy", {{"Name", 5}}}})),
              "invalid JSON: json: cannot unmarshal number into Go struct field RestartPolicy.HostConfig.RestartPolicy."
              "Name of type container.RestartPolicyMode");
    EXPECT_EQ(CreateError(WithHost({{"BlkioWeight", 70000}})),
              "invalid JSON: json: cannot unmarshal number 70000 into Go struct field HostConfig.HostConfig."
              "BlkioWeight of type uint16");
    EXPECT_EQ(CreateError({{"Image", "busybox"}, {"Healthcheck", {{"Interval", "30s"}}}}),
              "invalid JSON: json: cannot unmarshal string into Go struct field HealthConfig.Healthcheck.Interval of "
              "type time.Duration");
    EXPECT_EQ(CreateError({{"Image", "busybox"}, {"Cmd", 5}}),
              "invalid JSON: json: cannot unmarshal number into Go value of type string");
    EXPECT_EQ(CreateError({{"Image", "busybox"}, {"HostConfig", "x"}}),
              "invalid JSON: json: cannot unmarshal string into Go struct field ContainerConfigWrapper.HostConfig of "
              "type container.HostConfig");
    EXPECT_EQ(CreateError(WithHost({{"Mounts", {{{"Type", true}}}}})),
              "invalid JSON: json: cannot unmarshal bool into Go struct field Mount.HostConfig.Mounts.Type of type "
              "mount.Type");
    EXPECT_EQ(CreateError(json::array()),
              "invalid JSON: json: cannot unmarshal array into Go value of type runconfig.ContainerConfigWrapper");
}

TEST(ContainerCreate, WrongTypesInsideListsAndNumbers) {
    EXPECT_EQ(CreateError(json::parse(R"({"Image": "busybox", "StopTimeout": 1.5})")),
              "invalid JSON: json: cannot unmarshal number 1.5 into Go struct field ContainerConfigWrapper.StopTimeout "
              "of type int");
    EXPECT_EQ(CreateError(json::parse(R"({"Image": "busybox", "Volumes": {"/data": 1}})")),
              "invalid JSON: json: cannot unmarshal number into Go struct field ContainerConfigWrapper.Volumes of "
              "type struct {}");
    EXPECT_EQ(
        CreateError(json::parse(R"({"Image": "b", "HostConfig": {"Ulimits": [{"Name": "nofile", "Soft": "x"}]}})")),
        "invalid JSON: json: cannot unmarshal string into Go struct field Ulimit.HostConfig.Ulimits.Soft of type "
        "int64");
    EXPECT_EQ(CreateError(json::parse(R"({"Image": "b", "HostConfig": {"ConsoleSize": [-1, 80]}})")),
              "invalid JSON: json: cannot unmarshal number -1 into Go struct field HostConfig.HostConfig.ConsoleSize "
              "of type uint");
    EXPECT_EQ(
        CreateError(json::parse(R"({"Image": "b", "HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": 80}]}}})")),
        "invalid JSON: json: cannot unmarshal number into Go struct field PortBinding.HostConfig.PortBindings."
        "HostPort of type string");
    // Go drops array elements beyond a fixed array's length.
    EXPECT_NO_THROW(Parse(json::parse(R"({"Image": "b", "HostConfig": {"ConsoleSize": [1, 2, 3]}})")));
}

TEST(ContainerCreate, EmptyConfig) {
    EXPECT_EQ(CreateError(json::object()), "config cannot be empty in order to create a container");
    EXPECT_EQ(CreateError({{"HostConfig", json::object()}}), "config cannot be empty in order to create a container");
}

TEST(ContainerCreate, ResourceLimits) {
    EXPECT_EQ(CreateError(WithHost({{"Memory", 1024}})), "Minimum memory limit allowed is 6MB");
    EXPECT_EQ(CreateError(WithHost({{"Memory", 67108864}, {"MemorySwap", 1048576 * 32}})),
              "Minimum memoryswap limit should be larger than memory limit, see usage");
    EXPECT_EQ(CreateError(WithHost({{"MemorySwap", 67108864}})),
              "You should always set the Memory limit when using Memoryswap limit, see usage");
    EXPECT_EQ(CreateError(WithHost({{"MemorySwappiness", 101}})),
              "Invalid value: 101, valid memory swappiness range is 0-100");
    EXPECT_EQ(CreateError(WithHost({{"MemorySwappiness", -2}})),
              "Invalid value: -2, valid memory swappiness range is 0-100");
    // The docker CLI sends -1 for "not set".
    EXPECT_NO_THROW(Parse(WithHost({{"MemorySwappiness", -1}})));
    EXPECT_EQ(CreateError(WithHost({{"NanoCpus", 3'000'000'000}})),
              "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
    EXPECT_EQ(CreateError(WithHost({{"NanoCpus", 1'000'000'000}, {"CpuPeriod", 100000}})),
              "Conflicting options: Nano CPUs and CPU Period cannot both be set");
    EXPECT_EQ(CreateError(WithHost({{"NanoCpus", 1'000'000'000}, {"CpuQuota", 50000}})),
              "Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    EXPECT_EQ(CreateError(WithHost({{"CpuPeriod", 10}})),
              "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
    EXPECT_EQ(CreateError(WithHost({{"BlkioWeight", 5}})), "Range of blkio weight is from 10 to 1000");
    EXPECT_EQ(CreateError(WithHost({{"ShmSize", -1}})), "SHM size can not be less than 0");
    EXPECT_EQ(CreateError(WithHost({{"OomScoreAdj", 1001}})),
              "Invalid value 1001, range for oom score adj is [-1000, 1000]");
    EXPECT_EQ(
        Parse(WithHost({{"NanoCpus", 2'000'000'000}, {"Memory", 6 * 1024 * 1024}})).host_config.resources.nano_cpus,
        2'000'000'000);
}

TEST(ContainerCreate, RestartPolicies) {
    const auto restart = [](json policy) { return WithHost({{"RestartPolicy", std::move(policy)}}); };
    EXPECT_EQ(CreateError(restart({{"Name", "sometimes"}})),
              "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or "
              "'unless-stopped'");
    EXPECT_EQ(CreateError(restart({{"Name", "on-failure"}, {"MaximumRetryCount", -1}})),
              "invalid restart policy: maximum retry count cannot be negative");
    EXPECT_EQ(CreateError(restart({{"Name", "always"}, {"MaximumRetryCount", 2}})),
              "invalid restart policy: maximum retry count can only be used with 'on-failure'");
    EXPECT_EQ(CreateError(WithHost({{"AutoRemove", true}, {"RestartPolicy", {{"Name", "always"}}}})),
              "can't create 'AutoRemove' container with restart policy");
    EXPECT_NO_THROW(Parse(WithHost({{"AutoRemove", true}, {"RestartPolicy", {{"Name", "no"}}}})));
}

TEST(ContainerCreate, LogConfig) {
    const auto log = [](std::string type, json config) {
        return WithHost({{"LogConfig", {{"Type", std::move(type)}, {"Config", std::move(config)}}}});
    };
    EXPECT_NO_THROW(Parse(log("json-file", {{"max-size", "10m"}, {"max-file", "3"}, {"compress", "true"}})));
    EXPECT_NO_THROW(Parse(log("none", {{"whatever", "x"}})));
    EXPECT_EQ(CreateError(log("json-file", {{"max-size", "abc"}})), "invalid max-size: invalid size: 'abc'");
    EXPECT_EQ(CreateError(log("json-file", {{"max-size", "10q"}})), "invalid max-size: invalid suffix: 'q'");
    EXPECT_EQ(CreateError(log("json-file", {{"max-size", "0"}})), "max-size must be a positive number");
    EXPECT_EQ(CreateError(log("", {{"max-file", "x"}})),
              "invalid max-file: strconv.Atoi: parsing \"x\": invalid syntax");
    EXPECT_EQ(CreateError(log("json-file", {{"max-file", "0"}})), "max-file cannot be less than 1");
    EXPECT_EQ(CreateError(log("json-file", {{"color", "red"}})), "unknown log opt 'color' for json-file log driver");
    EXPECT_EQ(CreateError(log("journald", json::object())),
              "logger: log driver 'journald' is not supported; use json-file or none");
    EXPECT_EQ(CreateError(log("nope", json::object())), "logger: no log driver named 'nope' is registered");
}

TEST(ContainerCreate, Healthcheck) {
    const auto health = [](json config) { return json{{"Image", "busybox"}, {"Healthcheck", std::move(config)}}; };
    const ContainerCreateRequest request = Parse(health({{"Test", {"CMD-SHELL", "true"}},
                                                         {"Interval", 30'000'000'000},
                                                         {"Retries", 3},
                                                         {"StartInterval", 1'000'000'000}}));
    EXPECT_EQ(request.config.healthcheck->interval, 30'000'000'000);
    EXPECT_EQ(request.config.healthcheck->start_interval, 1'000'000'000);
    EXPECT_EQ(CreateError(health({{"Interval", 30}})), "Interval in Healthcheck cannot be less than 1ms");
    EXPECT_EQ(CreateError(health({{"Timeout", 999'999}})), "Timeout in Healthcheck cannot be less than 1ms");
    EXPECT_EQ(CreateError(health({{"StartPeriod", 1}})), "StartPeriod in Healthcheck cannot be less than 1ms");
    EXPECT_EQ(CreateError(health({{"StartInterval", 1}})), "StartInterval in Healthcheck cannot be less than 1ms");
    EXPECT_EQ(CreateError(health({{"Retries", -1}})), "Retries in Healthcheck cannot be negative");
}

TEST(ContainerCreate, ConfigChecks) {
    EXPECT_EQ(CreateError({{"Image", "busybox"}, {"WorkingDir", "app"}}),
              "the working directory 'app' is invalid, it needs to be an absolute path");
    EXPECT_EQ(CreateError({{"Image", "busybox"}, {"StopSignal", "SIGFOO"}}), "Invalid signal: SIGFOO");
    EXPECT_NO_THROW(Parse({{"Image", "busybox"}, {"StopSignal", "SIGRTMIN+3"}}));
    EXPECT_NO_THROW(Parse({{"Image", "busybox"}, {"StopSignal", "term"}}));
    EXPECT_NO_THROW(Parse({{"Image", "busybox"}, {"StopSignal", "9"}}));
    EXPECT_EQ(CreateError({{"Image", "busybox"}, {"Env", {"=x"}}}), "invalid environment variable: =x");
}

TEST(ContainerCreate, NetworkAndHostChecks) {
    EXPECT_EQ(CreateError(WithHost({{"PortBindings", {{"80/tcp", {{{"HostPort", "http"}}}}}}})),
              "invalid port specification: \"http\"");
    EXPECT_EQ(CreateError(WithHost({{"PortBindings", {{"x/tcp", nullptr}}}})), "invalid port specification: \"x\"");
    EXPECT_NO_THROW(Parse(WithHost({{"PortBindings", {{"80/tcp", {{{"HostIp", ""}, {"HostPort", "8000-8010"}}}}}}})));
    EXPECT_EQ(CreateError(WithHost({{"ExtraHosts", {"db"}}})), "bad format for add-host: \"db\"");
    EXPECT_EQ(CreateError(WithHost({{"ExtraHosts", {"db:1.2.3"}}})), "invalid IP address in add-host: \"1.2.3\"");
    EXPECT_NO_THROW(Parse(WithHost({{"ExtraHosts", {"db:10.0.0.2", "gw:host-gateway", "v6:::1"}}})));
    EXPECT_EQ(CreateError(WithHost({{"NetworkMode", "container:"}})),
              "Invalid network mode: invalid container format container:<name|id>");
    EXPECT_EQ(CreateError(json{{"Hostname", "h"}, {"HostConfig", {{"NetworkMode", "container:db"}}}}),
              "conflicting options: hostname and the network mode");
    EXPECT_EQ(CreateError(WithHost({{"Isolation", "hyperv"}})),
              "invalid isolation (hyperv): linux only supports 'default'");
    EXPECT_EQ(CreateError(WithHost({{"CgroupnsMode", "shared"}})), "invalid cgroup namespace mode: shared");
    EXPECT_EQ(CreateError(WithHost({{"Tmpfs", {{"run", ""}}}})),
              "invalid mount path: 'run' mount path must be absolute");
}

TEST(ContainerCreate, SecurityOpt) {
    const auto opts = [](Strings values) { return WithHost({{"SecurityOpt", std::move(values)}}); };
    const SecurityOptions security =
        Parse(opts({"no-new-privileges", "seccomp=unconfined", "apparmor=unconfined", "label=disable"})).security;
    EXPECT_TRUE(security.no_new_privileges);
    EXPECT_EQ(security.seccomp_profile, "unconfined");
    EXPECT_EQ(security.apparmor_profile, "unconfined");
    EXPECT_EQ(security.label_opts, (Strings{"disable"}));
    EXPECT_FALSE(Parse(opts({"no-new-privileges:false"})).security.no_new_privileges);
    EXPECT_EQ(CreateError(opts({"nonsense"})), "invalid --security-opt 1: \"nonsense\"");
    EXPECT_EQ(CreateError(opts({"foo=bar"})), "invalid --security-opt 2: \"foo=bar\"");
    EXPECT_EQ(CreateError(opts({"no-new-privileges=maybe"})), "invalid --security-opt 2: \"no-new-privileges=maybe\"");
}

TEST(ContainerCreate, FieldNamesMatchCaseInsensitivelyLikeGo) {
    const ContainerCreateRequest request =
        Parse(json::parse(R"({"image": "busybox", "hostconfig": {"memory": 67108864, "Binds": ["v:/v"]}})"));
    EXPECT_EQ(request.config.image, "busybox");
    EXPECT_EQ(request.host_config.resources.memory, 67108864);
    EXPECT_EQ(CreateError(json::parse(R"({"image": "busybox", "hostconfig": {"MEMORY": "1g"}})")),
              "invalid JSON: json: cannot unmarshal string into Go struct field HostConfig.HostConfig.Memory of "
              "type int64");
}

TEST(ContainerCreate, NetworkingConfig) {
    const auto networks = [](json endpoints) {
        return json{{"Image", "busybox"}, {"NetworkingConfig", {{"EndpointsConfig", std::move(endpoints)}}}};
    };
    EXPECT_EQ(CreateError(networks({{"b", json::object()}, {"a", json::object()}})),
              "Container cannot be connected to network endpoints: a, b");
    EXPECT_EQ(CreateError(networks({{"n", nullptr}})), "no EndpointSettings for n");
    EXPECT_EQ(CreateError(networks({{"n", {{"IPAMConfig", {{"IPv4Address", "10.0.0.300"}}}}}})),
              "invalid IPv4 address: 10.0.0.300");
    EXPECT_EQ(CreateError(networks({{"n", {{"IPAMConfig", {{"IPv6Address", "10.0.0.3"}}}}}})),
              "invalid IPv6 address: 10.0.0.3");
    const ContainerCreateRequest request = Parse(networks(
        {{"n", {{"IPAMConfig", {{"IPv4Address", "10.0.0.3"}, {"IPv6Address", "fd00::3"}}}, {"Aliases", {"db"}}}}}));
    EXPECT_EQ(request.networking_config.endpoints_config.at("n")->ipam_config->ipv4_address, "10.0.0.3");
}

TEST(ContainerCreate, PortKeys) {
    EXPECT_EQ(ParsePortKey("80/tcp")->port, 80);
    EXPECT_EQ(ParsePortKey("53/udp")->proto, "udp");
    EXPECT_EQ(ParsePortKey("8080")->proto, "tcp");
    EXPECT_FALSE(ParsePortKey("http/tcp").has_value());
    EXPECT_FALSE(ParsePortKey("70000/tcp").has_value());
}

TEST(ContainerName, Validation) {
    EXPECT_EQ(ValidateContainerName("web-1"), "/web-1");
    EXPECT_EQ(ValidateContainerName("/p_web_1"), "/p_web_1");
    EXPECT_EQ(ValidateContainerName("a.b"), "/a.b");
    for (const char* name : {"x", "-web", "we b", "a/b", ""}) {
        try {
            ValidateContainerName(name);
            ADD_FAILURE() << name;
        } catch (const Error& error) {
            EXPECT_EQ(error.code(), Errc::kInvalidArgument);
            EXPECT_EQ(error.what(),
                      "Invalid container name (" + std::string(name) + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
    }
}

}  // namespace
}  // namespace engine::api
