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

/// Registers `pause` and `unpause` on `app`.
void AddPauseCommands(CLI::App& app,
                      const GlobalOptions& global,
                      const std::shared_ptr<EngineOptions>& engine,
                      int& exit_code);

/// Pauses the services' running containers, reporting "Pausing"/"Paused".
int RunPause(const std::vector<std::string>& services,
             const ProjectContext& context,
             const OperationContext& operations);

/// Unpauses the services' paused containers, reporting "Unpausing"/"Unpaused".
int RunUnpause(const std::vector<std::string>& services,
               const ProjectContext& context,
               const OperationContext& operations);

}  // namespace compose::cli
