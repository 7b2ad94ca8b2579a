#pragma once

#include <filesystem>

#include "engine/volume/volume_options.hpp"

namespace engine::volume {

// A small mount(2) wrapper for the local driver's `type`/`device`/`o` volumes. It lives here
// until engine/sys/linux offers one; it is the only code of this library that mounts.

/// Mounts `spec` on `target`. A bind with extra flags (ro, nosuid, ...) is bound first and
/// then remounted with them, since the kernel ignores such flags on the first bind call;
/// propagation flags are a call of their own. Throws Error naming the mount, for example
/// "mount tmpfs on /v/x/_data (type tmpfs): Operation not permitted".
void MountFilesystem(const MountSpec& spec, const std::filesystem::path& target);

/// Detaches whatever is mounted on `target` (MNT_DETACH, so busy files do not block it).
/// Not being a mount point is not an error. Throws Error for anything else.
void UnmountFilesystem(const std::filesystem::path& target);

/// True when `path` is the root of a mount (statx's STATX_ATTR_MOUNT_ROOT). Throws Error when
/// `path` cannot be examined.
bool IsMountPoint(const std::filesystem::path& path);

}  // namespace engine::volume
