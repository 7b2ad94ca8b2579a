#pragma once

#include <csignal>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "engine/base/error.hpp"

namespace engine::runtime {

/// The descriptors a runtime process gets as its stdin, stdout and stderr; -1 means
/// /dev/null. For `create` and `exec` without a terminal these become the container
/// process's own stdio (the runtime passes them through).
struct RuntimeStdio {
    int in = -1;
    int out = -1;
    int err = -1;
};

/// What `<runtime> state <id>` reports.
struct RuntimeState {
    std::string id;
    std::string status;  ///< "created", "running", "paused", "stopped"
    pid_t pid = 0;       ///< the init process, 0 once stopped
    std::string bundle;
};

/// The OCI runtime command line (crun and runc share it) for containers kept under one state
/// root (`--root`). Every call runs the binary once and waits for it. Failures throw Error
/// with the runtime's own message, taken from its JSON log (`--log --log-format json`, the
/// last "error" entry) or else its stderr, as Docker shows it: "OCI runtime create failed:
/// runc create failed: unable to start container process: exec: "/x": stat /x: no such file
/// or directory". Codes: kNotFound when the container does not exist, kInvalidArgument when
/// the process cannot be started (missing executable, permission denied), kInternal else.
/// Thread-safe (no shared mutable state); safe to call from a multithreaded process.
class OciRuntime final {
  public:
    /// `binary` is the runtime executable, `root` its state directory (created when missing).
    OciRuntime(std::filesystem::path binary, std::filesystem::path root);

    const std::filesystem::path& binary() const { return binary_; }
    const std::filesystem::path& root() const { return root_; }

    /// `create --bundle <bundle> --pid-file <pid_file> [--console-socket <socket>] <id>`.
    /// With a console socket the runtime sends the pty master over it (SCM_RIGHTS) and
    /// `stdio` is ignored. Returns once the container is created (init waits for Start).
    void Create(const std::string& id,
                const std::filesystem::path& bundle,
                const std::filesystem::path& pid_file,
                const std::filesystem::path& console_socket,
                RuntimeStdio stdio) const;
    /// `start <id>`: runs the process given at create.
    void Start(const std::string& id) const;
    /// `kill [--all] <id> <signal>`.
    void Kill(const std::string& id, int signal, bool all = false) const;
    /// `delete [--force] <id>`.
    void Delete(const std::string& id, bool force = false) const;
    /// `state <id>`, parsed. Throws kNotFound when the runtime does not know `id`.
    RuntimeState State(const std::string& id) const;
    /// `pause <id>` / `resume <id>` (cgroup freezer).
    void Pause(const std::string& id) const;
    void Resume(const std::string& id) const;
    /// `exec --process <process_file> --pid-file <pid_file> [--console-socket <s>] [--detach]
    /// <id>`: starts another process in the running container, described by an OCI process
    /// JSON. Without detach this waits for the process to finish (and returns normally even
    /// when it failed: the exit code is the caller's to learn through other means).
    void Exec(const std::string& id,
              const std::filesystem::path& process_file,
              const std::filesystem::path& pid_file,
              const std::filesystem::path& console_socket,
              bool detach,
              RuntimeStdio stdio) const;
    /// `ps --format json <id>`: the host PIDs of the container's processes.
    std::vector<pid_t> Ps(const std::string& id) const;

  private:
    struct Output {
        std::string out;
    };
    Output Run(std::string_view verb,
               const std::string& id,
               const std::vector<std::string>& args,
               RuntimeStdio stdio,
               bool wait_for_exit_code = true) const;

    std::filesystem::path binary_;
    std::filesystem::path root_;
};

/// Parses the JSON `<runtime> state` prints. Throws Error(kInternal) on malformed output.
RuntimeState ParseRuntimeState(std::string_view json_text);

/// The Errc for a runtime's error message from `verb` (see OciRuntime): kNotFound for an
/// unknown container (runc's and crun's wordings), kInvalidArgument when create/exec/start
/// cannot run the process, kInternal otherwise.
Errc RuntimeErrorCode(std::string_view verb, std::string_view message);

/// The message of the last "error" entry of a runtime JSON log (one object per line, the last
/// line possibly without newline); "" when there is none.
std::string LastRuntimeLogError(std::string_view log_text);

}  // namespace engine::runtime
