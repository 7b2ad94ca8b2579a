#include <algorithm>
#include <iterator>
#include <limits>

#include "engine/api/container_create.hpp"
#include "engine/api/container_json_decode.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

using Json = nlohmann::json;

// The keys of container.Config: any of them present (even null) makes Go allocate the
// embedded *Config, which is how moby tells "no config" from an empty one.
constexpr std::string_view kConfigKeys[] = {
    "Hostname",     "Domainname",   "User",        "AttachStdin",     "AttachStdout",
    "AttachStderr", "ExposedPorts", "Tty",         "OpenStdin",       "StdinOnce",
    "Env",          "Cmd",          "Healthcheck", "ArgsEscaped",     "Image",
    "Volumes",      "WorkingDir",   "Entrypoint",  "NetworkDisabled", "MacAddress",
    "OnBuild",      "Labels",       "StopSignal",  "StopTimeout",     "Shell",
};

HealthConfig DecodeHealth(const GoStructReader& in) {
    HealthConfig health;
    in.Read("Test", health.test);
    in.ReadInt("Interval", health.interval, "time.Duration");
    in.ReadInt("Timeout", health.timeout, "time.Duration");
    in.ReadInt("StartPeriod", health.start_period, "time.Duration");
    in.ReadInt("StartInterval", health.start_interval, "time.Duration");
    in.ReadInt("Retries", health.retries, "int");
    return health;
}

ContainerConfig DecodeConfig(const GoStructReader& in) {
    ContainerConfig config;
    in.Read("Hostname", config.hostname);
    in.Read("Domainname", config.domainname);
    in.Read("User", config.user);
    in.Read("AttachStdin", config.attach_stdin);
    in.Read("AttachStdout", config.attach_stdout);
    in.Read("AttachStderr", config.attach_stderr);
    in.Read("ExposedPorts", config.exposed_ports, "nat.PortSet");
    in.Read("Tty", config.tty);
    in.Read("OpenStdin", config.open_stdin);
    in.Read("StdinOnce", config.stdin_once);
    in.Read("Env", config.env);
    in.ReadStrSlice("Cmd", config.cmd);
    if (auto health = in.Struct("Healthcheck", "HealthConfig", "container.HealthConfig")) {
        config.healthcheck = DecodeHealth(*health);
    }
    in.Read("ArgsEscaped", config.args_escaped);
    in.Read("Image", config.image);
    in.Read("Volumes", config.volumes, "map[string]struct {}");
    in.Read("WorkingDir", config.working_dir);
    in.ReadStrSlice("Entrypoint", config.entrypoint);
    in.Read("NetworkDisabled", config.network_disabled);
    in.Read("MacAddress", config.mac_address);
    in.Read("OnBuild", config.on_build);
    in.Read("Labels", config.labels);
    in.Read("StopSignal", config.stop_signal);
    if (in.Has("StopTimeout")) {
        std::int64_t timeout = 0;
        in.ReadInt("StopTimeout", timeout, "int");
        config.stop_timeout = timeout;
    }
    in.ReadStrSlice("Shell", config.shell);
    return config;
}

PortMap DecodePortBindings(const GoStructReader& in) {
    const Json& value = in.Raw("PortBindings");
    if (value.is_null()) {
        return std::nullopt;
    }
    if (!value.is_object()) {
        in.Fail("PortBindings", value, "nat.PortMap");
    }
    std::map<std::string, PortBindingList> ports;
    for (const auto& [port, bindings] : value.items()) {
        if (bindings.is_null()) {
            ports[port] = std::nullopt;
            continue;
        }
        if (!bindings.is_array()) {
            in.Fail("PortBindings", bindings, "[]nat.PortBinding");
        }
        std::vector<PortBinding> list;
        for (const Json& item : bindings) {
            if (!item.is_object() && !item.is_null()) {
                in.Fail("PortBindings", item, "nat.PortBinding");
            }
            const GoStructReader binding(item, "PortBinding", "HostConfig.PortBindings");
            PortBinding& out = list.emplace_back();
            binding.Read("HostIp", out.host_ip);
            binding.Read("HostPort", out.host_port);
        }
        ports[port] = std::move(list);
    }
    return ports;
}

Mount DecodeMount(const GoStructReader& in) {
    Mount mount;
    in.Read("Type", mount.type, "mount.Type");
    in.Read("Source", mount.source);
    in.Read("Target", mount.target);
    in.Read("ReadOnly", mount.read_only);
    in.Read("Consistency", mount.consistency, "mount.Consistency");
    if (auto bind = in.Struct("BindOptions", "BindOptions", "mount.BindOptions")) {
        BindOptions& options = mount.bind_options.emplace();
        bind->Read("Propagation", options.propagation, "mount.Propagation");
        bind->Read("NonRecursive", options.non_recursive);
    }
    if (auto volume = in.Struct("VolumeOptions", "VolumeOptions", "mount.VolumeOptions")) {
        VolumeOptions& options = mount.volume_options.emplace();
        volume->Read("NoCopy", options.no_copy);
        volume->Read("Labels", options.labels);
        if (auto driver = volume->Struct("DriverConfig", "Driver", "mount.Driver")) {
            MountDriver& config = options.driver_config.emplace();
            driver->Read("Name", config.name);
            driver->Read("Options", config.options);
        }
    }
    if (auto tmpfs = in.Struct("TmpfsOptions", "TmpfsOptions", "mount.TmpfsOptions")) {
        TmpfsOptions& options = mount.tmpfs_options.emplace();
        tmpfs->ReadInt("SizeBytes", options.size_bytes);
        std::uint64_t mode = 0;
        tmpfs->ReadUint("Mode", mode, "fs.FileMode", std::numeric_limits<std::uint32_t>::max());
        options.mode = static_cast<std::uint32_t>(mode);
    }
    return mount;
}

template <class T, class Decode>
std::optional<std::vector<T>> DecodeList(
    const GoStructReader& in, std::string_view key, std::string name, std::string_view go_type, Decode decode) {
    auto items = in.StructList(key, std::move(name), go_type);
    if (!items) {
        return std::nullopt;
    }
    std::vector<T> out;
    for (const GoStructReader& item : *items) {
        out.push_back(decode(item));
    }
    return out;
}

ThrottleDevice DecodeThrottle(const GoStructReader& in) {
    ThrottleDevice device;
    in.Read("Path", device.path);
    in.ReadUint("Rate", device.rate, "uint64", std::numeric_limits<std::uint64_t>::max());
    return device;
}

void DecodeDevices(const GoStructReader& in, Resources& out) {
    out.blkio_weight_device =
        DecodeList<WeightDevice>(in, "BlkioWeightDevice", "WeightDevice", "blkiodev.WeightDevice", [](auto& item) {
            WeightDevice device;
            std::uint64_t weight = 0;
            item.Read("Path", device.path);
            item.ReadUint("Weight", weight, "uint16", std::numeric_limits<std::uint16_t>::max());
            device.weight = static_cast<std::uint16_t>(weight);
            return device;
        });
    const auto throttle = [&in](std::string_view key) {
        return DecodeList<ThrottleDevice>(in, key, "ThrottleDevice", "blkiodev.ThrottleDevice", DecodeThrottle);
    };
    out.blkio_device_read_bps = throttle("BlkioDeviceReadBps");
    out.blkio_device_write_bps = throttle("BlkioDeviceWriteBps");
    out.blkio_device_read_iops = throttle("BlkioDeviceReadIOps");
    out.blkio_device_write_iops = throttle("BlkioDeviceWriteIOps");
    out.devices = DecodeList<DeviceMapping>(in, "Devices", "DeviceMapping", "container.DeviceMapping", [](auto& item) {
        DeviceMapping device;
        item.Read("PathOnHost", device.path_on_host);
        item.Read("PathInContainer", device.path_in_container);
        item.Read("CgroupPermissions", device.cgroup_permissions);
        return device;
    });
    out.device_requests =
        DecodeList<DeviceRequest>(in, "DeviceRequests", "DeviceRequest", "container.DeviceRequest", [](auto& item) {
            DeviceRequest request;
            item.Read("Driver", request.driver);
            item.ReadInt("Count", request.count, "int");
            item.Read("DeviceIDs", request.device_ids);
            const Json& capabilities = item.Raw("Capabilities");
            if (!capabilities.is_null()) {
                try {
                    request.capabilities = capabilities.get<std::vector<std::vector<std::string>>>();
                } catch (const nlohmann::json::exception&) {
                    item.Fail("Capabilities", capabilities, "[][]string");
                }
            }
            item.Read("Options", request.options);
            return request;
        });
    out.ulimits = DecodeList<Ulimit>(in, "Ulimits", "Ulimit", "units.Ulimit", [](auto& item) {
        Ulimit limit;
        item.Read("Name", limit.name);
        item.ReadInt("Hard", limit.hard);
        item.ReadInt("Soft", limit.soft);
        return limit;
    });
}

Resources DecodeResources(const GoStructReader& in) {
    Resources out;
    in.ReadInt("CpuShares", out.cpu_shares);
    in.ReadInt("Memory", out.memory);
    in.ReadInt("NanoCpus", out.nano_cpus);
    in.Read("CgroupParent", out.cgroup_parent);
    std::uint64_t weight = 0;
    in.ReadUint("BlkioWeight", weight, "uint16", std::numeric_limits<std::uint16_t>::max());
    out.blkio_weight = static_cast<std::uint16_t>(weight);
    in.ReadInt("CpuPeriod", out.cpu_period);
    in.ReadInt("CpuQuota", out.cpu_quota);
    in.ReadInt("CpuRealtimePeriod", out.cpu_realtime_period);
    in.ReadInt("CpuRealtimeRuntime", out.cpu_realtime_runtime);
    in.Read("CpusetCpus", out.cpuset_cpus);
    in.Read("CpusetMems", out.cpuset_mems);
    in.Read("DeviceCgroupRules", out.device_cgroup_rules);
    in.ReadInt("KernelMemory", out.kernel_memory);
    in.ReadInt("KernelMemoryTCP", out.kernel_memory_tcp);
    in.ReadInt("MemoryReservation", out.memory_reservation);
    in.ReadInt("MemorySwap", out.memory_swap);
    in.Read("MemorySwappiness", out.memory_swappiness);
    in.Read("OomKillDisable", out.oom_kill_disable);
    in.Read("PidsLimit", out.pids_limit);
    in.ReadInt("CpuCount", out.cpu_count);
    in.ReadInt("CpuPercent", out.cpu_percent);
    const auto max = std::numeric_limits<std::uint64_t>::max();
    in.ReadUint("IOMaximumIOps", out.io_maximum_iops, "uint64", max);
    in.ReadUint("IOMaximumBandwidth", out.io_maximum_bandwidth, "uint64", max);
    DecodeDevices(in, out);
    return out;
}

void DecodeNamespaces(const GoStructReader& in, HostConfig& out) {
    in.Read("NetworkMode", out.network_mode, "container.NetworkMode");
    in.Read("CgroupnsMode", out.cgroupns_mode, "container.CgroupnsMode");
    in.Read("IpcMode", out.ipc_mode, "container.IpcMode");
    in.Read("Cgroup", out.cgroup, "container.CgroupSpec");
    in.Read("PidMode", out.pid_mode, "container.PidMode");
    in.Read("UTSMode", out.uts_mode, "container.UTSMode");
    in.Read("UsernsMode", out.userns_mode, "container.UsernsMode");
    in.Read("Isolation", out.isolation, "container.Isolation");
}

HostConfig DecodeHostConfig(const GoStructReader& in) {
    HostConfig out;
    in.Read("Binds", out.binds);
    in.Read("ContainerIDFile", out.container_id_file);
    if (auto log = in.Struct("LogConfig", "LogConfig", "container.LogConfig")) {
        log->Read("Type", out.log_config.type);
        log->Read("Config", out.log_config.config);
    }
    out.port_bindings = DecodePortBindings(in);
    if (auto restart = in.Struct("RestartPolicy", "RestartPolicy", "container.RestartPolicy")) {
        restart->Read("Name", out.restart_policy.name, "container.RestartPolicyMode");
        restart->ReadInt("MaximumRetryCount", out.restart_policy.maximum_retry_count, "int");
    }
    in.Read("AutoRemove", out.auto_remove);
    in.Read("VolumeDriver", out.volume_driver);
    in.Read("VolumesFrom", out.volumes_from);
    in.ReadStrSlice("CapAdd", out.cap_add);
    in.ReadStrSlice("CapDrop", out.cap_drop);
    in.Read("Dns", out.dns);
    in.Read("DnsOptions", out.dns_options);
    in.Read("DnsSearch", out.dns_search);
    in.Read("ExtraHosts", out.extra_hosts);
    in.Read("GroupAdd", out.group_add);
    in.Read("Links", out.links);
    in.ReadInt("OomScoreAdj", out.oom_score_adj, "int");
    in.Read("Privileged", out.privileged);
    in.Read("PublishAllPorts", out.publish_all_ports);
    in.Read("ReadonlyRootfs", out.readonly_rootfs);
    in.Read("SecurityOpt", out.security_opt);
    in.Read("StorageOpt", out.storage_opt);
    in.Read("Tmpfs", out.tmpfs);
    in.ReadInt("ShmSize", out.shm_size);
    in.Read("Sysctls", out.sysctls);
    in.Read("Runtime", out.runtime);
    DecodeNamespaces(in, out);
    if (const auto console = in.ReadUintPair("ConsoleSize")) {
        out.console_size = *console;
    }
    out.resources = DecodeResources(in);
    out.mounts = DecodeList<Mount>(in, "Mounts", "Mount", "mount.Mount", DecodeMount);
    in.Read("MaskedPaths", out.masked_paths);
    in.Read("ReadonlyPaths", out.readonly_paths);
    in.Read("Init", out.init);
    return out;
}

}  // namespace

EndpointSettings DecodeEndpointSettings(const GoStructReader& in) {
    EndpointSettings out;
    if (auto ipam = in.Struct("IPAMConfig", "EndpointIPAMConfig", "network.EndpointIPAMConfig")) {
        EndpointIpamConfig& config = out.ipam_config.emplace();
        ipam->Read("IPv4Address", config.ipv4_address);
        ipam->Read("IPv6Address", config.ipv6_address);
        ipam->Read("LinkLocalIPs", config.link_local_ips);
    }
    in.Read("Links", out.links);
    in.Read("Aliases", out.aliases);
    in.Read("NetworkID", out.network_id);
    in.Read("EndpointID", out.endpoint_id);
    in.Read("Gateway", out.gateway);
    in.Read("IPAddress", out.ip_address);
    in.ReadInt("IPPrefixLen", out.ip_prefix_len, "int");
    in.Read("IPv6Gateway", out.ipv6_gateway);
    in.Read("GlobalIPv6Address", out.global_ipv6_address);
    in.ReadInt("GlobalIPv6PrefixLen", out.global_ipv6_prefix_len, "int");
    in.Read("MacAddress", out.mac_address);
    in.Read("DriverOpts", out.driver_opts);
    return out;
}

ContainerCreateRequest DecodeContainerCreate(const Json& body) {
    if (!body.is_object()) {
        FailTopLevel(body, "runconfig.ContainerConfigWrapper");
    }
    const GoStructReader root(body, "ContainerConfigWrapper", "");
    const bool has_config = std::any_of(
        std::begin(kConfigKeys), std::end(kConfigKeys), [&root](std::string_view key) { return root.Present(key); });
    if (!has_config) {
        throw Error(Errc::kInvalidArgument, "config cannot be empty in order to create a container");
    }
    ContainerCreateRequest request;
    request.config = DecodeConfig(root);
    if (auto host = root.Struct("HostConfig", "HostConfig", "container.HostConfig")) {
        request.host_config = DecodeHostConfig(*host);
    }
    if (auto networking = root.Struct("NetworkingConfig", "NetworkingConfig", "network.NetworkingConfig")) {
        if (auto endpoints = networking->StructMap("EndpointsConfig", "EndpointSettings", "network.EndpointSettings")) {
            for (const auto& [name, endpoint] : *endpoints) {
                request.networking_config.endpoints_config[name] =
                    endpoint ? std::optional(DecodeEndpointSettings(*endpoint)) : std::nullopt;
            }
        }
    }
    return request;
}

}  // namespace engine::api
