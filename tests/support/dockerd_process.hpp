#pragma once

// Debian's dockerd for interop tests: on its own temporary roots and socket, without a
// default bridge or iptables rules, so it never touches the host's network setup.

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/subprocess.hpp"

namespace engine::testing {

/// Starts dockerd in the constructor and stops it (SIGTERM, then SIGKILL) in the destructor.
class Dockerd final {
  public:
    /// `extra_args` go after the fixed flags (e.g. --default-address-pool, so its networks do
    /// not take subnets a berthd of a test running alongside may pick).
    explicit Dockerd(const std::filesystem::path& root, std::vector<std::string> extra_args = {}) : root_(root) {
        std::vector<std::string> args = {"dockerd",
                                         "--data-root",
                                         (root_ / "data").string(),
                                         "--exec-root",
                                         (root_ / "exec").string(),
                                         "-H",
                                         host(),
                                         "--pidfile",
                                         (root_ / "dockerd.pid").string(),
                                         "--bridge=none",
                                         "--iptables=false",
                                         "--ip6tables=false",
                                         "--ip-masq=false"};
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        std::vector<char*> argv;
        for (std::string& arg : args) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        pid_ = fork();
        if (pid_ == 0) {
            const int log = open((root_ / "dockerd.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            dup2(log, 1);
            dup2(log, 2);
            execv("/usr/sbin/dockerd", argv.data());
            _exit(127);
        }
    }
    ~Dockerd() {
        kill(pid_, SIGTERM);
        for (int i = 0; i < 300 && waitpid(pid_, nullptr, WNOHANG) == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        umount2((root_ / "data").c_str(), MNT_DETACH);
    }
    std::string host() const { return "unix://" + (root_ / "dockerd.sock").string(); }
    bool WaitReady() const {
        for (int i = 0; i < 300; ++i) {
            if (RunCommand({"/usr/bin/docker", "-H", host(), "version"}).exit_code == 0) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }

  private:
    std::filesystem::path root_;
    pid_t pid_ = -1;
};

}  // namespace engine::testing
