#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <sys/types.h>

#include "engine/runtime/monitor/unique_fd.hpp"

namespace engine::runtime {

/// Everything a berth-shim needs; SpawnShim stores it as <state_dir>/shim.json, which the
/// shim reads at start (and a restarted daemon may read back).
///
/// The state directory of a running shim holds:
///   shim.json    these options
///   shim.pid     {"pid":N,"start_time":T} of the shim (T: /proc/N/stat field 22, so a
///                reused PID is not mistaken for the shim)
///   init.pid     the same for the container's init (exec mode: the exec'd process)
///   runtime.pid  the runtime's --pid-file (plain number)
///   attach.sock  the attach socket (attach_protocol.hpp)
///   shim.log     the shim's own diagnostics
///   exit.json    written atomically on exit: {"exit_code":n,"oom_killed":b,
///                "finished_at":"<RFC3339Nano>","error":""}; 128+signal for a signal death
struct ShimOptions {
    std::filesystem::path shim_binary;  ///< the berth-shim executable
    std::string container_id;           ///< the runtime's container id
    std::filesystem::path bundle;       ///< OCI bundle (config.json, rootfs)
    std::filesystem::path state_dir;    ///< <exec-root>/containers/<id> (or an exec's own dir)
    std::filesystem::path runtime_binary;
    std::filesystem::path runtime_root;  ///< the runtime's --root
    bool tty = false;
    bool open_stdin = false;
    bool stdin_once = false;
    std::string log_driver = "json-file";  ///< "json-file" or "none"
    std::filesystem::path log_path;        ///< <data-root>/containers/<id>/<id>-json.log
    std::uint64_t log_max_size = 0;        ///< bytes; 0 = unlimited
    int log_max_file = 1;
    /// When set, the shim creates the container and waits for a kStart frame on attach.sock
    /// before running `start`, so that attach clients miss no output (docker run without -d
    /// attaches before it starts). SpawnShim then returns after create. In exec mode the
    /// whole `runtime exec` waits for kStart, and SpawnShim's init identity is {0, 0} (read
    /// init.pid after StartGatedContainer).
    bool start_gate = false;
    /// Exec mode (`berth-shim exec`): run `runtime exec --detach --process <process_file>` in
    /// the running container `container_id` instead of create+start; output goes only to
    /// attach clients (never to the log), and the runtime's delete is not run.
    bool exec = false;
    std::filesystem::path process_file;
};

/// ShimOptions as the JSON of shim.json, and back. FromJson throws Error(kInvalidArgument).
std::string ShimOptionsToJson(const ShimOptions& options);
ShimOptions ShimOptionsFromJson(std::string_view json_text);

/// A process identified safely against PID reuse.
struct ProcessIdentity {
    pid_t pid = 0;
    std::uint64_t start_time = 0;  ///< clock ticks after boot (/proc/<pid>/stat field 22)
};

/// The identity of a live process; nullopt when `pid` does not exist.
std::optional<ProcessIdentity> IdentifyProcess(pid_t pid);
/// True when the process recorded in `identity` still runs (same PID and start time) and is
/// not a zombie.
bool IsAlive(const ProcessIdentity& identity);
/// Reads shim.pid/init.pid style files; nullopt when missing or malformed.
std::optional<ProcessIdentity> ReadProcessIdentity(const std::filesystem::path& file);
/// Writes them atomically.
void WriteProcessIdentity(const std::filesystem::path& file, const ProcessIdentity& identity);

/// What SpawnShim learned.
struct ShimProcess {
    ProcessIdentity shim;
    ProcessIdentity init;  ///< the container's init (or the exec'd process; {0,0} for a gated exec)
};

/// Launches berth-shim for `options` (writing shim.json, removing a stale exit.json) and
/// waits until it reports that the container started (created, with start_gate; exec mode:
/// that the exec'd process runs). The shim is not this process's child: it is double-forked
/// into its own session, so it outlives this process. Throws Error with the runtime's
/// message (e.g. a missing executable gives kInvalidArgument), or kUnavailable when the shim
/// gave no answer within `timeout` (see shim.log in the state dir). Safe in a multithreaded
/// process (only async-signal-safe calls between fork and exec).
ShimProcess SpawnShim(const ShimOptions& options, std::chrono::milliseconds timeout = std::chrono::seconds(60));

/// Sends kStart to a shim spawned with start_gate and waits for the runtime's `start` to
/// finish. Throws Error with the runtime's message, or kUnavailable when the shim is gone.
void StartGatedContainer(const std::filesystem::path& state_dir);

/// How the container (or exec'd process) ended.
struct ExitStatus {
    int exit_code = 0;  ///< 128 + signal when killed by a signal
    bool oom_killed = false;
    std::int64_t finished_at_nanos = 0;  ///< Unix nanoseconds
    std::string error;                   ///< non-empty when the shim could not learn the real code
};

std::string ExitStatusToJson(const ExitStatus& status);
/// Throws Error(kInvalidArgument) on malformed text.
ExitStatus ExitStatusFromJson(std::string_view json_text);

/// The exit recorded in <state_dir>/exit.json; nullopt while the container runs (or the file
/// is missing for any other reason).
std::optional<ExitStatus> ReadExitStatus(const std::filesystem::path& state_dir);

/// True while the shim recorded in <state_dir>/shim.pid runs (PID and start time match).
bool ShimAlive(const std::filesystem::path& state_dir);

/// A pidfd (pidfd_open) for the shim of <state_dir>, readable once the shim exited, for an
/// event loop that is not the shim's parent; invalid when the shim is already gone.
UniqueFd OpenShimPidfd(const std::filesystem::path& state_dir);

/// Waits (up to `timeout`, forever when nullopt) until the shim of <state_dir> exits, then
/// returns its exit.json. When the shim is gone without an exit.json (killed, crashed), the
/// status has exit_code 255 and an error saying so. nullopt on timeout.
std::optional<ExitStatus> WaitForExit(const std::filesystem::path& state_dir,
                                      std::optional<std::chrono::milliseconds> timeout = std::nullopt);

}  // namespace engine::runtime
