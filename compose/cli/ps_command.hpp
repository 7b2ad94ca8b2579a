#pragma once

#include <chrono>
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

/// The flags of `berth-compose ps`.
struct PsOptions final {
    bool all = false;
    bool quiet = false;
    bool services = false;
    std::vector<std::string> status;  ///< --status, repeatable
    std::string filter;               ///< --filter, only "status=..."
    std::string format = "table";     ///< table or json
    std::vector<std::string> selected;
    /// What "CREATED ... ago" counts from.
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

/// Registers `ps` on `app`.
void AddPsCommand(CLI::App& app,
                  const GlobalOptions& global,
                  const std::shared_ptr<EngineOptions>& engine,
                  int& exit_code);

/// Lists the project's containers (one-offs too; only running ones without --all) sorted by
/// name, as Docker Compose v2 does: a NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS table,
/// IDs (-q), service names (--services) or one JSON object per line. Returns the exit code.
/// Throws engine::Error for an unknown service, a bad filter or an API failure.
int RunPs(const PsOptions& options,
          const ProjectContext& context,
          engine::client::EngineApi& api,
          std::ostream& out,
          std::ostream& err);

/// Writes `rows` (the first is the header) as the docker CLI's tabwriter does: every column
/// but the last padded to its widest cell plus 3 spaces, at least 10 wide.
void WriteTable(const std::vector<std::vector<std::string>>& rows, std::ostream& out);

/// The ports of a container summary as Docker Compose shows them: "0.0.0.0:8080->80/tcp,
/// 443/tcp", sorted by private port.
std::string FormatPorts(const nlohmann::json& ports);

}  // namespace compose::cli
