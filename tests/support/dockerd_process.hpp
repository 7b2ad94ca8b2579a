#pragma once

// Debian's dockerd for interop tests: on its own temporary roots and socket, without a
// default bridge or iptables rules, so it never touches the host's network setup.

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

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
    explicit Dockerd(const std::filesystem::path& root) : root_(root) {
        pid_ = fork();
        if (pid_ == 0) {
            const int log = open((root_ / "dockerd.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            dup2(log, 1);
            dup2(log, 2);
            execl("/usr/sbin/dockerd",
                  "dockerd",
                  "--data-root",
                  (root_ / "data").c_str(),
                  "--exec-root",
                  (root_ / "exec").c_str(),
                  "-H",
                  host().c_str(),
                  "--pidfile",
                  (root_ / "dockerd.pid").c_str(),
                  "--bridge=none",
                  "--iptables=false",
                  "--ip6tables=false",
                  "--ip-masq=false",
                  nullptr);
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
