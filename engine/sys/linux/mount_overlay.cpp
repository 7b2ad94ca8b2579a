// MountOverlay. The kernel caps mount(2)'s option string at one page, and an image with many
// layers under long paths (/var/lib/berth/...) exceeds it. The new mount API takes each layer
// as its own "lowerdir+" parameter (overlayfs, kernel 6.8+), so there is no such cap: it is
// the first choice. Older kernels (Debian 12 ships 6.1) get mount(2), with the lower dirs
// relative to their common parent when the string is too long; the parent becomes the working
// directory of a short-lived thread that unshared CLONE_FS, which changes neither the daemon's
// cwd nor needs a fork (unsafe in a multi-threaded process).

#include <cerrno>
#include <exception>
#include <string_view>
#include <thread>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/sys/linux/mount.hpp"
#include "engine/sys/linux/unique_fd.hpp"

namespace engine::sys {
namespace {

namespace fs = std::filesystem;

// fsconfig copies at most 256 bytes of a string value (strndup_user in fs/fsopen.c).
constexpr std::size_t kFsconfigValueMax = 255;

std::string Describe(const std::vector<fs::path>& lower_dirs, const fs::path& target) {
    return "mount overlay of " + std::to_string(lower_dirs.size()) + " lower dirs (top " + lower_dirs.front().string() +
           ") on " + target.string();
}

// The kernel's own explanation of a failed fsconfig ("e overlay: failed to ..."), if any.
std::string FsContextMessages(int fs_fd) {
    std::string messages;
    char buffer[512];
    for (;;) {
        const ssize_t got = ::read(fs_fd, buffer, sizeof buffer);
        if (got <= 0) {
            return messages;
        }
        std::string message(buffer, static_cast<std::size_t>(got));
        if (message.ends_with('\n')) {
            message.pop_back();
        }
        messages += (messages.empty() ? " (" : "; ") + message;
    }
}

[[noreturn]] void ThrowFsconfig(int fs_fd, const std::string& what) {
    const int saved_errno = errno;
    const std::string messages = FsContextMessages(fs_fd);
    ThrowErrno(what + (messages.empty() ? "" : messages + ")"), saved_errno);
}

void SetString(int fs_fd, const char* key, const fs::path& value, const std::string& what) {
    if (::fsconfig(fs_fd, FSCONFIG_SET_STRING, key, value.c_str(), 0) == -1) {
        ThrowFsconfig(fs_fd, what + ": set " + key + " " + value.string());
    }
}

// Returns false (having mounted nothing) when this kernel's overlayfs lacks "lowerdir+".
bool MountWithNewApi(const std::vector<fs::path>& lower_dirs,
                     const fs::path& upper_dir,
                     const fs::path& work_dir,
                     const fs::path& target,
                     const std::string& what) {
    UniqueFd fs_fd(CheckSyscall(::fsopen("overlay", FSOPEN_CLOEXEC), what + ": fsopen"));
    for (const fs::path& lower : lower_dirs) {
        if (::fsconfig(fs_fd.get(), FSCONFIG_SET_STRING, "lowerdir+", lower.c_str(), 0) == -1) {
            if (errno == EINVAL && &lower == &lower_dirs.front()) {
                return false;
            }
            ThrowFsconfig(fs_fd.get(), what + ": add lower dir " + lower.string());
        }
    }
    if (!upper_dir.empty()) {
        SetString(fs_fd.get(), "upperdir", upper_dir, what);
        SetString(fs_fd.get(), "workdir", work_dir, what);
    }
    if (::fsconfig(fs_fd.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) == -1) {
        ThrowFsconfig(fs_fd.get(), what + ": create");
    }
    UniqueFd mount_fd(CheckSyscall(::fsmount(fs_fd.get(), FSMOUNT_CLOEXEC, 0), what + ": fsmount"));
    CheckSyscall(::move_mount(mount_fd.get(), "", AT_FDCWD, target.c_str(), MOVE_MOUNT_F_EMPTY_PATH),
                 what + ": move_mount");
    return true;
}

std::string LegacyOptions(const std::vector<std::string>& lowers, const fs::path& upper_dir, const fs::path& work_dir) {
    std::string options = "lowerdir=";
    for (const std::string& lower : lowers) {
        options += (&lower == &lowers.front() ? "" : ":") + lower;
    }
    if (!upper_dir.empty()) {
        options += ",upperdir=" + upper_dir.string() + ",workdir=" + work_dir.string();
    }
    return options;
}

fs::path CommonParent(const std::vector<fs::path>& paths) {
    fs::path common = paths.front().parent_path();
    for (const fs::path& path : paths) {
        while (!common.empty() && path.lexically_relative(common).string().starts_with("..")) {
            common = common.parent_path() == common ? fs::path() : common.parent_path();
        }
    }
    return common;
}

// mount(2) with `options` from within `directory`, without touching the process's cwd.
void MountFrom(const fs::path& directory, const std::string& options, const fs::path& target, const std::string& what) {
    std::exception_ptr failure;
    std::thread helper([&] {
        try {
            CheckSyscall(::unshare(CLONE_FS), what + ": unshare CLONE_FS");
            CheckSyscall(::chdir(directory.c_str()), what + ": chdir " + directory.string());
            CheckSyscall(::mount("overlay", target.c_str(), "overlay", 0, options.c_str()), what);
        } catch (...) {
            failure = std::current_exception();
        }
    });
    helper.join();
    if (failure) {
        std::rethrow_exception(failure);
    }
}

void MountWithLegacyApi(const std::vector<fs::path>& lower_dirs,
                        const fs::path& upper_dir,
                        const fs::path& work_dir,
                        const fs::path& target,
                        const std::string& what) {
    const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::vector<std::string> lowers;
    for (const fs::path& lower : lower_dirs) {
        lowers.push_back(lower.string());
    }
    std::string options = LegacyOptions(lowers, upper_dir, work_dir);
    if (options.size() < page) {
        CheckSyscall(::mount("overlay", target.c_str(), "overlay", 0, options.c_str()), what);
        return;
    }
    const fs::path parent = CommonParent(lower_dirs);
    for (std::size_t i = 0; i < lowers.size(); ++i) {
        lowers[i] = lower_dirs[i].lexically_relative(parent).string();
    }
    options = LegacyOptions(lowers, fs::absolute(upper_dir), fs::absolute(work_dir));
    if (parent.empty() || options.size() >= page) {
        throw Error(Errc::kInvalidArgument,
                    what + ": the layer paths need " + std::to_string(options.size()) +
                        " bytes of mount options, more than a page, and this kernel's "
                        "overlayfs has no \"lowerdir+\"; use fewer layers or shorter paths");
    }
    MountFrom(parent, options, fs::absolute(target), what);
}

}  // namespace

void MountOverlay(const std::vector<fs::path>& lower_dirs,
                  const fs::path& upper_dir,
                  const fs::path& work_dir,
                  const fs::path& target,
                  OverlayApi api) {
    if (lower_dirs.empty()) {
        throw Error(Errc::kInvalidArgument, "mount overlay on " + target.string() + ": no lower dirs");
    }
    const std::string what = Describe(lower_dirs, target);
    bool fits_fsconfig =
        upper_dir.string().size() <= kFsconfigValueMax && work_dir.string().size() <= kFsconfigValueMax;
    for (const fs::path& lower : lower_dirs) {
        fits_fsconfig = fits_fsconfig && lower.string().size() <= kFsconfigValueMax;
    }
    if (api == OverlayApi::kNewApi && !fits_fsconfig) {
        throw Error(
            Errc::kInvalidArgument,
            what + ": the new mount API takes paths of at most " + std::to_string(kFsconfigValueMax) + " bytes");
    }
    if (api == OverlayApi::kNewApi || (api == OverlayApi::kAuto && fits_fsconfig)) {
        if (MountWithNewApi(lower_dirs, upper_dir, work_dir, target, what)) {
            return;
        }
        if (api == OverlayApi::kNewApi) {
            throw Error(Errc::kUnavailable, what + ": this kernel's overlayfs has no \"lowerdir+\" (needs 6.8+)");
        }
    }
    MountWithLegacyApi(lower_dirs, upper_dir, work_dir, target, what);
}

}  // namespace engine::sys
