#include "engine/daemon/container/container_spec_builder.hpp"

#include "engine/base/error.hpp"
#include "engine/runtime/spec/devices.hpp"

namespace engine::daemon {
namespace {

runtime::ResourcesSpec ResourcesOf(const api::Resources& in) {
    runtime::ResourcesSpec out;
    out.memory = in.memory;
    out.memory_swap = in.memory_swap;
    out.memory_reservation = in.memory_reservation;
    out.memory_swappiness = in.memory_swappiness;
    out.oom_kill_disable = in.oom_kill_disable;
    out.nano_cpus = in.nano_cpus;
    out.cpu_quota = in.cpu_quota;
    out.cpu_period = in.cpu_period;
    out.cpu_shares = in.cpu_shares;
    out.cpuset_cpus = in.cpuset_cpus;
    out.cpuset_mems = in.cpuset_mems;
    out.pids_limit = in.pids_limit;
    out.blkio_weight = in.blkio_weight;
    return out;
}

runtime::MountSpec MountOf(const MountRecord& mount, const StartResources& resources) {
    runtime::MountSpec out;
    out.destination = mount.destination;
    out.read_only = !mount.rw;
    out.propagation = mount.propagation;
    out.non_recursive = mount.non_recursive;
    if (mount.type == "tmpfs") {
        out.type = runtime::MountSpec::Type::kTmpfs;
        out.tmpfs_options = mount.tmpfs_options;
    } else if (mount.type == "volume") {
        out.source = resources.volume_paths.at(mount.destination);
    } else {
        out.source = mount.source;
        if (out.propagation.empty()) {
            out.propagation = "rprivate";
        }
    }
    return out;
}

std::string NamespaceMode(const std::string& mode, std::string_view field) {
    if (mode.starts_with("container:")) {
        throw Error(
            Errc::kInvalidArgument,
            std::string(field) + " " + mode + ": sharing this namespace with another container is not supported yet");
    }
    return mode;
}

}  // namespace

std::string ContainerHostname(const ContainerRecord& record) {
    return record.config.hostname.empty() ? record.id.substr(0, 12) : record.config.hostname;
}

runtime::ContainerSpec BuildContainerSpec(const ContainerRecord& record, const StartResources& resources) {
    const api::ContainerConfig& config = record.config;
    const api::HostConfig& host = record.host_config;
    runtime::ContainerSpec spec;
    spec.id = record.id;
    spec.hostname = ContainerHostname(record);
    spec.domainname = config.domainname;
    spec.args.push_back(record.path);
    spec.args.insert(spec.args.end(), record.args.begin(), record.args.end());
    spec.env = config.env.value_or(std::vector<std::string>{});
    spec.working_dir = config.working_dir;
    spec.uid = resources.uid;
    spec.gid = resources.gid;
    spec.additional_gids = resources.additional_gids;
    spec.terminal = config.tty;

    spec.rootfs = resources.rootfs;
    spec.read_only_rootfs = host.readonly_rootfs;
    for (const MountRecord& mount : record.mounts) {
        spec.mounts.push_back(MountOf(mount, resources));
    }
    if (host.tmpfs) {
        for (const auto& [destination, options] : *host.tmpfs) {
            runtime::MountSpec tmpfs;
            tmpfs.type = runtime::MountSpec::Type::kTmpfs;
            tmpfs.destination = destination;
            tmpfs.tmpfs_options = options;
            spec.mounts.push_back(std::move(tmpfs));
        }
    }
    spec.hostname_path = resources.hostname_path;
    spec.hosts_path = resources.hosts_path;
    spec.resolv_conf_path = resources.resolv_conf_path;

    spec.cap_add = host.cap_add.value_or(std::vector<std::string>{});
    spec.cap_drop = host.cap_drop.value_or(std::vector<std::string>{});
    spec.privileged = host.privileged;
    spec.no_new_privileges = record.security.no_new_privileges;
    spec.seccomp = record.security.seccomp_profile;
    spec.masked_paths = host.masked_paths;
    spec.readonly_paths = host.readonly_paths;
    if (host.sysctls) {
        spec.sysctls.insert(host.sysctls->begin(), host.sysctls->end());
    }
    for (const api::Ulimit& ulimit : host.resources.ulimits.value_or(std::vector<api::Ulimit>{})) {
        spec.ulimits.push_back({ulimit.name, ulimit.soft, ulimit.hard});
    }
    spec.resources = ResourcesOf(host.resources);
    spec.oom_score_adj = static_cast<int>(host.oom_score_adj);
    if (host.shm_size > 0) {
        spec.shm_size = host.shm_size;
    }
    spec.init_path = resources.init_path;

    spec.network = resources.network;
    spec.network_namespace_path = resources.network_namespace_path;
    spec.pid = NamespaceMode(host.pid_mode, "PidMode") == "host" ? runtime::PidMode::kHost : runtime::PidMode::kPrivate;
    const std::string ipc = NamespaceMode(host.ipc_mode, "IpcMode");
    if (ipc == "host") {
        spec.ipc = runtime::IpcMode::kHost;
        spec.shm_path = "/dev/shm";
    } else if (ipc == "none") {
        spec.ipc = runtime::IpcMode::kNone;
    } else if (ipc == "shareable") {
        throw Error(Errc::kInvalidArgument, "IpcMode shareable is not supported yet; use private");
    }
    spec.uts = host.uts_mode == "host" ? runtime::UtsMode::kHost : runtime::UtsMode::kPrivate;
    if (host.cgroupns_mode == "host") {
        spec.cgroupns = runtime::CgroupnsMode::kHost;
    } else if (host.cgroupns_mode == "private") {
        spec.cgroupns = runtime::CgroupnsMode::kPrivate;
    }
    spec.cgroups_path = resources.cgroups_path;
    if (host.privileged) {
        spec.devices = runtime::HostDevices();
    } else {
        for (const api::DeviceMapping& device : host.resources.devices.value_or(std::vector<api::DeviceMapping>{})) {
            const std::vector<runtime::DeviceSpec> found = runtime::DevicesFromPath(
                device.path_on_host,
                device.path_in_container.empty() ? device.path_on_host : device.path_in_container,
                device.cgroup_permissions.empty() ? "rwm" : device.cgroup_permissions);
            spec.devices.insert(spec.devices.end(), found.begin(), found.end());
        }
    }
    spec.device_cgroup_rules = host.resources.device_cgroup_rules.value_or(std::vector<std::string>{});
    return spec;
}

}  // namespace engine::daemon
