#pragma once

#include <string>
#include <vector>

#include "engine/cli/command_context.hpp"

namespace engine::cli {

/// Runs `berth` with `args` (without argv[0]) and returns the exit status: 0 on success, 1 for
/// errors (the message goes to stderr: "Error response from daemon: ..." for the daemon's, the
/// connection's own text when it cannot be reached), 125 for flag errors (docker's status),
/// with the usage hint docker prints. The one place errors become exit codes.
int RunCli(const std::vector<std::string>& args, CliIo io, const ApiProvider& provider);

}  // namespace engine::cli
