#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "compose/cli/up_command.hpp"

namespace compose::cli {

struct AttachedLogsOptions final {
    std::string project;
    std::vector<std::string> services;
    /// Log lines from this moment on (the start of `up`), so a container left running shows
    /// only what it writes now, and one started by this `up` shows everything.
    std::chrono::system_clock::time_point since;
    bool no_color = false;
    bool no_log_prefix = false;
    /// Stop every container as soon as one exits (--abort-on-container-exit, --exit-code-from).
    bool abort_on_container_exit = false;
    /// Return this service's container's exit code.
    std::string exit_code_from;
};

/// The attached half of `up`: streams the running containers of `services` with a coloured
/// "name  | " prefix per container until they have all exited. Ctrl-C (the context's
/// interrupted flag) stops them all, gracefully ("Gracefully stopping... (press Ctrl+C again
/// to force)"), or kills them on a second Ctrl-C. Returns 0, the exit code of
/// `exit_code_from`'s container, or 130 after Ctrl-C.
int FollowAttachedLogs(const AttachedLogsOptions& options, ExecutionContext& context);

}  // namespace compose::cli
