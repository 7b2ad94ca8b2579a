#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/container_config.hpp"
#include "engine/api/container_view.hpp"

namespace engine::daemon {

/// One mount of a container after create resolved it: volumes have their name (the host path
/// comes from the volume store at start), binds their host path, tmpfs their options.
struct MountRecord {
    std::string type;  ///< "bind", "volume" or "tmpfs"
    std::string name;  ///< volume name
    std::string source;
    std::string destination;
    bool rw = true;
    std::string mode;
    std::string propagation;
    bool non_recursive = false;
    bool copy_data = true;
    bool anonymous = false;     ///< an anonymous volume: removed with `docker rm -v`
    std::string tmpfs_options;  ///< tmpfs only, the runtime's text form

    bool operator==(const MountRecord&) const = default;
};

/// What the daemon keeps about one container across restarts (moby's config.v2.json): the
/// merged configuration, the resolved command and mounts, and the state flags. Stored as the
/// container's ObjectStore record; everything about the running process itself (shim, pids)
/// lives in the shim's state directory under the exec root.
struct ContainerRecord {
    std::string id;
    std::string name;  ///< with its leading "/"
    api::UnixNanos created = 0;
    std::string image_ref;  ///< Config.Image as the user gave it
    std::string image_id;   ///< "sha256:…"
    api::ContainerConfig config;
    api::HostConfig host_config;
    api::SecurityOptions security;
    std::string path;  ///< argv[0]
    std::vector<std::string> args;
    std::vector<MountRecord> mounts;
    api::ContainerState state;
    std::int64_t restart_count = 0;
    bool has_been_started_before = false;
    bool manually_stopped = false;
    std::string runtime;  ///< the runtime name it was started with
    /// The networks it is connected to (NetworkingConfig.EndpointsConfig as created, then
    /// changed by connect and disconnect), keyed by network name.
    api::EndpointsConfig endpoints;
    std::vector<std::string> exec_ids;
};

nlohmann::json ContainerRecordToJson(const ContainerRecord& record);
/// Throws Error(kInvalidArgument) naming what is malformed.
ContainerRecord ContainerRecordFromJson(const nlohmann::json& json);

}  // namespace engine::daemon
