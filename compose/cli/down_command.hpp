#pragma once

#include <string>

#include "compose/cli/up_command.hpp"
#include "compose/model/project.hpp"

namespace compose::cli {

/// The flags of `berth-compose down`.
struct DownCommandOptions final {
    bool volumes = false;         ///< -v: named volumes of the project and anonymous ones
    std::string rmi;              ///< --rmi: "", "local" or "all"
    bool remove_orphans = false;  ///< --remove-orphans
    int timeout = -1;             ///< -t
    bool dry_run = false;
};

/// `down`: stops and removes the project's containers (dependents first), then its networks,
/// with -v its volumes, with --rmi its images. Works from the engine's labels alone when
/// `project` is null (the compose file is gone); `project_name` names the project then.
/// Throws std::invalid_argument for a bad --rmi, engine and execute errors otherwise.
void RunDown(const DownCommandOptions& options,
             const model::Project* project,
             const std::string& project_name,
             ExecutionContext& context);

}  // namespace compose::cli
