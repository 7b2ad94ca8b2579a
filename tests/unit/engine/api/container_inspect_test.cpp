#include <gtest/gtest.h>

#include "engine/api/container_create.hpp"
#include "engine/api/container_inspect_json.hpp"
#include "engine/api/container_time.hpp"

namespace engine::api {
namespace {

using nlohmann::json;

constexpr UnixNanos kSecond = 1'000'000'000;
// 2024-05-01T10:20:30.5Z
constexpr UnixNanos kCreated = 1714558830 * kSecond + 500'000'000;

ContainerView CreatedView() {
    const ContainerCreateRequest request =
        ParseContainerCreate(json{{"Image", "busybox"}, {"Cmd", {"true"}}}, ApiVersion(1, 41), CreateHostFacts{});
    ContainerView view;
    view.id = std::string(64, 'c');
    view.created = kCreated;
    view.path = "true";
    view.image_id = "sha256:" + std::string(64, 'b');
    view.image = "busybox";
    view.name = "/x";
    view.config = request.config;
    view.host_config = request.host_config;
    return view;
}

TEST(ContainerInspect, CreatedContainerExactly) {
    const json expected = json::parse(R"({
      "Id": "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
      "Created": "2024-05-01T10:20:30.5Z", "Path": "true", "Args": [],
      "State": {"Status": "created", "Running": false, "Paused": false, "Restarting": false,
                "OOMKilled": false, "Dead": false, "Pid": 0, "ExitCode": 0, "Error": "",
                "StartedAt": "0001-01-01T00:00:00Z", "FinishedAt": "0001-01-01T00:00:00Z"},
      "Image": "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
      "ResolvConfPath": "", "HostnamePath": "", "HostsPath": "", "LogPath": "", "Name": "/x",
      "RestartCount": 0, "Driver": "overlay2", "Platform": "linux", "MountLabel": "",
      "ProcessLabel": "", "AppArmorProfile": "", "ExecIDs": null,
      "HostConfig": {
        "Binds": null, "ContainerIDFile": "", "LogConfig": {"Type": "", "Config": null},
        "NetworkMode": "default", "PortBindings": null,
        "RestartPolicy": {"Name": "", "MaximumRetryCount": 0}, "AutoRemove": false,
        "VolumeDriver": "", "VolumesFrom": null, "CapAdd": null, "CapDrop": null,
        "CgroupnsMode": "", "Dns": null, "DnsOptions": null, "DnsSearch": null, "ExtraHosts": null,
        "GroupAdd": null, "IpcMode": "", "Cgroup": "", "Links": null, "OomScoreAdj": 0,
        "PidMode": "", "Privileged": false, "PublishAllPorts": false, "ReadonlyRootfs": false,
        "SecurityOpt": null, "UTSMode": "", "UsernsMode": "", "ShmSize": 0, "ConsoleSize": [0, 0],
        "Isolation": "", "CpuShares": 0, "Memory": 0, "NanoCpus": 0, "CgroupParent": "",
        "BlkioWeight": 0, "BlkioWeightDevice": null, "BlkioDeviceReadBps": null,
        "BlkioDeviceWriteBps": null, "BlkioDeviceReadIOps": null, "BlkioDeviceWriteIOps": null,
        "CpuPeriod": 0, "CpuQuota": 0, "CpuRealtimePeriod": 0, "CpuRealtimeRuntime": 0,
        "CpusetCpus": "", "CpusetMems": "", "Devices": null, "DeviceCgroupRules": null,
        "DeviceRequests": null, "KernelMemory": 0, "KernelMemoryTCP": 0, "MemoryReservation": 0,
        "MemorySwap": 0, "MemorySwappiness": null, "OomKillDisable": null, "PidsLimit": null,
        "Ulimits": null, "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0,
        "IOMaximumBandwidth": 0, "MaskedPaths": null, "ReadonlyPaths": null},
      "GraphDriver": {"Name": "overlay2", "Data": {}},
      "Mounts": [],
      "Config": {"Hostname": "", "Domainname": "", "User": "", "AttachStdin": false,
                 "AttachStdout": false, "AttachStderr": false, "Tty": false, "OpenStdin": false,
                 "StdinOnce": false, "Env": null, "Cmd": ["true"], "Image": "busybox",
                 "Volumes": null, "WorkingDir": "", "Entrypoint": null, "OnBuild": null,
                 "Labels": null},
      "NetworkSettings": {"Bridge": "", "SandboxID": "", "HairpinMode": false,
                          "LinkLocalIPv6Address": "", "LinkLocalIPv6PrefixLen": 0, "Ports": {},
                          "SandboxKey": "", "SecondaryIPAddresses": null,
                          "SecondaryIPv6Addresses": null, "EndpointID": "", "Gateway": "",
                          "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0, "IPAddress": "",
                          "IPPrefixLen": 0, "IPv6Gateway": "", "MacAddress": "", "Networks": {}}
    })");
    EXPECT_EQ(ContainerInspectJson(CreatedView()), expected);
}

// What `docker inspect --format '{{.State.ExitCode}}'` and compose 1.29 read from a running
// container with a healthcheck, a restart policy, labels and a network.
TEST(ContainerInspect, FieldsTheClientsRead) {
    ContainerView view = CreatedView();
    view.config.labels = std::map<std::string, std::string>{{"com.docker.compose.project", "p"}};
    view.host_config.restart_policy = {"on-failure", 3};
    view.state.running = true;
    view.state.pid = 4242;
    view.state.started_at = kCreated + kSecond;
    view.state.health = HealthState{"healthy", 0, {{kCreated + 2 * kSecond, kCreated + 3 * kSecond, 0, "ok\n"}}};
    EndpointSettings endpoint;
    endpoint.aliases = std::vector<std::string>{"web", "cccccccccccc"};
    endpoint.network_id = std::string(64, 'n');
    endpoint.ip_address = "10.88.0.2";
    endpoint.ip_prefix_len = 16;
    view.network_settings.networks["p_default"] = endpoint;
    view.exec_ids = {"e1"};
    view.mounts = {{"volume", "vol", "/var/lib/berth/volumes/vol/_data", "/data", "local", "z", true, ""}};

    const json inspect = ContainerInspectJson(view);
    EXPECT_EQ(inspect["State"]["ExitCode"], 0);
    EXPECT_EQ(inspect["State"]["Status"], "running");
    EXPECT_EQ(inspect["State"]["StartedAt"], "2024-05-01T10:20:31.5Z");
    EXPECT_EQ(inspect["State"]["Health"], json::parse(R"({"Status": "healthy", "FailingStreak": 0, "Log": [
        {"Start": "2024-05-01T10:20:32.5Z", "End": "2024-05-01T10:20:33.5Z", "ExitCode": 0, "Output": "ok\n"}]})"));
    EXPECT_EQ(inspect["Config"]["Labels"], json::parse(R"({"com.docker.compose.project": "p"})"));
    EXPECT_EQ(inspect["HostConfig"]["RestartPolicy"], json::parse(R"({"Name": "on-failure", "MaximumRetryCount": 3})"));
    EXPECT_EQ(inspect["NetworkSettings"]["Networks"]["p_default"], json::parse(R"({
        "IPAMConfig": null, "Links": null, "Aliases": ["web", "cccccccccccc"],
        "NetworkID": "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn", "EndpointID": "",
        "Gateway": "", "IPAddress": "10.88.0.2", "IPPrefixLen": 16, "IPv6Gateway": "",
        "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0, "MacAddress": "", "DriverOpts": null})"));
    EXPECT_EQ(inspect["ExecIDs"], json::parse(R"(["e1"])"));
    EXPECT_EQ(inspect["Mounts"], json::parse(R"([{"Type": "volume", "Name": "vol",
        "Source": "/var/lib/berth/volumes/vol/_data", "Destination": "/data", "Driver": "local",
        "Mode": "z", "RW": true, "Propagation": ""}])"));
}

TEST(ContainerInspect, StartingHealthHasNullLogAndSizesWhenAsked) {
    ContainerView view = CreatedView();
    view.state.health = HealthState{"starting", 0, {}};
    view.size_rw = 12;
    view.size_root_fs = 4096;
    const json inspect = ContainerInspectJson(view);
    EXPECT_EQ(inspect["State"]["Health"], json::parse(R"({"Status": "starting", "FailingStreak": 0, "Log": null})"));
    EXPECT_EQ(inspect["SizeRw"], 12);
    EXPECT_EQ(inspect["SizeRootFs"], 4096);
}

TEST(ContainerState, WordsAndStatus) {
    const UnixNanos now = kCreated + 3600 * kSecond;
    ContainerState state;
    EXPECT_EQ(StateString(state), "created");
    EXPECT_EQ(StatusString(state, now), "Created");
    state.started_at = now - 5 * kSecond;
    state.running = true;
    EXPECT_EQ(StateString(state), "running");
    EXPECT_EQ(StatusString(state, now), "Up 5 seconds");
    state.health = HealthState{"starting", 0, {}};
    EXPECT_EQ(StatusString(state, now), "Up 5 seconds (health: starting)");
    state.health->status = "healthy";
    state.started_at = now - 120 * kSecond;
    EXPECT_EQ(StatusString(state, now), "Up 2 minutes (healthy)");
    state.health.reset();
    state.paused = true;
    state.started_at = now - 3 * 3600 * kSecond;
    EXPECT_EQ(StateString(state), "paused");
    EXPECT_EQ(StatusString(state, now), "Up 3 hours (Paused)");
    state.paused = false;
    state.restarting = true;
    state.exit_code = 1;
    state.finished_at = now - 2 * kSecond;
    EXPECT_EQ(StateString(state), "restarting");
    EXPECT_EQ(StatusString(state, now), "Restarting (1) 2 seconds ago");
    state.restarting = false;
    state.running = false;
    state.exit_code = 0;
    state.finished_at = now - 180 * kSecond;
    EXPECT_EQ(StateString(state), "exited");
    EXPECT_EQ(StatusString(state, now), "Exited (0) 3 minutes ago");
    state.removal_in_progress = true;
    EXPECT_EQ(StateString(state), "removing");
    EXPECT_EQ(StatusString(state, now), "Removal In Progress");
    state.removal_in_progress = false;
    state.dead = true;
    EXPECT_EQ(StateString(state), "dead");
    EXPECT_EQ(StatusString(state, now), "Dead");
}

TEST(ContainerTime, HumanDurationLikeGoUnits) {
    EXPECT_EQ(HumanDuration(999'999'999), "Less than a second");
    EXPECT_EQ(HumanDuration(-5 * kSecond), "Less than a second");
    EXPECT_EQ(HumanDuration(kSecond), "1 second");
    EXPECT_EQ(HumanDuration(59 * kSecond), "59 seconds");
    EXPECT_EQ(HumanDuration(60 * kSecond), "About a minute");
    EXPECT_EQ(HumanDuration(119 * kSecond), "About a minute");
    EXPECT_EQ(HumanDuration(59 * 60 * kSecond), "59 minutes");
    EXPECT_EQ(HumanDuration(60 * 60 * kSecond), "About an hour");
    EXPECT_EQ(HumanDuration(90 * 60 * kSecond), "2 hours");  // hours round to nearest
    EXPECT_EQ(HumanDuration(47 * 3600 * kSecond), "47 hours");
    EXPECT_EQ(HumanDuration(48 * 3600 * kSecond), "2 days");
    EXPECT_EQ(HumanDuration(14 * 24 * 3600 * kSecond), "2 weeks");
    EXPECT_EQ(HumanDuration(60 * 24 * 3600 * kSecond), "2 months");
    EXPECT_EQ(HumanDuration(800 * 24 * 3600 * kSecond), "2 years");
}

TEST(ContainerTime, GoTimeFormat) {
    EXPECT_EQ(FormatGoTime(0), "0001-01-01T00:00:00Z");
    EXPECT_EQ(FormatGoTime(kCreated), "2024-05-01T10:20:30.5Z");
    EXPECT_EQ(FormatGoTime(1714558830 * kSecond), "2024-05-01T10:20:30Z");
    EXPECT_EQ(FormatGoTime(1714558830 * kSecond + 123'456'789), "2024-05-01T10:20:30.123456789Z");
    EXPECT_EQ(FormatGoTime(-1), "1969-12-31T23:59:59.999999999Z");
}

TEST(ContainerSummary, ListEntry) {
    ContainerView view = CreatedView();
    view.path = "sh";
    view.args = {"-c", "echo hi"};
    view.config.labels = std::map<std::string, std::string>{{"a", "b"}};
    view.state.running = true;
    view.state.started_at = kCreated;
    view.network_settings.ports = std::map<std::string, PortBindingList>{
        {"80/tcp", std::vector<PortBinding>{{"0.0.0.0", "8080"}}},
        {"53/udp", std::nullopt},
    };
    view.network_settings.networks["bridge"] = EndpointSettings{};
    view.size_rw = 0;
    view.size_root_fs = 1000;
    const json expected = json::parse(R"({
      "Id": "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", "Names": ["/x"],
      "Image": "busybox", "ImageID": "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
      "Command": "sh -c 'echo hi'", "Created": 1714558830,
      "Ports": [{"PrivatePort": 53, "Type": "udp"},
                {"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"}],
      "Labels": {"a": "b"}, "State": "running", "Status": "Up About a minute",
      "HostConfig": {"NetworkMode": "default"},
      "NetworkSettings": {"Networks": {"bridge": {
        "IPAMConfig": null, "Links": null, "Aliases": null, "NetworkID": "", "EndpointID": "",
        "Gateway": "", "IPAddress": "", "IPPrefixLen": 0, "IPv6Gateway": "", "GlobalIPv6Address": "",
        "GlobalIPv6PrefixLen": 0, "MacAddress": "", "DriverOpts": null}}},
      "Mounts": [], "SizeRootFs": 1000
    })");
    EXPECT_EQ(ContainerSummaryJson(view, true, kCreated + 61 * kSecond), expected);
    EXPECT_FALSE(ContainerSummaryJson(view, false, kCreated).contains("SizeRootFs"));
}

}  // namespace
}  // namespace engine::api
