#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compose/cli/engine_options.hpp"
#include "compose/cli/global_options.hpp"
#include "compose/cli/project_context.hpp"

namespace CLI {
class App;
}

namespace compose::cli {

/// The flags of `berth-compose kill`.
struct KillOptions final {
    std::string signal = "SIGKILL";  ///< -s/--signal
    std::vector<std::string> selected;
};

/// Registers `kill` on `app`.
void AddKillCommand(CLI::App& app,
                    const GlobalOptions& global,
                    const std::shared_ptr<EngineOptions>& engine,
                    int& exit_code);

/// Sends the signal to the services' running containers, reporting "Killing"/"Killed"; "No
/// container to kill" goes to `err` when none runs.
int RunKill(const KillOptions& options,
            const ProjectContext& context,
            const OperationContext& operations,
            std::ostream& err);

}  // namespace compose::cli
