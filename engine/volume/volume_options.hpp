#pragma once

#include <string>
#include <string_view>

#include "engine/volume/volume.hpp"

namespace engine::volume {

/// Checks a volume name as moby's local driver does: at least two characters, the first
/// alphanumeric, the rest from [a-zA-Z0-9_.-] (so it can never escape the volumes root).
/// Throws Error(kInvalidArgument) with moby's text, for example
/// `"./app" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]"
/// are allowed. If you intended to pass a host directory, use absolute path`.
void ValidateVolumeName(std::string_view name);

/// Checks local driver options: only `type`, `o` and `device` (moby 20.10's set; error
/// `invalid option key: "x"`), and `type` and `device` go together, `o` needs both
/// (`missing required option: "device"`). Throws Error(kInvalidArgument).
void ValidateDriverOptions(const StringMap& options);

/// How a volume with options is mounted on its _data directory: mount(2)'s arguments.
struct MountSpec {
    std::string source;  ///< `device`
    std::string type;    ///< `type` (e.g. "tmpfs", "nfs", "none" for a bind)
    unsigned long flags = 0;
    unsigned long propagation = 0;  ///< MS_SHARED etc., applied by a second call
    std::string data;               ///< the `o` entries that are not flags ("size=100m,uid=1000")
};

/// The mount for validated `options`, splitting `o` into flags (ro, nosuid, bind, ...) and
/// filesystem data as moby's mount package does.
MountSpec MountSpecFor(const StringMap& options);

/// True when a volume with `options` is mounted on first use (it has `type` or `device`).
bool NeedsMount(const StringMap& options);

}  // namespace engine::volume
