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

/// The flags of `berth-compose rm`.
struct RmOptions final {
    bool force = false;    ///< -f: don't ask
    bool stop = false;     ///< -s: stop running containers first
    bool volumes = false;  ///< -v: remove their anonymous volumes too
    std::vector<std::string> selected;
};

/// Registers `rm` on `app`.
void AddRmCommand(CLI::App& app,
                  const GlobalOptions& global,
                  const std::shared_ptr<EngineOptions>& engine,
                  int& exit_code);

/// Removes the services' stopped containers (one-offs excluded); with -s the running ones are
/// stopped first and removed too. Without -f it writes "Going to remove <names>" and "Are you
/// sure? [y/N] " to `out` and reads the answer from `in`; anything but y/yes removes nothing.
/// "No stopped containers" goes to `err` when there is nothing to remove.
int RunRm(const RmOptions& options,
          const ProjectContext& context,
          const OperationContext& operations,
          std::istream& in,
          std::ostream& out,
          std::ostream& err);

}  // namespace compose::cli
