#pragma once

#include <memory>

#include "compose/cli/engine_options.hpp"
#include "compose/cli/global_options.hpp"

namespace CLI {
class App;
}

namespace compose::cli {

/// Registers `up`, `down` and `run` on `app`: the commands that plan and execute, so they
/// share the setup of the engine connection pool, progress printer and Ctrl-C handling.
void AddLifecycleCommands(CLI::App& app,
                          const GlobalOptions& global,
                          const std::shared_ptr<EngineOptions>& engine_options,
                          int& exit_code);

}  // namespace compose::cli
