#pragma once

// A real berthd for integration tests: its own temporary data root, exec root and socket,
// started as a child process and always stopped (SIGKILL as a last resort) by the destructor.

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace engine::testing {

class DaemonProcess final {
  public:
    /// `root` holds data/, exec/, berthd.sock and berthd.log; it must exist and outlive this.
    DaemonProcess(std::filesystem::path berthd, std::filesystem::path root, std::vector<std::string> extra_args = {})
        : berthd_(std::move(berthd)), root_(std::move(root)), extra_args_(std::move(extra_args)) {}
    DaemonProcess(const DaemonProcess&) = delete;
    DaemonProcess& operator=(const DaemonProcess&) = delete;
    ~DaemonProcess() { Kill(); }

    std::filesystem::path socket() const { return root_ / "berthd.sock"; }
    std::string host() const { return "unix://" + socket().string(); }
    std::filesystem::path data_root() const { return root_ / "data"; }
    std::filesystem::path log_path() const { return root_ / "berthd.log"; }
    pid_t pid() const { return pid_; }
    /// The nftables table this daemon uses unless the test chose one: unique per root.
    std::string nft_table() const {
        return "berth_test_" + std::to_string(std::hash<std::string>{}(root_.string()) % 100000000);
    }

    /// Starts berthd and waits until its socket accepts connections. Throws with the log's
    /// content when it exits or does not answer within `timeout`.
    void Start(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::vector<std::string> args = {berthd_.string(),
                                         "--data-root",
                                         data_root().string(),
                                         "--exec-root",
                                         (root_ / "exec").string(),
                                         "-H",
                                         host(),
                                         "--log-level",
                                         "debug"};
        // Networking defaults that keep parallel test daemons apart and off the host's DNS: no
        // default bridge, an nftables table of this root's own, no DNS forwarding. A test that
        // wants any of them passes the flag itself.
        const auto given = [this](std::string_view flag) {
            return std::find(extra_args_.begin(), extra_args_.end(), flag) != extra_args_.end();
        };
        if (!given("--bridge")) {
            args.insert(args.end(), {"--bridge", "none"});
        }
        if (!given("--nft-table")) {
            args.insert(args.end(), {"--nft-table", nft_table()});
        }
        if (!given("--dns-forward")) {
            args.insert(args.end(), {"--dns-forward", "none"});
        }
        args.insert(args.end(), extra_args_.begin(), extra_args_.end());
        pid_ = fork();
        if (pid_ == 0) {
            const int log = open(log_path().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
            dup2(log, 1);
            dup2(log, 2);
            std::vector<char*> argv;
            for (std::string& arg : args) {
                argv.push_back(arg.data());
            }
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error("berthd exited at start; log:\n" + Log());
            }
            if (Connectable()) {
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        throw std::runtime_error("berthd did not answer within the timeout; log:\n" + Log());
    }

    /// SIGTERM and wait; returns the exit status (as RunCommand reports it).
    int Stop(std::chrono::seconds timeout = std::chrono::seconds(20)) { return Signal(SIGTERM, timeout); }

    /// SIGKILL and reap.
    void Kill() {
        if (pid_ > 0) {
            Signal(SIGKILL, std::chrono::seconds(20));
        }
    }

    std::string Log() const {
        std::ifstream in(log_path());
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

    /// Polls the log until `pattern` matches (listeners log their addresses after the UNIX
    /// socket already accepts, so a test must not read the log only once); returns the match.
    std::smatch WaitForLog(const std::regex& pattern,
                           std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            // The searched text must outlive the match, so it is kept in a member.
            last_log_ = Log();
            std::smatch match;
            if (std::regex_search(last_log_, match, pattern)) {
                return match;
            }
            if (std::chrono::steady_clock::now() > deadline) {
                throw std::runtime_error("berthd's log never matched the expected line; log:\n" + last_log_);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

    bool Connectable() const {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, socket().c_str(), sizeof address.sun_path - 1);
        const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        close(fd);
        return ok;
    }

  private:
    int Signal(int signal_number, std::chrono::seconds timeout) {
        if (pid_ <= 0) {
            return -1;
        }
        kill(pid_, signal_number);
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        int status = 0;
        while (waitpid(pid_, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                kill(pid_, SIGKILL);
                waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

    mutable std::string last_log_;
    std::filesystem::path berthd_;
    std::filesystem::path root_;
    std::vector<std::string> extra_args_;
    pid_t pid_ = -1;
};

}  // namespace engine::testing
