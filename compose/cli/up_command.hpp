#pragma once

#include <atomic>
#include <iosfwd>
#include <string>
#include <vector>

#include "compose/model/project.hpp"
#include "compose/reconcile/executor.hpp"
#include "compose/reconcile/planner.hpp"
#include "engine/client/engine_api.hpp"

namespace compose::cli {

/// The flags of `berth-compose up` beyond what the planner takes.
struct UpCommandOptions final {
    reconcile::UpOptions plan;
    bool detach = false;
    bool wait = false;
    int wait_timeout_seconds = 0;  ///< 0: no limit
    bool abort_on_container_exit = false;
    std::string exit_code_from;
    /// --attach: only these services' logs; empty means every started service.
    std::vector<std::string> attach;
    bool no_color = false;
    bool no_log_prefix = false;
    std::string pull = "missing";
    /// Print the plan instead of running it (--dry-run).
    bool dry_run = false;
};

/// What every command that changes the engine gets from the global flags and main.
struct ExecutionContext final {
    engine::client::EngineApi& api;
    reconcile::ProgressCallback progress;
    int parallel = 0;
    /// Set on Ctrl-C / SIGTERM (see InterruptWatcher); may be null.
    const std::atomic<bool>* interrupted = nullptr;
    /// How many Ctrl-Cs arrived (a second one means "force"); may be null.
    const std::atomic<int>* interrupt_count = nullptr;
    std::ostream& out;
    std::ostream& err;
    /// Where content/environment-backed secrets and configs are written for binding.
    std::string inline_files_directory;
};

/// `up`: resolves images (stopping before anything is touched if one is missing), observes
/// the engine, plans, executes; with --wait waits until the services run or are healthy;
/// attached (no -d) streams the containers' logs until they all exit, or stops the stack on
/// Ctrl-C. Returns the exit code (with --exit-code-from, that service's). Throws on errors.
int RunUp(const UpCommandOptions& options, model::Project project, ExecutionContext& context);

/// The services `up` touches: `named` (all when empty) plus, unless `no_deps`, what they
/// depend on. Throws graph::GraphError for an unknown service.
std::vector<std::string> UpTargets(const model::Project& project, const std::vector<std::string>& named, bool no_deps);

}  // namespace compose::cli
