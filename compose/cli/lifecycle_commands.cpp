#include "compose/cli/lifecycle_commands.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include "compose/cli/down_command.hpp"
#include "compose/cli/interrupt_watcher.hpp"
#include "compose/cli/progress_printer.hpp"
#include "compose/cli/project_context.hpp"
#include "compose/cli/run_command.hpp"
#include "compose/cli/up_command.hpp"
#include "compose/loader/project_loader.hpp"
#include "engine/client/pooled_engine_api.hpp"

namespace compose::cli {
namespace {

// Content- and environment-backed secrets and configs are written here to be bind-mounted:
// a per-user state directory, so they survive reboots as long as the containers do.
std::string InlineFilesDirectory(const ProcessContext& process) {
    const auto& env = process.environment;
    if (const auto state = env.find("XDG_STATE_HOME"); state != env.end() && !state->second.empty()) {
        return state->second + "/berth-compose";
    }
    if (const auto home = env.find("HOME"); home != env.end() && !home->second.empty()) {
        return home->second + "/.local/state/berth-compose";
    }
    return "/tmp/berth-compose-" + std::to_string(::getuid());
}

model::Project LoadForChange(const GlobalOptions& global,
                             const ProcessContext& process,
                             const std::vector<std::string>& services) {
    loader::LoadOptions load = ToLoadOptions(global, process);
    load.services = services;
    loader::Warnings warnings;
    model::Project project = loader::LoadProject(load, warnings);
    for (const std::string& warning : warnings.List()) {
        std::cerr << "WARN: " << warning << '\n';
    }
    return project;
}

// Everything up, down and run share while they run: the watcher first (it blocks the
// signals before any thread exists), then the engine pool and the progress printer.
struct Session final {
    Session(const EngineOptions& options, const ProcessContext& process, std::string progress_title)
        : engine(ResolveEngineContext(options, process.environment, CurrentTerminals())),
          api(std::make_shared<engine::client::PooledEngineApi>(engine.open_api)),
          printer(engine.progress, std::cerr, std::move(progress_title)),
          context{.api = *api,
                  .progress = printer.Callback(),
                  .parallel = engine.parallel,
                  .interrupted = watcher.interrupted(),
                  .interrupt_count = watcher.count(),
                  .out = std::cout,
                  .err = std::cerr,
                  .inline_files_directory = InlineFilesDirectory(process)} {
        printer.StartTicker();
    }

    InterruptWatcher watcher;
    EngineContext engine;
    std::shared_ptr<engine::client::EngineApi> api;
    ProgressPrinter printer;
    ExecutionContext context;
};

void AddUp(CLI::App& app,
           const GlobalOptions& global,
           const std::shared_ptr<EngineOptions>& engine_options,
           int& exit_code) {
    auto options = std::make_shared<UpCommandOptions>();
    auto scale = std::make_shared<std::vector<std::string>>();
    auto force = std::make_shared<bool>(false);
    auto no_recreate = std::make_shared<bool>(false);
    auto always_recreate_deps = std::make_shared<bool>(false);
    CLI::App* up = app.add_subcommand("up", "Create and start containers");
    up->add_option("services", options->plan.services, "Services to start (default: all)");
    up->add_flag("-d,--detach", options->detach, "Detached mode: run containers in the background");
    up->add_flag("--force-recreate", *force, "Recreate containers even if their configuration has not changed");
    up->add_flag("--no-recreate", *no_recreate, "If containers already exist, do not recreate them");
    up->add_flag("--always-recreate-deps", *always_recreate_deps, "Recreate dependent containers");
    up->add_flag("--no-deps", options->plan.no_deps, "Do not start linked services");
    up->add_flag("--no-start", options->plan.no_start, "Do not start the services after creating them");
    up->add_flag("--remove-orphans", options->plan.remove_orphans, "Remove containers of services not in the file");
    up->add_flag("-V,--renew-anon-volumes", options->plan.renew_anon_volumes, "Recreate anonymous volumes");
    up->add_option("--scale", *scale, "Scale SERVICE to NUM instances (SERVICE=NUM)");
    up->add_flag("--wait", options->wait, "Wait for services to be running|healthy; implies detached mode");
    up->add_option("--wait-timeout", options->wait_timeout_seconds, "Maximum duration to wait, in seconds");
    up->add_option("-t,--timeout", options->plan.timeout, "Shutdown timeout in seconds");
    up->add_flag("--abort-on-container-exit", options->abort_on_container_exit, "Stop all containers if any stops");
    up->add_option("--exit-code-from", options->exit_code_from, "Return the exit code of this service's container");
    up->add_option("--attach", options->attach, "Restrict attaching to these services");
    up->add_flag("--no-color", options->no_color, "Produce monochrome output");
    up->add_flag("--no-log-prefix", options->no_log_prefix, "Do not print the prefix in logs");
    up->add_option("--pull", options->pull, "Pull image before running (missing|never)");
    up->add_flag("--dry-run", options->dry_run, "Print the plan instead of executing it");
    up->callback([&global, engine_options, options, scale, force, no_recreate, always_recreate_deps, &exit_code] {
        if (*force && *no_recreate) {
            throw std::invalid_argument("--force-recreate and --no-recreate are incompatible");
        }
        options->plan.recreate =
            *force ? reconcile::RecreatePolicy::kForce
                   : (*no_recreate ? reconcile::RecreatePolicy::kNever : reconcile::RecreatePolicy::kDiverged);
        options->plan.recreate_dependencies =
            *always_recreate_deps ? reconcile::RecreatePolicy::kForce : options->plan.recreate;
        for (const std::string& entry : *scale) {
            const auto eq = entry.find('=');
            if (eq == std::string::npos) {
                throw std::invalid_argument("--scale " + entry + ": expected SERVICE=NUM");
            }
            options->plan.scale[entry.substr(0, eq)] = std::stoi(entry.substr(eq + 1));
        }
        const ProcessContext process = CurrentProcess();
        model::Project project = LoadForChange(global, process, options->plan.services);
        Session session(*engine_options, process, "Running");
        exit_code = RunUp(*options, std::move(project), session.context);
    });
}

void AddDown(CLI::App& app,
             const GlobalOptions& global,
             const std::shared_ptr<EngineOptions>& engine_options,
             int& exit_code) {
    auto options = std::make_shared<DownCommandOptions>();
    CLI::App* down = app.add_subcommand("down", "Stop and remove containers, networks");
    down->add_flag("-v,--volumes", options->volumes, "Remove named volumes declared in the file and anonymous ones");
    down->add_option("--rmi", options->rmi, "Remove images used by services: local or all");
    down->add_flag("--remove-orphans", options->remove_orphans, "Remove containers of services not in the file");
    down->add_option("-t,--timeout", options->timeout, "Shutdown timeout in seconds");
    down->add_flag("--dry-run", options->dry_run, "Print the plan instead of executing it");
    down->callback([&global, engine_options, options, &exit_code] {
        const ProcessContext process = CurrentProcess();
        Session session(*engine_options, process, "Running");
        // The compose file is optional: without it, down works from the labels alone.
        ProjectContext project = LoadProjectContext(global, process, *session.api, std::cerr);
        RunDown(*options, project.project ? &*project.project : nullptr, project.name, session.context);
        exit_code = 0;
    });
}

void AddRun(CLI::App& app,
            const GlobalOptions& global,
            const std::shared_ptr<EngineOptions>& engine_options,
            int& exit_code) {
    auto options = std::make_shared<RunCommandOptions>();
    CLI::App* run = app.add_subcommand("run", "Run a one-off command on a service");
    run->add_option("service", options->service, "Service")->required();
    // Everything after SERVICE is the command, options included ("sh -c 'exit 7'").
    run->prefix_command();
    run->add_flag("-d,--detach", options->detach, "Run the container in the background and print its name");
    run->add_flag("--rm", options->rm, "Remove the container when it exits");
    run->add_flag("--no-deps", options->no_deps, "Do not start linked services");
    run->add_flag("-T,--no-TTY", options->no_tty, "Disable pseudo-TTY allocation");
    run->add_flag("--service-ports", options->service_ports, "Publish the service's ports");
    run->add_flag("--use-aliases", options->use_aliases, "Use the service's network aliases");
    run->add_option("-e,--env", options->env, "Set environment variables (KEY=VALUE)");
    run->add_option("-p,--publish", options->publish, "Publish a container's port(s) to the host");
    run->add_option("-v,--volume", options->volumes, "Bind mount a volume");
    run->add_option("-l,--label", options->labels, "Add or override a label");
    run->add_option("--entrypoint", options->entrypoint, "Override the entrypoint of the image");
    run->add_option("--name", options->name, "Assign a name to the container");
    run->add_option("-u,--user", options->user, "Run as this user");
    run->add_option("-w,--workdir", options->workdir, "Working directory inside the container");
    run->callback([run, &global, engine_options, options, &exit_code] {
        options->command = run->remaining();
        const ProcessContext process = CurrentProcess();
        model::Project project = LoadForChange(global, process, {options->service});
        Session session(*engine_options, process, "Running");
        Terminal terminal;
        terminal.stdin_is_tty = session.engine.stdin_is_tty;
        terminal.stdout_is_tty = session.engine.stdout_is_tty;
        exit_code = RunOneOff(*options, std::move(project), session.context, terminal);
    });
}

}  // namespace

void AddLifecycleCommands(CLI::App& app,
                          const GlobalOptions& global,
                          const std::shared_ptr<EngineOptions>& engine_options,
                          int& exit_code) {
    AddUp(app, global, engine_options, exit_code);
    AddDown(app, global, engine_options, exit_code);
    AddRun(app, global, engine_options, exit_code);
}

}  // namespace compose::cli
