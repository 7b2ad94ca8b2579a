#pragma once

#include <iosfwd>
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

/// Registers `top` on `app`.
void AddTopCommand(CLI::App& app,
                   const GlobalOptions& global,
                   const std::shared_ptr<EngineOptions>& engine,
                   int& exit_code);

/// For each running container of the services: its name, then its processes as a table of the
/// engine's Titles and Processes, a blank line between containers.
int RunTop(const std::vector<std::string>& services,
           const ProjectContext& context,
           engine::client::EngineApi& api,
           std::ostream& out);

}  // namespace compose::cli
