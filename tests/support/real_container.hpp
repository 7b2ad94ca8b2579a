#pragma once

// Helpers for tests that run real containers. Such tests put "RealContainer" in their test
// suite name (TEST(CrunRealContainer, ...)): scripts/test counts the ones that passed and
// prints the figure, and under CI=true a skipped one fails the run.

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/subprocess.hpp"

namespace engine::testing {

/// crun 1.8 refuses hybrid cgroup hosts whose cgroup2 mount has controllers
/// (DESIGN.md section 7); runc works there.
inline bool CrunCanRunHere() {
    if (!std::filesystem::exists("/usr/bin/crun")) {
        return false;
    }
    std::ifstream controllers("/sys/fs/cgroup/unified/cgroup.controllers");
    std::string listed;
    return !(controllers && std::getline(controllers, listed) && !listed.empty());
}

/// The runtime binary real-container tests use: crun when it can run here, else runc; "" when
/// neither is installed.
inline std::string PreferredRuntime() {
    if (CrunCanRunHere()) {
        return "/usr/bin/crun";
    }
    for (const char* runc : {"/usr/sbin/runc", "/usr/bin/runc"}) {
        if (std::filesystem::exists(runc)) {
            return runc;
        }
    }
    return "";
}

/// Whether / is a mount point, tried with the call dockerd and the OCI runtimes make first (a
/// recursive slave remount of /) in a throwaway mount namespace. It is not in a chroot (the
/// newcomer check), where that call and pivot_root fail with EINVAL.
inline bool RootIsAMountPoint() {
    const pid_t child = fork();
    if (child == 0) {
        const bool ok = unshare(CLONE_NEWNS) == 0 && mount(nullptr, "/", nullptr, MS_SLAVE | MS_REC, nullptr) == 0;
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/// Why real containers cannot run in this process ("" when they can).
inline std::string RealContainerBlocker() {
    if (geteuid() != 0) {
        return "needs root";
    }
    if (!RootIsAMountPoint()) {
        return "/ is not a mount point (a chroot): OCI runtimes cannot pivot_root here; run on a real machine";
    }
    if (PreferredRuntime().empty()) {
        return "needs crun or runc (scripts/install-deps installs them)";
    }
    if (!std::filesystem::exists("/bin/busybox")) {
        return "needs /bin/busybox (package busybox-static)";
    }
    return "";
}

/// A busybox root filesystem in `dir` (created if missing): /bin/busybox from busybox-static
/// with its applets as symlinks, /etc/passwd and /etc/group with root and nobody, and the
/// empty directories a container needs. The same content scripts/make-busybox-image imports.
inline void MakeBusyboxRootfs(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    const std::filesystem::path tar = dir.parent_path() / (dir.filename().string() + ".tar");
    const CommandResult made =
        RunCommand({std::string(BERTH_SOURCE_DIR) + "/scripts/make-busybox-image", "-o", tar.string()});
    if (made.exit_code != 0) {
        throw std::runtime_error("make-busybox-image failed: " + made.err);
    }
    const CommandResult unpacked = RunCommand({"tar", "-C", dir.string(), "-xf", tar.string()});
    std::filesystem::remove(tar);
    if (unpacked.exit_code != 0) {
        throw std::runtime_error("unpacking the busybox rootfs failed: " + unpacked.err);
    }
}

}  // namespace engine::testing

/// Skips the test unless real containers can run (root, a runtime, busybox). Under CI=true
/// scripts/test turns any skip into a failure.
#define REQUIRE_REAL_CONTAINERS()                                              \
    do {                                                                       \
        const std::string blocker = ::engine::testing::RealContainerBlocker(); \
        if (!blocker.empty()) {                                                \
            GTEST_SKIP() << "real containers: " << blocker;                    \
        }                                                                      \
    } while (false)
