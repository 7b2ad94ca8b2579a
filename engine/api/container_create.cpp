#include "engine/api/container_create.hpp"

#include <algorithm>
#include <set>

#include "engine/api/container_create_checks.hpp"
#include "engine/api/container_mounts.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

Error Invalid(std::string message) {
    return Error(Errc::kInvalidArgument, std::move(message));
}

bool IsNameChar(char c, bool first) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum || (!first && (c == '_' || c == '.' || c == '-'));
}

template <class T>
bool NonEmpty(const std::optional<T>& value) {
    return value && !value->empty();
}

// runconfig's validateNetContainerMode and validateNetMode for Linux.
void ValidateNetMode(const ContainerConfig& config, const HostConfig& host) {
    const std::string& mode = host.network_mode;
    if (mode.starts_with("container:") || mode == "container") {
        if (mode.size() <= std::string_view("container:").size()) {
            throw Invalid("Invalid network mode: invalid container format container:<name|id>");
        }
        if (!config.hostname.empty()) {
            throw Invalid("conflicting options: hostname and the network mode");
        }
        if (host.links) {
            throw Invalid(
                "conflicting options: container type network can't be used with links. This would result in "
                "undefined behavior");
        }
        if (NonEmpty(host.dns)) {
            throw Invalid("conflicting options: dns and the network mode");
        }
        if (NonEmpty(host.extra_hosts)) {
            throw Invalid("conflicting options: custom host-to-IP mapping and the network mode");
        }
        if (NonEmpty(host.port_bindings) || host.publish_all_ports) {
            throw Invalid("conflicting options: port publishing and the container type network mode");
        }
        if (NonEmpty(config.exposed_ports)) {
            throw Invalid("conflicting options: port exposing and the container type network mode");
        }
    }
    if (host.uts_mode == "host" && !config.hostname.empty()) {
        throw Invalid("conflicting options: hostname and the network mode");
    }
    if (mode == "host" && NonEmpty(host.links)) {
        throw Invalid(
            "conflicting options: host type networking can't be used with links. This would result in undefined "
            "behavior");
    }
}

// runconfig's validateCreateRequest (the checks done while decoding).
void ValidateDecoded(const ContainerConfig& config, const HostConfig& host) {
    ValidateNetMode(config, host);
    if (!host.isolation.empty() && host.isolation != "default") {
        throw Invalid("invalid isolation (" + host.isolation + "): linux only supports 'default'");
    }
    const Resources& r = host.resources;
    if (r.io_maximum_bandwidth != 0) {
        throw Invalid("invalid option: QoS maximum bandwidth configuration is not supported on linux");
    }
    if (r.io_maximum_iops != 0) {
        throw Invalid("invalid option: QoS maximum IOPs configuration is not supported on linux");
    }
    if (r.cpu_realtime_period != 0 && r.cpu_realtime_runtime != 0 && r.cpu_realtime_runtime > r.cpu_realtime_period) {
        throw Invalid("cpu real-time runtime cannot be higher than cpu real-time period");
    }
    if (r.cpu_shares < 0) {
        throw Invalid("invalid CPU shares (" + std::to_string(r.cpu_shares) + "): value must be a positive integer");
    }
}

// The daemon's validateHostConfig and verifyPlatformContainerSettings.
void ValidateHost(const HostConfig& host, const CreateHostFacts& facts) {
    if (host.auto_remove && !host.restart_policy.name.empty() && host.restart_policy.name != "no") {
        throw Invalid("can't create 'AutoRemove' container with restart policy");
    }
    for (const Mount& mount : host.mounts.value_or(std::vector<Mount>{})) {
        ParseMount(mount, nullptr);
    }
    for (const std::string& entry : host.extra_hosts.value_or(std::vector<std::string>{})) {
        ValidateExtraHost(entry);
    }
    ValidatePortBindings(host.port_bindings);
    ValidateRestartPolicy(host.restart_policy);
    ValidateResources(host.resources, facts.cpu_count, false);
    if (host.shm_size < 0) {
        throw Invalid("SHM size can not be less than 0");
    }
    if (host.oom_score_adj < -1000 || host.oom_score_adj > 1000) {
        throw Invalid("Invalid value " + std::to_string(host.oom_score_adj) +
                      ", range for oom score adj is [-1000, 1000]");
    }
    for (const auto& [destination, options] : host.tmpfs.value_or(std::map<std::string, std::string>{})) {
        ValidateTmpfsDestination(destination);
    }
    const std::string& cgroupns = host.cgroupns_mode;
    if (!cgroupns.empty() && cgroupns != "host" && cgroupns != "private") {
        throw Invalid("invalid cgroup namespace mode: " + cgroupns);
    }
    ValidateLogConfig(host.log_config);
}

Error DuplicateMountPoint(std::string_view destination) {
    return Invalid("Duplicate mount point: " + std::string(destination));
}

// The daemon's registerMountPoints: Binds, then Mounts (whose bind sources must exist), each
// destination once, and no bind over a Tmpfs entry.
std::vector<MountPointSpec> RegisterMountPoints(const HostConfig& host, const CreateHostFacts& facts) {
    std::vector<MountPointSpec> points;
    std::set<std::string> destinations;
    for (const std::string& bind : host.binds.value_or(std::vector<std::string>{})) {
        MountPointSpec point = ParseBindSpec(bind, host.volume_driver);
        if (destinations.contains(point.destination) || (host.tmpfs && host.tmpfs->contains(point.destination))) {
            throw DuplicateMountPoint(point.destination);
        }
        destinations.insert(point.destination);
        points.push_back(std::move(point));
    }
    for (const Mount& mount : host.mounts.value_or(std::vector<Mount>{})) {
        MountPointSpec point = ParseMount(mount, facts.bind_source_exists);
        if (destinations.contains(point.destination)) {
            throw DuplicateMountPoint(mount.target);
        }
        destinations.insert(point.destination);
        points.push_back(std::move(point));
    }
    return points;
}

}  // namespace

std::string ValidateContainerName(std::string_view name) {
    const std::string_view bare = name.starts_with('/') ? name.substr(1) : name;
    bool valid = bare.size() >= 2;
    for (std::size_t i = 0; valid && i < bare.size(); ++i) {
        valid = IsNameChar(bare[i], i == 0);
    }
    if (!valid) {
        throw Invalid("Invalid container name (" + std::string(name) + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }
    return "/" + std::string(bare);
}

ContainerCreateRequest ParseContainerCreate(const nlohmann::json& body,
                                            const ApiVersion& version,
                                            const CreateHostFacts& host) {
    ContainerCreateRequest request = DecodeContainerCreate(body);
    HostConfig& host_config = request.host_config;
    if (host_config.network_mode.empty()) {
        host_config.network_mode = "default";
    }
    if (version < ApiVersion(1, 42)) {
        host_config.console_size = {0, 0};
    }
    if (version < ApiVersion(1, 41) && host_config.cgroupns_mode.empty()) {
        host_config.cgroupns_mode = "host";  // what clients older than 1.41 got on cgroup v1 hosts
    }
    ValidateDecoded(request.config, host_config);
    ValidateContainerConfig(request.config);
    ValidateHost(host_config, host);
    ValidateNetworkingConfig(request.networking_config);
    request.security = ParseSecurityOpt(host_config.security_opt);
    request.mount_points = RegisterMountPoints(host_config, host);
    return request;
}

}  // namespace engine::api
