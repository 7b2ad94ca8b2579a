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

/// The flags of `berth-compose events`.
struct EventsOptions final {
    bool json = false;
    std::vector<std::string> selected;
};

/// Registers `events` on `app`.
void AddEventsCommand(CLI::App& app,
                      const GlobalOptions& global,
                      const std::shared_ptr<EngineOptions>& engine,
                      int& exit_code);

/// Streams the engine's container events of the project (filtered by its label, and by
/// service when services are named) until the stream ends: plain lines
/// "2026-01-02 15:04:05.000000 container start <id> (image=..., name=..., service=...)" in
/// local time, or with --json one object per line {"action","attributes","id","service",
/// "time","type"}. Compose labels are left out of the attributes.
int RunEvents(const EventsOptions& options,
              const std::string& project,
              engine::client::EngineApi& api,
              std::ostream& out);

}  // namespace compose::cli
