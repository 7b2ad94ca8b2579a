#pragma once

// Runs programs for integration tests: the real berthd, berth, docker CLIs and python clients.

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace engine::testing {

struct CommandResult {
    int exit_code = -1;  ///< 128 + signal when killed; -1 when it timed out
    std::string out;
    std::string err;
};

namespace detail {

inline void ReadAvailable(int fd, std::string& into, bool& open) {
    char buffer[65536];
    const ssize_t count = read(fd, buffer, sizeof buffer);
    if (count > 0) {
        into.append(buffer, static_cast<std::size_t>(count));
    } else if (count == 0 || (errno != EINTR && errno != EAGAIN)) {
        open = false;
    }
}

[[noreturn]] inline void ExecChild(
    const std::vector<std::string>& argv, const std::vector<std::string>& env, int in, int out, int err) {
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    for (const std::string& assignment : env) {
        putenv(const_cast<char*>(assignment.c_str()));
    }
    std::vector<char*> args;
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
}

}  // namespace detail

/// Runs `argv` (PATH lookup), feeding `input` on stdin, with `env` ("K=V") added to this
/// process's environment; kills it after `timeout`. Never throws for the child's failures.
inline CommandResult RunCommand(const std::vector<std::string>& argv,
                                const std::vector<std::string>& env = {},
                                const std::string& input = "",
                                std::chrono::seconds timeout = std::chrono::seconds(120)) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const pid_t pid = fork();
    if (pid == 0) {
        detail::ExecChild(argv, env, in_pipe[0], out_pipe[1], err_pipe[1]);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    // Small inputs only (tests): written before reading, so keep them under the pipe buffer.
    if (!input.empty() && write(in_pipe[1], input.data(), input.size()) < 0) {
        // The child may exit without reading; its exit code tells the story.
    }
    close(in_pipe[1]);
    CommandResult result;
    bool out_open = true, err_open = true;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while ((out_open || err_open) && std::chrono::steady_clock::now() < deadline) {
        pollfd fds[2] = {{out_open ? out_pipe[0] : -1, POLLIN, 0}, {err_open ? err_pipe[0] : -1, POLLIN, 0}};
        if (poll(fds, 2, 200) <= 0) {
            continue;
        }
        if (fds[0].revents != 0) {
            detail::ReadAvailable(out_pipe[0], result.out, out_open);
        }
        if (fds[1].revents != 0) {
            detail::ReadAvailable(err_pipe[0], result.err, err_open);
        }
    }
    const bool timed_out = out_open || err_open;
    if (timed_out) {
        kill(pid, SIGKILL);
    }
    close(out_pipe[0]);
    close(err_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (timed_out) {
        result.exit_code = -1;
    } else if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.exit_code = 128 + WTERMSIG(status);
    }
    return result;
}

}  // namespace engine::testing
