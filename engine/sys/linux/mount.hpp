#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace engine::sys {

/// How MountOverlay talks to the kernel; tests force one, everything else uses kAuto.
enum class OverlayApi {
    /// kNewApi where the kernel has overlayfs' "lowerdir+" (6.8+), else kLegacy.
    kAuto,
    /// fsopen/fsconfig/fsmount/move_mount, one "lowerdir+" per layer: no limit on the number
    /// of layers from the option string, no escaping of ':' or ',' in paths.
    kNewApi,
    /// mount(2) with one option string, which the kernel caps at a page. A longer string is
    /// retried with lower dirs relative to their common parent, made the working directory of a
    /// helper thread that unshared its fs attributes (so the process's cwd is untouched and no
    /// fork is needed in a multi-threaded daemon).
    kLegacy,
};

/// Mounts an overlay of `lower_dirs` (topmost first, as in the lowerdir option) with
/// `upper_dir` and `work_dir` (same filesystem, work_dir empty) on `target`. With an empty
/// `upper_dir` (and `work_dir`) the overlay is read-only and needs at least two lower dirs.
/// Throws Error naming the operation, the target and the layer count; kInvalidArgument for an
/// empty `lower_dirs` or layers that cannot fit in one mount.
void MountOverlay(const std::vector<std::filesystem::path>& lower_dirs,
                  const std::filesystem::path& upper_dir,
                  const std::filesystem::path& work_dir,
                  const std::filesystem::path& target,
                  OverlayApi api = OverlayApi::kAuto);

/// Bind-mounts `source` on `target` (which must exist, a directory for a directory and a file
/// for a file). `recursive` also binds the mounts below `source` (MS_REC). `read_only` needs a
/// second remount call, since the kernel ignores MS_RDONLY on the first bind; with `recursive`
/// only the top mount becomes read-only. Throws Error naming both paths.
void BindMount(const std::filesystem::path& source,
               const std::filesystem::path& target,
               bool read_only,
               bool recursive);

/// Mounts a tmpfs on `target`. `options` is a Docker --tmpfs style list such as
/// "rw,noexec,nosuid,size=65536k,mode=1777": the flags (ro, rw, nosuid, suid, nodev, dev,
/// noexec, exec, relatime, norelatime, noatime, strictatime, nodiratime, sync, async) become
/// mount flags, the rest is passed to tmpfs. Throws Error naming the target and the options.
void MountTmpfs(const std::filesystem::path& target, const std::string& options = "");

/// Unmounts `target` (umount2). `detach` makes it lazy (MNT_DETACH): gone from the namespace
/// now, freed when no longer busy. Throws Error naming the target (kConflict when busy).
void Unmount(const std::filesystem::path& target, bool detach = false);

/// True when `path` is the root of a mount (statx STATX_ATTR_MOUNT_ROOT). Throws Error when
/// `path` cannot be examined (kNotFound when it does not exist).
bool IsMountPoint(const std::filesystem::path& path);

/// Unmounts every mount at or below `path`, deepest first, detaching busy ones, as cleanup
/// after a crash or a failed test. Returns how many mounts were removed. `mountinfo` is read
/// again after each round, since unmounting can uncover mounts that were stacked below.
int UnmountAllUnder(const std::filesystem::path& path, const std::filesystem::path& mountinfo = "/proc/self/mountinfo");

/// Makes the mount at `path` private (MS_PRIVATE), so mounts made under it do not propagate to
/// its peers and the other way round; `recursive` applies it to the mounts below too.
void MakePrivate(const std::filesystem::path& path, bool recursive = true);

/// The mount points in `mountinfo` at or below `path`, in mountinfo order (older first),
/// decoded from its \ooo escapes.
std::vector<std::filesystem::path> MountPointsUnder(const std::filesystem::path& path,
                                                    const std::filesystem::path& mountinfo = "/proc/self/mountinfo");

}  // namespace engine::sys
