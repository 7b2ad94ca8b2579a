#include "engine/runtime/monitor/oci_runtime.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <linux/close_range.h>
#include <nlohmann/json.hpp>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/runtime/monitor/unique_fd.hpp"

namespace engine::runtime {
namespace {

/// Reads a descriptor (a memfd or a regular file) from its start.
std::string ReadFromStart(int fd) {
    std::string text;
    char buffer[4096];
    off_t offset = 0;
    while (true) {
        const ssize_t count = ::pread(fd, buffer, sizeof buffer, offset);
        if (count <= 0) {
            return text;
        }
        text.append(buffer, static_cast<std::size_t>(count));
        offset += count;
    }
}

UniqueFd MemFd(const char* name) {
    return UniqueFd(CheckSyscall(::memfd_create(name, MFD_CLOEXEC), "memfd_create"));
}

std::string Trim(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

/// The child side of a runtime run: only async-signal-safe calls until exec.
[[noreturn]] void ExecRuntime(const std::vector<char*>& argv, int in, int out, int err) {
    // The caller may block or ignore signals (the shim does); the runtime and the container
    // process would inherit that, and a container that cannot get SIGTERM never stops.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    const int null_fd = ::open("/dev/null", O_RDWR);
    // Copies above 2 first, so that placing one cannot overwrite another's source.
    int copies[3];
    const int sources[3] = {in >= 0 ? in : null_fd, out >= 0 ? out : null_fd, err >= 0 ? err : null_fd};
    for (int target = 0; target < 3; ++target) {
        copies[target] = ::fcntl(sources[target], F_DUPFD_CLOEXEC, 3);
    }
    for (int target = 0; target < 3; ++target) {
        if (copies[target] < 0 || ::dup2(copies[target], target) < 0) {
            ::_exit(127);
        }
    }
    ::close_range(3, ~0U, 0);  // nothing else of the caller's leaks into the runtime or container
    ::execv(argv[0], argv.data());
    ::_exit(127);
}

}  // namespace

OciRuntime::OciRuntime(std::filesystem::path binary, std::filesystem::path root)
    : binary_(std::move(binary)), root_(std::move(root)) {}

OciRuntime::Output OciRuntime::Run(std::string_view verb,
                                   const std::string& id,
                                   const std::vector<std::string>& args,
                                   RuntimeStdio stdio,
                                   bool wait_for_exit_code) const {
    std::error_code ignored;
    std::filesystem::create_directories(root_, ignored);
    std::string log_template = (root_ / ".log-XXXXXX").string();
    UniqueFd log_fd(
        CheckSyscall(::mkostemp(log_template.data(), O_CLOEXEC), "create runtime log in " + root_.string()));
    const std::filesystem::path log_path = log_template;
    UniqueFd out_capture = MemFd("runtime-stdout");
    UniqueFd err_capture = MemFd("runtime-stderr");
    if (stdio.out < 0) {
        stdio.out = out_capture.get();
    }
    if (stdio.err < 0) {
        stdio.err = err_capture.get();
    }

    std::vector<std::string> words = {binary_.string(),
                                      "--root",
                                      root_.string(),
                                      "--log",
                                      log_path.string(),
                                      "--log-format",
                                      "json",
                                      std::string(verb)};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& word : words) {
        argv.push_back(word.data());
    }
    argv.push_back(nullptr);

    const pid_t pid = CheckSyscall(::fork(), "fork for " + binary_.string());
    if (pid == 0) {
        ExecRuntime(argv, stdio.in, stdio.out, stdio.err);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    const std::string log_text = ReadFromStart(log_fd.get());
    std::filesystem::remove(log_path, ignored);
    Output output{ReadFromStart(out_capture.get())};
    const bool failed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    if (!failed || !wait_for_exit_code) {
        return output;
    }
    std::string message = LastRuntimeLogError(log_text);
    if (message.empty()) {
        message = Trim(ReadFromStart(err_capture.get()));
    }
    if (message.empty()) {
        message = WIFEXITED(status) && WEXITSTATUS(status) == 127
                      ? "cannot execute " + binary_.string() + "; install crun or runc or fix the runtime path"
                      : binary_.filename().string() + " " + std::string(verb) + " " + id + " failed without a message";
    }
    throw Error(RuntimeErrorCode(verb, message), "OCI runtime " + std::string(verb) + " failed: " + message);
}

void OciRuntime::Create(const std::string& id,
                        const std::filesystem::path& bundle,
                        const std::filesystem::path& pid_file,
                        const std::filesystem::path& console_socket,
                        RuntimeStdio stdio) const {
    std::vector<std::string> args = {"--bundle", bundle.string(), "--pid-file", pid_file.string()};
    if (!console_socket.empty()) {
        args.insert(args.end(), {"--console-socket", console_socket.string()});
    }
    args.push_back(id);
    Run("create", id, args, stdio);
}

void OciRuntime::Start(const std::string& id) const {
    Run("start", id, {id}, {});
}

void OciRuntime::Kill(const std::string& id, int signal, bool all) const {
    std::vector<std::string> args;
    if (all) {
        args.push_back("--all");
    }
    args.insert(args.end(), {id, std::to_string(signal)});
    Run("kill", id, args, {});
}

void OciRuntime::Delete(const std::string& id, bool force) const {
    std::vector<std::string> args;
    if (force) {
        args.push_back("--force");
    }
    args.push_back(id);
    Run("delete", id, args, {});
}

RuntimeState OciRuntime::State(const std::string& id) const {
    return ParseRuntimeState(Run("state", id, {id}, {}).out);
}

void OciRuntime::Pause(const std::string& id) const {
    Run("pause", id, {id}, {});
}

void OciRuntime::Resume(const std::string& id) const {
    Run("resume", id, {id}, {});
}

void OciRuntime::Exec(const std::string& id,
                      const std::filesystem::path& process_file,
                      const std::filesystem::path& pid_file,
                      const std::filesystem::path& console_socket,
                      bool detach,
                      RuntimeStdio stdio) const {
    std::vector<std::string> args = {"--process", process_file.string(), "--pid-file", pid_file.string()};
    if (!console_socket.empty()) {
        args.insert(args.end(), {"--console-socket", console_socket.string()});
    }
    if (detach) {
        args.push_back("--detach");
    }
    args.push_back(id);
    // Attached, the runtime's exit code is the process's: not a failure of the runtime.
    Run("exec", id, args, stdio, detach);
}

std::vector<pid_t> OciRuntime::Ps(const std::string& id) const {
    const std::string out = Run("ps", id, {"--format", "json", id}, {}).out;
    std::vector<pid_t> pids;
    try {
        const nlohmann::json parsed = nlohmann::json::parse(out.empty() ? "[]" : out);
        for (const nlohmann::json& pid : parsed) {
            pids.push_back(pid.get<pid_t>());
        }
    } catch (const nlohmann::json::exception& error) {
        throw Error(Errc::kInternal, "parse `" + binary_.string() + " ps` output: " + error.what());
    }
    return pids;
}

Errc RuntimeErrorCode(std::string_view verb, std::string_view message) {
    const auto has = [&](std::string_view part) { return message.find(part) != std::string_view::npos; };
    // runc: "container does not exist"; crun: "error opening file `<root>/<id>/status`: …".
    if (has("does not exist") || has("container not found") || has("/status`")) {
        return Errc::kNotFound;
    }
    const bool starts_process = verb == "create" || verb == "exec" || verb == "start";
    if (starts_process && (has("no such file or directory") || has("No such file or directory") || has("not found") ||
                           has("ermission denied"))) {
        return Errc::kInvalidArgument;
    }
    return Errc::kInternal;
}

RuntimeState ParseRuntimeState(std::string_view json_text) {
    try {
        const nlohmann::json parsed = nlohmann::json::parse(json_text);
        RuntimeState state;
        state.id = parsed.value("id", "");
        state.status = parsed.value("status", "");
        state.pid = parsed.value("pid", 0);
        state.bundle = parsed.value("bundle", "");
        return state;
    } catch (const nlohmann::json::exception& error) {
        throw Error(Errc::kInternal, std::string("parse runtime state output: ") + error.what());
    }
}

std::string LastRuntimeLogError(std::string_view log_text) {
    std::string message;
    // One JSON object per line; runc does not always end the last one with a newline, and a
    // line may hold several objects back to back, so scan object by object.
    std::size_t position = 0;
    while ((position = log_text.find('{', position)) != std::string_view::npos) {
        std::size_t end = log_text.find('\n', position);
        const std::string_view candidate =
            log_text.substr(position, end == std::string_view::npos ? end : end - position);
        const nlohmann::json entry = nlohmann::json::parse(candidate, nullptr, false);
        if (entry.is_object() && entry.value("level", "") == "error") {
            message = entry.value("msg", "");
        }
        position = end == std::string_view::npos ? log_text.size() : end + 1;
    }
    return message;
}

}  // namespace engine::runtime
