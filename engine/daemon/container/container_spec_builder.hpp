#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "engine/daemon/container/container_record.hpp"
#include "engine/runtime/spec/container_spec.hpp"

namespace engine::daemon {

/// What the daemon prepared for one start of a container, outside its record.
struct StartResources {
    std::filesystem::path rootfs;  ///< the mounted overlay
    /// Host path of each volume mount, by destination.
    std::map<std::string, std::filesystem::path> volume_paths;
    std::filesystem::path hostname_path;
    std::filesystem::path hosts_path;
    std::filesystem::path resolv_conf_path;
    /// tini-static when HostConfig.Init asks for it ("" otherwise).
    std::filesystem::path init_path;
    runtime::NetworkMode network = runtime::NetworkMode::kNone;
    std::string network_namespace_path;
    /// The user resolved in the image's /etc/passwd and /etc/group.
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::vector<std::uint32_t> additional_gids;
    std::string cgroups_path;
};

/// The runtime's view of a container: the record's Config and HostConfig mapped onto
/// ContainerSpec (process, mounts in Docker's order, namespaces, resources, security).
/// Throws Error(kInvalidArgument) for modes Berth does not run (an IPC or PID namespace
/// shared with another container), naming the field.
runtime::ContainerSpec BuildContainerSpec(const ContainerRecord& record, const StartResources& resources);

/// The hostname a container gets: Config.Hostname, else the first 12 characters of its ID.
std::string ContainerHostname(const ContainerRecord& record);

}  // namespace engine::daemon
