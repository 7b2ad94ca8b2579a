#pragma once

// Shared setup of the integration tests: where the binaries are and one berthd per suite.

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

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

/// Writes the busybox rootfs tar the base image is imported from (scripts/make-busybox-image).
inline std::filesystem::path MakeBusyboxTar(const std::filesystem::path& dir) {
    const std::filesystem::path tar = dir / "busybox-rootfs.tar";
    const CommandResult made = RunCommand({(SourceDir() / "scripts/make-busybox-image").string(), "-o", tar.string()});
    if (made.exit_code != 0) {
        throw std::runtime_error("make-busybox-image failed: " + made.err);
    }
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
