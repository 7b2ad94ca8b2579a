#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/api/api_version.hpp"
#include "engine/api/container_config.hpp"

namespace engine::api {

/// What the create checks need to know about the host; everything else is pure.
struct CreateHostFacts final {
    /// Online CPUs, the upper bound of NanoCpus ("Range of CPUs is from 0.01 to 2.00, ...").
    int cpu_count = 1;
    /// Called for each Mounts entry of type bind with its absolute source; false fails the
    /// create with moby's "bind source path does not exist: /x". Unset: not checked (Binds
    /// sources are never checked: moby creates missing ones).
    std::function<bool(const std::string& path)> bind_source_exists;
};

/// Decodes and validates the body of POST /containers/create as moby does (runconfig decoding,
/// then the daemon's verifyContainerSettings and mount registration): Config fields at the top
/// level, "HostConfig", "NetworkingConfig". Unknown fields are ignored and null is absent.
/// Defaults applied: NetworkMode "" becomes "default"; below API 1.42 ConsoleSize is zeroed;
/// below 1.41 an empty CgroupnsMode becomes "host". Binds and Mounts become `mount_points`,
/// SecurityOpt becomes `security`.
/// Throws Error(kInvalidArgument) with moby's texts, e.g. "invalid JSON: json: cannot
/// unmarshal string into Go struct field HostConfig.HostConfig.Memory of type int64",
/// "config cannot be empty in order to create a container", "Minimum memory limit allowed is
/// 6MB", "invalid restart policy: maximum retry count cannot be negative", "Duplicate mount
/// point: /data", "invalid volume specification: 'x'".
ContainerCreateRequest ParseContainerCreate(const nlohmann::json& body,
                                            const ApiVersion& version,
                                            const CreateHostFacts& host);

/// Decoding only (no validation, no defaults): the typed fields exactly as sent. Throws
/// Error(kInvalidArgument) for wrong JSON types with Go's texts.
ContainerCreateRequest DecodeContainerCreate(const nlohmann::json& body);

/// Checks the `name` query parameter of create and rename: moby's pattern
/// ^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$ (so at least two characters). Returns the name with its
/// leading "/" ("/web"). Throws Error(kInvalidArgument, "Invalid container name (x), only
/// [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed").
std::string ValidateContainerName(std::string_view name);

}  // namespace engine::api
