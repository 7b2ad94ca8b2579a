#include "engine/volume/local_mount.hpp"

#include <cerrno>
#include <string>

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "engine/base/syscall.hpp"

namespace engine::volume {
namespace {

constexpr unsigned long kBindRemountable = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME |
                                           MS_RELATIME | MS_STRICTATIME | MS_SYNCHRONOUS;

std::string Describe(const MountSpec& spec, const std::filesystem::path& target) {
    return "mount " + spec.source + " on " + target.string() + " (type " + spec.type + ")";
}

}  // namespace

void MountFilesystem(const MountSpec& spec, const std::filesystem::path& target) {
    const char* type = spec.type.empty() ? nullptr : spec.type.c_str();
    const void* data = spec.data.empty() ? nullptr : spec.data.c_str();
    const bool bind = (spec.flags & MS_BIND) != 0;
    const unsigned long first_flags = bind ? spec.flags & (MS_BIND | MS_REC) : spec.flags;
    CheckSyscall(::mount(spec.source.c_str(), target.c_str(), type, first_flags, data), Describe(spec, target));
    if (bind && (spec.flags & kBindRemountable) != 0) {
        const unsigned long flags = MS_REMOUNT | MS_BIND | (spec.flags & kBindRemountable);
        if (::mount("", target.c_str(), nullptr, flags, nullptr) == -1) {
            const int saved_errno = errno;
            ::umount2(target.c_str(), MNT_DETACH);
            ThrowErrno("remount " + target.string() + " with the volume's flags", saved_errno);
        }
    }
    if (spec.propagation != 0) {
        CheckSyscall(::mount("", target.c_str(), nullptr, spec.propagation, nullptr),
                     "set mount propagation of " + target.string());
    }
}

void UnmountFilesystem(const std::filesystem::path& target) {
    if (::umount2(target.c_str(), MNT_DETACH) == -1) {
        const int saved_errno = errno;
        if (saved_errno == EINVAL || saved_errno == ENOENT) {
            return;  // not a mount point (any more)
        }
        ThrowErrno("unmount " + target.string(), saved_errno);
    }
}

bool IsMountPoint(const std::filesystem::path& path) {
    struct statx info {};
    CheckSyscall(::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &info),
                 "stat " + path.string());
    return (info.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) != 0 &&
           (info.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
}

}  // namespace engine::volume
