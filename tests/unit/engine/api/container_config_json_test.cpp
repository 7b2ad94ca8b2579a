#include "engine/api/container_config_json.hpp"

#include <gtest/gtest.h>

#include "engine/api/container_create.hpp"

namespace engine::api {
namespace {

using nlohmann::json;

// Every field set (not a valid combination: decoding only): decoding and rendering must give the
// same document back.
const json kFullConfig = json::parse(R"({
  "Hostname": "h", "Domainname": "d", "User": "u:g", "AttachStdin": true, "AttachStdout": true,
  "AttachStderr": true, "ExposedPorts": {"80/tcp": {}, "53/udp": {}}, "Tty": true,
  "OpenStdin": true, "StdinOnce": true, "Env": ["A=1", "B="], "Cmd": ["sh", "-c", "x"],
  "Healthcheck": {"Test": ["CMD", "true"], "Interval": 1000000000, "Timeout": 2000000000,
                  "StartPeriod": 3000000000, "StartInterval": 4000000000, "Retries": 5},
  "ArgsEscaped": true, "Image": "busybox", "Volumes": {"/v": {}}, "WorkingDir": "/w",
  "Entrypoint": ["/init"], "NetworkDisabled": true, "MacAddress": "02:42:ac:11:00:02",
  "OnBuild": ["RUN x"], "Labels": {"a": "b"}, "StopSignal": "SIGINT", "StopTimeout": 7,
  "Shell": ["/bin/sh", "-c"]
})");

const json kFullHostConfig = json::parse(R"({
  "Binds": ["v:/v:ro"], "ContainerIDFile": "/cid", "LogConfig": {"Type": "json-file",
  "Config": {"max-size": "1m"}}, "NetworkMode": "bridge",
  "PortBindings": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}], "53/udp": null},
  "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 2}, "AutoRemove": false,
  "VolumeDriver": "local", "VolumesFrom": ["other:ro"], "CapAdd": ["NET_ADMIN"],
  "CapDrop": ["MKNOD"], "CgroupnsMode": "private", "Dns": ["1.1.1.1"], "DnsOptions": ["ndots:1"],
  "DnsSearch": ["example.com"], "ExtraHosts": ["db:10.0.0.2"], "GroupAdd": ["audio"],
  "IpcMode": "private", "Cgroup": "", "Links": ["db:db"], "OomScoreAdj": 100, "PidMode": "host",
  "Privileged": true, "PublishAllPorts": true, "ReadonlyRootfs": true,
  "SecurityOpt": ["no-new-privileges"], "StorageOpt": {"size": "1G"}, "Tmpfs": {"/run": "size=1m"},
  "UTSMode": "host", "UsernsMode": "host", "ShmSize": 67108864, "Sysctls": {"net.ipv4.ip_forward": "1"},
  "Runtime": "runc", "ConsoleSize": [0, 0], "Isolation": "default", "CpuShares": 512,
  "Memory": 67108864, "NanoCpus": 500000000, "CgroupParent": "/berth", "BlkioWeight": 300,
  "BlkioWeightDevice": [{"Path": "/dev/sda", "Weight": 200}],
  "BlkioDeviceReadBps": [{"Path": "/dev/sda", "Rate": 1024}], "BlkioDeviceWriteBps": [],
  "BlkioDeviceReadIOps": null, "BlkioDeviceWriteIOps": [{"Path": "/dev/sda", "Rate": 10}],
  "CpuPeriod": 0, "CpuQuota": 0, "CpuRealtimePeriod": 0, "CpuRealtimeRuntime": 0,
  "CpusetCpus": "0-1", "CpusetMems": "0",
  "Devices": [{"PathOnHost": "/dev/fuse", "PathInContainer": "/dev/fuse", "CgroupPermissions": "rwm"}],
  "DeviceCgroupRules": ["c 1:3 mr"], "DeviceRequests": [{"Driver": "nvidia", "Count": -1,
  "DeviceIDs": null, "Capabilities": [["gpu"]], "Options": {}}], "KernelMemory": 0,
  "KernelMemoryTCP": 0, "MemoryReservation": 33554432, "MemorySwap": 134217728,
  "MemorySwappiness": 10, "OomKillDisable": false, "PidsLimit": 100,
  "Ulimits": [{"Name": "nofile", "Hard": 1024, "Soft": 1024}], "CpuCount": 0, "CpuPercent": 0,
  "IOMaximumIOps": 0, "IOMaximumBandwidth": 0,
  "Mounts": [{"Type": "tmpfs", "Target": "/t", "TmpfsOptions": {"SizeBytes": 1048576, "Mode": 448}},
             {"Type": "volume", "Source": "m", "Target": "/m", "ReadOnly": true,
              "VolumeOptions": {"NoCopy": true, "Labels": {"x": "y"},
                                "DriverConfig": {"Name": "local", "Options": {"type": "tmpfs"}}}},
             {"Type": "bind", "Source": "/h", "Target": "/b", "BindOptions": {"Propagation": "rslave"}}],
  "MaskedPaths": ["/proc/kcore"], "ReadonlyPaths": [], "Init": true
})");

TEST(ContainerConfigJson, FullRoundTrip) {
    json body = kFullConfig;
    body["HostConfig"] = kFullHostConfig;
    const ContainerCreateRequest request = DecodeContainerCreate(body);
    EXPECT_EQ(ContainerConfigJson(request.config), kFullConfig);
    EXPECT_EQ(HostConfigJson(request.host_config), kFullHostConfig);
}

TEST(ContainerConfigJson, OmitEmptyFields) {
    const json config = ContainerConfigJson(ContainerConfig{});
    for (const char* key : {"ExposedPorts",
                            "Healthcheck",
                            "ArgsEscaped",
                            "NetworkDisabled",
                            "MacAddress",
                            "StopSignal",
                            "StopTimeout",
                            "Shell"}) {
        EXPECT_FALSE(config.contains(key)) << key;
    }
    EXPECT_EQ(config["Volumes"], nullptr);
    EXPECT_EQ(config["Labels"], nullptr);
    ContainerConfig with_empty;
    with_empty.exposed_ports = std::set<std::string>{};
    with_empty.labels = std::map<std::string, std::string>{};
    with_empty.healthcheck = HealthConfig{};
    with_empty.stop_timeout = 0;
    const json rendered = ContainerConfigJson(with_empty);
    EXPECT_FALSE(rendered.contains("ExposedPorts"));
    EXPECT_EQ(rendered["Labels"], json::object());
    EXPECT_EQ(rendered["Healthcheck"], json::object());
    EXPECT_EQ(rendered["StopTimeout"], 0);  // a non-nil pointer is not empty
}

TEST(ContainerConfigJson, MountAndPortMap) {
    EXPECT_EQ(MountJson(Mount{}), json::object());
    EXPECT_EQ(PortMapJson(std::nullopt), nullptr);
    EXPECT_EQ(PortMapJson(std::map<std::string, PortBindingList>{{"80/tcp", std::vector<PortBinding>{}}}),
              json::parse(R"({"80/tcp": []})"));
}

}  // namespace
}  // namespace engine::api
