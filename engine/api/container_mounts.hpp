#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "engine/api/container_config.hpp"

namespace engine::api {

/// Go's path.Clean: the shortest equivalent slash path ("/a//b/../c/" → "/a/c", "" → ".").
std::string CleanPath(std::string_view path);

/// Parses one HostConfig.Binds entry as moby's Linux parser (ParseMountRaw): "dst",
/// "src:dst" or "src:dst:mode", where src is an absolute host path (a bind) or a volume name,
/// and mode is a comma list with at most one of each: ro|rw, z|Z, nocopy, a propagation
/// (private, rprivate, shared, rshared, slave, rslave), a consistency (consistent, cached,
/// delegated). `volume_driver` is HostConfig.VolumeDriver. Throws Error(kInvalidArgument):
/// "invalid volume specification: '/a:/b:/c:/d'", "invalid mode: xyz", or the spec text
/// followed by the mount check's error ("...: invalid mount config for type \"volume\":
/// invalid mount path: 'data' mount path must be absolute").
MountPointSpec ParseBindSpec(std::string_view raw, std::string_view volume_driver);

/// Validates one HostConfig.Mounts entry (moby's validateMountConfigImpl) and returns its mount
/// point. `bind_source_exists`, when set, is asked about a bind's source. Throws
/// Error(kInvalidArgument, "invalid mount config for type \"bind\": field Source must not be
/// empty") and the like.
MountPointSpec ParseMount(const Mount& mount, const std::function<bool(const std::string&)>& bind_source_exists);

/// Checks a HostConfig.Tmpfs key: absolute and not "/". Throws Error(kInvalidArgument,
/// "invalid mount path: 'x' mount path must be absolute") or "invalid specification:
/// destination can't be '/'".
void ValidateTmpfsDestination(std::string_view destination);

}  // namespace engine::api
