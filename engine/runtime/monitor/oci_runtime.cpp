#include "engine/runtime/monitor/oci_runtime.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/runtime/monitor/unique_fd.hpp"

extern char** environ;  // NOLINT: POSIX provides the process environment only this way

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

// Starts the runtime (-1 when it cannot be started) with `in`, `out` and `err` (or /dev/null for -1) as its stdio and
// no other descriptor of ours. posix_spawn rather than fork: glibc spawns with CLONE_VFORK, without copying the
// daemon's page tables, which made every `crun kill` of a parallel `down` wait for the fork before it.
pid_t SpawnRuntime(const std::string& binary, const std::vector<char*>& argv, int in, int out, int err) {
    const UniqueFd null_fd(CheckSyscall(::open("/dev/null", O_RDWR | O_CLOEXEC), "open /dev/null"));
    // Copies above 2 first, so that placing one cannot overwrite another's source.
    const int sources[3] = {
        in >= 0 ? in : null_fd.get(), out >= 0 ? out : null_fd.get(), err >= 0 ? err : null_fd.get()};
    std::vector<UniqueFd> copies;
    for (const int source : sources) {
        copies.emplace_back(CheckSyscall(::fcntl(source, F_DUPFD_CLOEXEC, 3), "duplicate stdio for " + binary));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    for (int target = 0; target < 3; ++target) {
        posix_spawn_file_actions_adddup2(&actions, copies[static_cast<std::size_t>(target)].get(), target);
    }
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);  // nothing else leaks into the runtime
    // The caller may block or ignore signals (the shim does); the runtime and the container
    // process would inherit that, and a container that cannot get SIGTERM never stops.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    const int error = ::posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    // A runtime that cannot be started reads like one that could not exec (exit code 127).
    return error == 0 ? pid : -1;
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

    const pid_t pid = SpawnRuntime(binary_.string(), argv, stdio.in, stdio.out, stdio.err);
    int status = W_EXITCODE(127, 0);
    while (pid > 0 && ::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
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
