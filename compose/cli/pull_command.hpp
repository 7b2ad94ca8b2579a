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

/// The flags of `berth-compose pull`.
struct PullOptions final {
    bool quiet = false;
    bool ignore_pull_failures = false;
    std::vector<std::string> selected;
};

/// Registers `pull` on `app`.
void AddPullCommand(CLI::App& app,
                    const GlobalOptions& global,
                    const std::shared_ptr<EngineOptions>& engine,
                    int& exit_code);

/// No registry is reachable yet, so pull checks that each service's image is there: "Image
/// busybox:latest exists locally, skipping pull: no registry is reachable yet" (to `err`,
/// unless quiet), and for a missing one an error naming the service and the image and saying
/// to load it with `berth image load` or build it. Services with a `build` section and no
/// image are skipped. Needs the compose file. Returns 1 when an image is missing (0 with
/// --ignore-pull-failures); throws engine::Error(kInvalidArgument) without a compose file.
int RunPull(const PullOptions& options,
            const ProjectContext& context,
            engine::client::EngineApi& api,
            std::ostream& err);

}  // namespace compose::cli
