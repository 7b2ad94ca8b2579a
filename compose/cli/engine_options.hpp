#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "engine/client/endpoint.hpp"
#include "engine/client/engine_api.hpp"

namespace CLI {
class App;
}

namespace compose::cli {

/// The engine-side global flags of berth-compose, as given on the command line.
struct EngineOptions final {
    std::optional<std::string> host;  ///< -H/--host
    std::optional<int> parallel;      ///< --parallel
    std::string progress = "auto";    ///< --progress: auto, tty, plain, quiet, json
};

/// Registers -H/--host, --parallel and --progress on `app`; the returned options are filled
/// when `app` parses (shared so registrations may keep them).
std::shared_ptr<EngineOptions> AddEngineOptions(CLI::App& app);

/// How progress is shown (Docker Compose's --progress modes).
enum class ProgressMode { kTty, kPlain, kQuiet, kJson };

/// Opens a new connection to the engine. EngineClient is not thread-safe, so everything that
/// talks to the engine from several threads at once (logs -f) opens one per thread.
using ApiFactory = std::function<std::shared_ptr<engine::client::EngineApi>()>;

/// What every engine-facing command gets: where the engine is, how to reach it, how many
/// operations may run at once, how to show progress, and what the terminals are.
struct EngineContext final {
    engine::client::Endpoint endpoint;
    ApiFactory open_api;
    /// At most this many operations at once; <= 0 means no limit.
    int parallel = 0;
    ProgressMode progress = ProgressMode::kPlain;
    bool stdin_is_tty = false;
    bool stdout_is_tty = false;
    bool stderr_is_tty = false;
};

/// Whether the process's standard streams are terminals.
struct Terminals final {
    bool stdin_is_tty = false;
    bool stdout_is_tty = false;
    bool stderr_is_tty = false;
};

/// Terminals of the running process.
Terminals CurrentTerminals();

/// Resolves the flags against `environment`: the endpoint is -H, else BERTH_HOST, else
/// DOCKER_HOST, else the default socket (engine::client::ResolveEndpoint); parallel is
/// --parallel, else COMPOSE_PARALLEL_LIMIT, else unlimited; progress "auto" is tty when stderr
/// is a terminal, else plain (COMPOSE_PROGRESS stands in for a missing flag). The factory makes
/// EngineClients, pinned to DOCKER_API_VERSION when set. Throws engine::Error(kInvalidArgument)
/// for a bad host, parallel limit or progress mode.
EngineContext ResolveEngineContext(const EngineOptions& options,
                                   const std::map<std::string, std::string>& environment,
                                   const Terminals& terminals);

/// Parses a --progress value ("tty", "plain", "quiet", "json", "auto" with `stderr_is_tty`).
/// Throws engine::Error(kInvalidArgument) naming the accepted values otherwise.
ProgressMode ParseProgressMode(const std::string& value, bool stderr_is_tty);

}  // namespace compose::cli
