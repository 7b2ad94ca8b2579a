#pragma once

#include <filesystem>

#include "engine/runtime/monitor/oci_runtime.hpp"
#include "engine/runtime/monitor/unique_fd.hpp"

namespace engine::runtime {

/// The shim's ends of a container's stdio, all non-blocking.
struct ContainerIo {
    UniqueFd stdin_fd;   ///< pipe write end or a dup of the pty master; invalid without open_stdin
    UniqueFd stdout_fd;  ///< pipe read end, or the pty master
    UniqueFd stderr_fd;  ///< pipe read end; invalid with a tty (the pty merges the streams)
    UniqueFd terminal;   ///< the pty master (for resizing); invalid without a tty
};

/// Pipes for a container without a terminal: the shim's ends in `ours`, the container's in
/// `theirs` (to pass to the runtime; close them once the runtime has them).
struct StdioPipes {
    ContainerIo ours;
    UniqueFd their_in;  ///< invalid without open_stdin (the container gets /dev/null)
    UniqueFd their_out;
    UniqueFd their_err;

    RuntimeStdio ForRuntime() const { return {their_in.get(), their_out.get(), their_err.get()}; }
};

/// Throws Error naming the failed call.
StdioPipes MakeStdioPipes(bool open_stdin);

/// A listening UNIX socket at `path` (an old file there is replaced; any length, see
/// UnixAddress), close-on-exec and non-blocking.
UniqueFd ListenUnix(const std::filesystem::path& path, int backlog);

/// Accepts the runtime's connection on a --console-socket listener and receives the pty
/// master it sends (SCM_RIGHTS). Throws Error(kInternal) when none arrives within the wait.
UniqueFd ReceivePtyMaster(int listener);

/// ContainerIo around a received pty master.
ContainerIo TerminalIo(UniqueFd master, bool open_stdin);

}  // namespace engine::runtime
