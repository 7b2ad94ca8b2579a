#pragma once

// Shared setup of the integration tests: where the binaries are and one berthd per suite.

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/support/daemon_process.hpp"
#include "tests/support/subprocess.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::testing {

inline std::filesystem::path BerthdPath() {
    return BERTHD_PATH;
}
inline std::filesystem::path BerthPath() {
    return BERTH_PATH;
}
inline std::filesystem::path SourceDir() {
    return BERTH_SOURCE_DIR;
}

/// Writes the busybox rootfs tar the base image is imported from (scripts/make-busybox-image)
/// into `dir`. Making it forks a few hundred times (seconds on a loaded machine), so one tar
/// per busybox binary is kept in the build tree and copied for every test; the script's
/// output is deterministic, so the copy is what the script would write.
inline std::filesystem::path MakeBusyboxTar(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    const fs::path tar = dir / "busybox-rootfs.tar";
    const fs::path busybox = "/bin/busybox";
    std::error_code error;
    const auto stamp = fs::last_write_time(busybox, error).time_since_epoch().count();
    const fs::path cache_dir = BerthdPath().parent_path().parent_path() / "test-cache";
    const fs::path cached =
        cache_dir / ("busybox-" + std::to_string(fs::file_size(busybox, error)) + "-" + std::to_string(stamp) + ".tar");
    if (!fs::exists(cached)) {
        fs::create_directories(cache_dir);
        // Made under a unique name and renamed, so tests running in parallel never see half a tar.
        const fs::path partial = dir / "busybox-rootfs.partial.tar";
        const CommandResult made =
            RunCommand({(SourceDir() / "scripts/make-busybox-image").string(), "-o", partial.string()});
        if (made.exit_code != 0) {
            throw std::runtime_error("make-busybox-image failed: " + made.err);
        }
        fs::copy_file(partial, tar);
        const fs::path staged = cache_dir / (cached.filename().string() + "." + std::to_string(getpid()));
        fs::rename(partial, staged);
        fs::rename(staged, cached);
        return tar;
    }
    fs::copy_file(cached, tar);
    return tar;
}

/// One daemon on a temporary root for a whole test suite, plus the busybox rootfs tar.
struct SuiteDaemon {
    SuiteDaemon() : daemon(BerthdPath(), root.path()) {
        std::filesystem::create_directories(root.path() / "docker-config");
        busybox_tar = MakeBusyboxTar(root.path());
        daemon.Start();
    }
    /// Environment for clients: DOCKER_HOST/BERTH_HOST pointing at this daemon and a private
    /// docker config directory, so nothing under $HOME is touched.
    std::vector<std::string> ClientEnv() const {
        return {"DOCKER_HOST=" + daemon.host(),
                "BERTH_HOST=" + daemon.host(),
                "DOCKER_CONFIG=" + (root.path() / "docker-config").string()};
    }
    TempDir root;
    DaemonProcess daemon;
    std::filesystem::path busybox_tar;
};

}  // namespace engine::testing
