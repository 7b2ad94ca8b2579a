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

/// The flags of `berth-compose logs`.
struct LogsOptions final {
    bool follow = false;
    std::string tail = "all";
    bool timestamps = false;
    std::string since;
    std::string until;
    bool no_color = false;
    bool no_log_prefix = false;
    int index = 0;  ///< --index; 0: every container of the service
    std::vector<std::string> selected;
    /// Colours are used only when this is set (stdout is a terminal) and not --no-color.
    bool color = false;
    /// What relative --since/--until ("10m") count back from.
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

/// Registers `logs` on `app`.
void AddLogsCommand(CLI::App& app,
                    const GlobalOptions& global,
                    const std::shared_ptr<EngineOptions>& engine,
                    int& exit_code);

/// Prints the logs of the services' containers (one-offs excluded), each line prefixed with
/// "<container-name>  | " padded to the longest name and coloured per container. Without
/// --follow the containers are printed one after another; with it every container is followed
/// at once on a thread of its own, whole lines at a time, so `api` must take calls from
/// several threads (a PooledEngineApi: one connection per stream). stderr lines go to `err`.
/// Returns the exit code. Throws engine::Error.
int RunLogs(const LogsOptions& options,
            const ProjectContext& context,
            engine::client::EngineApi& api,
            std::ostream& out,
            std::ostream& err);

/// docker's GetTimestamp for --since/--until: a Unix timestamp passes, a Go duration ("10m",
/// "1h30m") counts back from `now`, an RFC 3339 time ("2026-01-02T15:04:05Z", offsets, and
/// date-only forms) becomes seconds. Throws engine::Error(kInvalidArgument) otherwise.
std::string ToUnixTimestamp(const std::string& value, std::chrono::system_clock::time_point now);

}  // namespace compose::cli
