#include "engine/sys/linux/netns.hpp"

#include <cerrno>
#include <exception>
#include <string>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/sys/linux/mount.hpp"
#include "engine/sys/linux/netlink.hpp"

namespace engine::sys {
namespace {

namespace fs = std::filesystem;

// Runs `work` on a fresh thread and rethrows what it threw. The thread may change its
// namespaces freely: it ends with `work`, and no other code ever runs on it.
void RunOnOwnThread(const std::function<void()>& work) {
    std::exception_ptr failure;
    std::thread thread;
    try {
        thread = std::thread([&work, &failure] {
            try {
                work();
            } catch (...) {
                failure = std::current_exception();
            }
        });
    } catch (const std::system_error& error) {
        throw Error(Errc::kUnavailable, std::string("start a thread to switch network namespace: ") + error.what());
    }
    thread.join();
    if (failure) {
        std::rethrow_exception(failure);
    }
}

// Makes `directory` a shared mount of its own (see CreatePersistentNetns for why). Binding it
// onto itself only when it is not a mount point yet keeps repeated calls from stacking mounts;
// MS_REC keeps namespace mounts already in it visible through the new mount. Only this mount
// becomes shared, not the ones below it: what propagates is decided by the parent mount of
// each namespace mount, and a directory that is a mount point already may hold other mounts
// whose propagation is not ours to change.
void MakeSharedMountPoint(const fs::path& directory, const std::string& what) {
    if (!IsMountPoint(directory)) {
        CheckSyscall(::mount(directory.c_str(), directory.c_str(), nullptr, MS_BIND | MS_REC, nullptr),
                     what + ": bind mount " + directory.string() + " on itself");
    }
    CheckSyscall(::mount(nullptr, directory.c_str(), nullptr, MS_SHARED, nullptr),
                 what + ": make mount " + directory.string() + " shared");
}

void RunInNetnsFd(const UniqueFd& netns, const std::function<void()>& work, const std::string& what) {
    RunOnOwnThread([&] {
        CheckSyscall(::setns(netns.get(), CLONE_NEWNET), what + ": setns");
        work();
    });
}

}  // namespace

void CreatePersistentNetns(const fs::path& path) {
    const std::string what = "create network namespace " + path.string();
    if (!path.is_absolute() || !path.has_filename()) {
        throw Error(Errc::kInvalidArgument, what + ": the path must be absolute and name a file");
    }
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    if (error) {
        ThrowErrno(what + ": create directory " + path.parent_path().string(), error.value());
    }
    MakeSharedMountPoint(path.parent_path(), what);
    // A bind mount of a namespace needs a file to land on.
    const int created = ::open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
    if (created == -1) {
        const int saved_errno = errno;
        if (saved_errno == EEXIST) {
            throw Error(Errc::kAlreadyExists, what + ": the file exists already; remove the namespace first");
        }
        ThrowErrno(what + ": create the mount point", saved_errno);
    }
    ::close(created);
    try {
        RunOnOwnThread([&] {
            CheckSyscall(::unshare(CLONE_NEWNET), what + ": unshare");
            const fs::path self = "/proc/self/task/" + std::to_string(::gettid()) + "/ns/net";
            CheckSyscall(::mount(self.c_str(), path.c_str(), nullptr, MS_BIND, nullptr),
                         what + ": bind mount " + self.string());
            SetLinkUp("lo");
        });
    } catch (...) {
        ::umount2(path.c_str(), MNT_DETACH);  // may not be mounted yet; the unlink is what matters
        ::unlink(path.c_str());
        throw;
    }
}

void RemovePersistentNetns(const fs::path& path) {
    const std::string what = "remove network namespace " + path.string();
    // Both steps count: the unmount drops our reference (and, propagated, our peers'), the
    // unlink detaches the copies private mount namespaces hold on this file. There is normally
    // one mount; a leftover of an earlier run may sit below it. The bound only guards against
    // a mount that keeps coming back through propagation.
    int unmounted = 0;
    while (::umount2(path.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0) {
        if (++unmounted == 64) {
            throw Error(Errc::kInternal, what + ": still mounted after 64 unmounts");
        }
    }
    const int unmount_errno = errno;
    if (unmount_errno == ENOENT) {
        return;
    }
    if (unmount_errno != EINVAL) {  // EINVAL: not (or no longer) a mount point
        ThrowErrno(what + ": unmount", unmount_errno);
    }
    if (::unlink(path.c_str()) == -1) {
        const int unlink_errno = errno;
        if (unlink_errno != ENOENT) {
            ThrowErrno(what + ": delete the file", unlink_errno);
        }
    }
}

UniqueFd OpenNetns(const fs::path& path) {
    const std::string what = "open network namespace " + path.string();
    UniqueFd fd(CheckSyscall(::open(path.c_str(), O_RDONLY | O_CLOEXEC), what));
    // A file left behind without its mount opens fine but is no namespace; say so here rather
    // than let setns fail later with a bare "Invalid argument".
    if (::ioctl(fd.get(), NS_GET_NSTYPE) != CLONE_NEWNET) {
        throw Error(Errc::kNotFound, what + ": not a network namespace (an unmounted leftover file?)");
    }
    return fd;
}

void RunInNetns(const fs::path& netns, const std::function<void()>& work) {
    const UniqueFd fd = OpenNetns(netns);
    RunInNetnsFd(fd, work, "enter network namespace " + netns.string());
}

void RunInProcessNetns(pid_t pid, const std::function<void()>& work) {
    const fs::path netns = "/proc/" + std::to_string(pid) + "/ns/net";
    UniqueFd fd;
    try {
        fd = OpenNetns(netns);
    } catch (const Error& error) {
        if (error.code() == Errc::kNotFound) {
            throw Error(Errc::kNotFound,
                        "enter network namespace of process " + std::to_string(pid) + ": no such process");
        }
        throw;
    }
    RunInNetnsFd(fd, work, "enter network namespace of process " + std::to_string(pid));
}

}  // namespace engine::sys
