#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compose/cli/engine_options.hpp"
#include "compose/cli/global_options.hpp"
#include "compose/cli/project_context.hpp"

namespace CLI {
class App;
}

namespace compose::cli {

/// The flags of `start`, `stop` and `restart`.
struct StartStopOptions final {
    std::optional<int> timeout;  ///< -t/--timeout (stop, restart): seconds before SIGKILL
    std::vector<std::string> selected;
};

/// Registers `start`, `stop` and `restart` on `app`; progress goes to stderr.
void AddStartStopCommands(CLI::App& app,
                          const GlobalOptions& global,
                          const std::shared_ptr<EngineOptions>& engine,
                          int& exit_code);

/// Starts the services' containers that are not running, dependencies first (batch by
/// batch), reporting "Starting"/"Started". Throws engine::Error(kNotFound, "service \"x\" has
/// no container to start") for a selected service without containers, and the first failure.
int RunStart(const StartStopOptions& options, const ProjectContext& context, const OperationContext& operations);

/// Stops the services' running (or paused, restarting) containers, dependents first,
/// reporting "Stopping"/"Stopped".
int RunStop(const StartStopOptions& options, const ProjectContext& context, const OperationContext& operations);

/// Restarts the services' containers, dependencies first, reporting "Restarting"/"Started".
/// Configuration changes are not applied (Docker Compose's behaviour).
int RunRestart(const StartStopOptions& options, const ProjectContext& context, const OperationContext& operations);

/// For CLI registrations of container verbs: prepares the project command, runs `run` with an
/// OperationContext whose progress goes to a ProgressPrinter on stderr, and finishes the
/// printer before returning the exit code.
int RunWithProgress(const GlobalOptions& global,
                    const EngineOptions& engine,
                    const std::vector<std::string>& services,
                    const std::function<int(const ProjectContext&, const OperationContext&)>& run);

}  // namespace compose::cli
