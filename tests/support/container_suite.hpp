#pragma once

// One berthd on a temporary root for tests that run real containers, with the busybox rootfs
// imported as busybox:latest, and a guard per test that removes the containers it made.
// Everything is torn down even when a test fails: containers and their shims (which outlive
// berthd by design) are killed through the exec root, mounts under the root are detached.

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/container_cleanup.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/subprocess.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::testing {

class ContainerSuiteDaemon final {
  public:
    /// Starts `berthd` and imports `busybox_tar` as busybox:latest (CMD ["sh"]) through
    /// `docker_cli`. Throws std::runtime_error with the CLI's output when that fails.
    ContainerSuiteDaemon(const std::filesystem::path& berthd,
                         const std::filesystem::path& busybox_tar,
                         const std::string& docker_cli,
                         std::vector<std::string> extra_args = {})
        : daemon_(berthd, root_.path(), std::move(extra_args)) {
        std::filesystem::create_directories(root_.path() / "docker-config");
        daemon_.Start();
        const CommandResult imported = RunCommand(
            {docker_cli, "import", "-c", "CMD [\"sh\"]", busybox_tar.string(), "busybox:latest"}, ClientEnv());
        if (imported.exit_code != 0) {
            throw std::runtime_error("importing busybox failed: " + imported.err + "\nberthd log:\n" + daemon_.Log());
        }
    }
    ContainerSuiteDaemon(const ContainerSuiteDaemon&) = delete;
    ContainerSuiteDaemon& operator=(const ContainerSuiteDaemon&) = delete;
    ~ContainerSuiteDaemon() {
        daemon_.Kill();
        KillContainersUnder(root_.path() / "exec");
        UnmountUnder(root_.path());
        // A killed daemon leaves its nftables table (a stopped one removes it).
        RunCommand({"nft", "delete", "table", "inet", daemon_.nft_table()});
    }

    /// Kills berthd (SIGKILL, containers keep running) and starts it again on the same root.
    void RestartDaemon() {
        daemon_.Kill();
        daemon_.Start();
    }

    /// DOCKER_HOST/BERTH_HOST for this daemon and a private docker config directory.
    std::vector<std::string> ClientEnv() const {
        return {"DOCKER_HOST=" + daemon_.host(),
                "BERTH_HOST=" + daemon_.host(),
                "DOCKER_CONFIG=" + (root_.path() / "docker-config").string()};
    }
    const DaemonProcess& daemon() const { return daemon_; }
    const std::filesystem::path& root() const { return root_.path(); }

  private:
    TempDir root_;  // destroyed last: after the daemon and the cleanup above
    DaemonProcess daemon_;
};

/// Removes (docker rm -f) the containers a test names when the test ends, pass or fail.
class ContainerNames final {
  public:
    ContainerNames(std::string docker_cli, std::vector<std::string> env)
        : docker_cli_(std::move(docker_cli)), env_(std::move(env)) {}
    ContainerNames(const ContainerNames&) = delete;
    ContainerNames& operator=(const ContainerNames&) = delete;
    ~ContainerNames() {
        if (!names_.empty()) {
            std::vector<std::string> args = {docker_cli_, "rm", "-f"};
            args.insert(args.end(), names_.begin(), names_.end());
            RunCommand(args, env_, "", std::chrono::seconds(60));
        }
    }

    /// Records `name` for removal and returns it.
    const std::string& Add(std::string name) { return names_.emplace_back(std::move(name)); }

  private:
    std::string docker_cli_;
    std::vector<std::string> env_;
    std::vector<std::string> names_;
};

}  // namespace engine::testing
