#include "engine/sys/linux/mount.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/sys/linux/kernel_files.hpp"

namespace engine::sys {
namespace {

namespace fs = std::filesystem;

struct FlagName {
    std::string_view name;
    unsigned long set;
    unsigned long clear;
};

constexpr FlagName kMountFlags[] = {
    {"ro", MS_RDONLY, 0},
    {"rw", 0, MS_RDONLY},
    {"nosuid", MS_NOSUID, 0},
    {"suid", 0, MS_NOSUID},
    {"nodev", MS_NODEV, 0},
    {"dev", 0, MS_NODEV},
    {"noexec", MS_NOEXEC, 0},
    {"exec", 0, MS_NOEXEC},
    {"relatime", MS_RELATIME, 0},
    {"norelatime", 0, MS_RELATIME},
    {"noatime", MS_NOATIME, 0},
    {"strictatime", MS_STRICTATIME, 0},
    {"nodiratime", MS_NODIRATIME, 0},
    {"sync", MS_SYNCHRONOUS, 0},
    {"async", 0, MS_SYNCHRONOUS},
};

}  // namespace

void BindMount(const fs::path& source, const fs::path& target, bool read_only, bool recursive) {
    const std::string what = "bind mount " + source.string() + " on " + target.string();
    const unsigned long rec = recursive ? MS_REC : 0;
    CheckSyscall(::mount(source.c_str(), target.c_str(), nullptr, MS_BIND | rec, nullptr), what);
    if (!read_only) {
        return;
    }
    // A read-only remount must repeat the flags the mount already has (nosuid, nodev, ...):
    // the kernel would otherwise clear them, or refuse with EPERM where they are locked.
    struct statvfs info {};
    CheckSyscall(::statvfs(target.c_str(), &info), what + ": statvfs");
    unsigned long kept = 0;
    for (const auto& [statvfs_flag, mount_flag] : {std::pair{ST_NOSUID, MS_NOSUID},
                                                   std::pair{ST_NODEV, MS_NODEV},
                                                   std::pair{ST_NOEXEC, MS_NOEXEC},
                                                   std::pair{ST_NOATIME, MS_NOATIME},
                                                   std::pair{ST_NODIRATIME, MS_NODIRATIME},
                                                   std::pair{ST_RELATIME, MS_RELATIME}}) {
        if ((info.f_flag & statvfs_flag) != 0) {
            kept |= mount_flag;
        }
    }
    CheckSyscall(::mount(nullptr, target.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | kept, nullptr),
                 what + ": remount read-only");
}

void MountTmpfs(const fs::path& target, const std::string& options) {
    unsigned long flags = 0;
    std::string data;
    for (const std::string_view option : detail::SplitFields(options, ",")) {
        const auto* flag = std::find_if(
            std::begin(kMountFlags), std::end(kMountFlags), [&](const FlagName& f) { return f.name == option; });
        if (flag == std::end(kMountFlags)) {
            data += (data.empty() ? "" : ",") + std::string(option);
        } else {
            flags = (flags | flag->set) & ~flag->clear;
        }
    }
    CheckSyscall(::mount("tmpfs", target.c_str(), "tmpfs", flags, data.c_str()),
                 "mount tmpfs on " + target.string() + " with options \"" + options + "\"");
}

void Unmount(const fs::path& target, bool detach) {
    CheckSyscall(::umount2(target.c_str(), detach ? MNT_DETACH : 0), "unmount " + target.string());
}

bool IsMountPoint(const fs::path& path) {
    struct statx info {};
    CheckSyscall(::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &info),
                 "statx " + path.string());
    if ((info.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) != 0) {
        return (info.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
    }
    // Kernels before 5.8: a mount root sits on another device than its parent, or is "/".
    struct stat self {};
    struct stat parent {};
    CheckSyscall(::lstat(path.c_str(), &self), "stat " + path.string());
    CheckSyscall(::stat((path / "..").c_str(), &parent), "stat " + (path / "..").string());
    return self.st_dev != parent.st_dev || self.st_ino == parent.st_ino;
}

std::vector<fs::path> MountPointsUnder(const fs::path& path, const fs::path& mountinfo) {
    const fs::path base = path.lexically_normal();
    std::vector<fs::path> found;
    const std::string text = ReadFile(mountinfo);
    for (const std::string_view line : detail::SplitFields(text, "\n")) {
        const std::vector<std::string_view> fields = detail::SplitFields(line, " ");
        if (fields.size() < 5) {
            continue;
        }
        const fs::path mount_point = detail::DecodeMountinfoPath(fields[4]);
        const auto [base_end, ignored] =
            std::mismatch(base.begin(), base.end(), mount_point.begin(), mount_point.end());
        if (base_end == base.end() || (std::next(base_end) == base.end() && base_end->empty())) {
            found.push_back(mount_point);
        }
    }
    return found;
}

int UnmountAllUnder(const fs::path& path, const fs::path& mountinfo) {
    int removed = 0;
    // Each round removes what is visible; stacked mounts show up in the next one. The bound
    // only guards against a mount that keeps coming back.
    for (int round = 0; round < 64; ++round) {
        std::vector<fs::path> mounts = MountPointsUnder(path, mountinfo);
        if (mounts.empty()) {
            return removed;
        }
        // Deepest first; umount2 on a path with stacked mounts takes the top one each time.
        std::stable_sort(mounts.begin(), mounts.end(), [](const fs::path& a, const fs::path& b) {
            return std::distance(a.begin(), a.end()) > std::distance(b.begin(), b.end());
        });
        for (const fs::path& mount : mounts) {
            if (::umount2(mount.c_str(), 0) == 0 || ::umount2(mount.c_str(), MNT_DETACH) == 0) {
                ++removed;
            }
        }
    }
    throw Error(Errc::kInternal, "unmount everything under " + path.string() + ": mounts remain after 64 rounds");
}

void MakePrivate(const fs::path& path, bool recursive) {
    CheckSyscall(::mount(nullptr, path.c_str(), nullptr, MS_PRIVATE | (recursive ? MS_REC : 0), nullptr),
                 "make mount " + path.string() + " private");
}

}  // namespace engine::sys
