#pragma once

#include <iosfwd>
#include <memory>
#include <string>

#include "compose/cli/engine_options.hpp"
#include "engine/client/engine_api.hpp"

namespace CLI {
class App;
}

namespace compose::cli {

/// The flags of `berth-compose ls`.
struct LsOptions final {
    bool all = false;
    bool quiet = false;
    std::string format = "table";
};

/// Registers `ls` on `app` (it needs no compose file).
void AddLsCommand(CLI::App& app, const std::shared_ptr<EngineOptions>& engine, int& exit_code);

/// Lists the projects the engine's containers are labelled with, sorted by name: a NAME
/// STATUS CONFIG FILES table (status "running(2), exited(1)"), names only (-q), or a JSON
/// array of {"Name","Status","ConfigFiles"}. Without --all only projects with a running
/// container.
int RunLs(const LsOptions& options, engine::client::EngineApi& api, std::ostream& out);

}  // namespace compose::cli
