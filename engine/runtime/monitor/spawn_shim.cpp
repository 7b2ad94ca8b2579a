// SpawnShim and StartGatedContainer of shim.hpp: the daemon's side of launching a shim.

#include <cerrno>
#include <csignal>
#include <vector>

#include <fcntl.h>
#include <linux/close_range.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/runtime/monitor/attach_client.hpp"
#include "engine/runtime/monitor/shim.hpp"
#include "engine/runtime/monitor/shim_report.hpp"

namespace engine::runtime {
namespace {

/// The middle process of the double fork, then the shim: async-signal-safe calls only.
[[noreturn]] void BecomeShim(const std::vector<char*>& argv, int report_fd, int log_fd, int null_fd) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);  // the daemon's threads may block signals
    ::setsid();  // own session: a terminal hangup or the daemon's process group does not reach it
    const pid_t shim = ::fork();
    if (shim != 0) {
        ::_exit(shim < 0 ? 1 : 0);  // the shim is reparented to init (or the nearest subreaper)
    }
    if (::dup2(null_fd, 0) < 0 || ::dup2(log_fd, 1) < 0 || ::dup2(log_fd, 2) < 0 ||
        ::dup2(report_fd, kShimReportFd) < 0 || ::chdir("/") < 0) {
        ::_exit(127);
    }
    // Whatever else the daemon has open (its API socket, other containers' files) must not
    // live on in a process that outlives it.
    ::close_range(kShimReportFd + 1, ~0U, 0);
    ::execv(argv[0], argv.data());
    const char message[] = "berth-shim: cannot execute the shim binary\n";
    [[maybe_unused]] const ssize_t ignored = ::write(2, message, sizeof message - 1);
    ::_exit(127);
}

/// Reads the report until the shim closes its end (or the deadline passes).
std::string ReadReport(int fd, std::chrono::milliseconds timeout) {
    std::string report;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            throw Error(Errc::kUnavailable,
                        "berth-shim did not report within " + std::to_string(timeout.count()) + " ms");
        }
        pollfd watched{fd, POLLIN, 0};
        if (::poll(&watched, 1, static_cast<int>(left.count())) <= 0) {
            continue;
        }
        char buffer[4096];
        const ssize_t count = ::read(fd, buffer, sizeof buffer);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            return report;
        }
        report.append(buffer, static_cast<std::size_t>(count));
    }
}

std::string ShimLogTail(const std::filesystem::path& state_dir) {
    try {
        std::string text = ReadFile(state_dir / "shim.log");
        constexpr std::size_t kTail = 2000;
        return text.size() > kTail ? text.substr(text.size() - kTail) : text;
    } catch (const Error&) {
        return "";
    }
}

void PrepareStateDir(const ShimOptions& options) {
    if (options.log_driver != "json-file" && options.log_driver != "none") {
        throw Error(Errc::kInvalidArgument,
                    "log driver \"" + options.log_driver + "\" is not supported; use json-file or none");
    }
    if (options.log_driver == "json-file" && !options.exec && options.log_path.empty()) {
        throw Error(Errc::kInvalidArgument, "the json-file log driver needs a log path");
    }
    std::filesystem::create_directories(options.state_dir);
    for (const char* stale : {"exit.json", "init.pid", "shim.pid", "runtime.pid", "attach.sock", "console.sock"}) {
        std::error_code ignored;
        std::filesystem::remove(options.state_dir / stale, ignored);
    }
    WriteFileAtomically(options.state_dir / "shim.json", ShimOptionsToJson(options), 0600);
}

}  // namespace

ShimProcess SpawnShim(const ShimOptions& options, std::chrono::milliseconds timeout) {
    PrepareStateDir(options);
    const std::string context = "start berth-shim for " + options.container_id;
    const std::string log_path = (options.state_dir / "shim.log").string();
    UniqueFd log_fd(CheckSyscall(::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600),
                                 context + ": open " + log_path));
    UniqueFd null_fd(CheckSyscall(::open("/dev/null", O_RDWR | O_CLOEXEC), context + ": open /dev/null"));
    int report_pipe[2];
    CheckSyscall(::pipe2(report_pipe, O_CLOEXEC), context + ": pipe");
    UniqueFd report_read(report_pipe[0]);
    UniqueFd report_write(report_pipe[1]);

    std::vector<std::string> words = {
        options.shim_binary.string(), options.exec ? "exec" : "run", options.state_dir.string()};
    std::vector<char*> argv;
    for (std::string& word : words) {
        argv.push_back(word.data());
    }
    argv.push_back(nullptr);

    const pid_t middle = CheckSyscall(::fork(), context + ": fork");
    if (middle == 0) {
        BecomeShim(argv, report_write.get(), log_fd.get(), null_fd.get());
    }
    report_write.Reset();
    int status = 0;
    while (::waitpid(middle, &status, 0) < 0 && errno == EINTR) {
    }
    const std::string report = ReadReport(report_read.get(), timeout);
    if (report.empty()) {
        throw Error(Errc::kInternal,
                    context + ": the shim exited without reporting; its log says: " + ShimLogTail(options.state_dir));
    }
    return ParseShimReport(report);
}

void StartGatedContainer(const std::filesystem::path& state_dir) {
    AttachClient client = AttachClient::Connect(state_dir);
    client.Send(FrameType::kStart, {});
    while (std::optional<Frame> frame = client.ReadFrame()) {
        if (frame->type == FrameType::kStartResult) {
            if (!frame->payload.empty()) {
                throw ParseShimError(frame->payload);
            }
            return;
        }
    }
    throw Error(Errc::kUnavailable, "start " + state_dir.filename().string() + ": the shim closed the connection");
}

}  // namespace engine::runtime
