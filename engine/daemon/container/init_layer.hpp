#pragma once

#include <filesystem>

namespace engine::daemon {

/// moby's init layer: the empty mount targets every container needs (/proc, /sys, /dev/pts,
/// /dev/shm, /dev/console, /etc/hosts, /etc/hostname, /etc/resolv.conf, /.dockerenv) and
/// /etc/mtab → /proc/mounts, in a read-only layer between the image and the container's own.
/// Without it the runtime creates them in the writable layer and `docker diff` shows them.
/// Made once per container (staged and renamed, so a crash leaves none or all of it).
void PrepareInitLayer(const std::filesystem::path& init_dir);

}  // namespace engine::daemon
