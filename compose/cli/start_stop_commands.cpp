#include "compose/cli/start_stop_commands.hpp"

#include <iostream>

#include <CLI/CLI.hpp>

#include "compose/cli/progress_printer.hpp"
#include "engine/base/error.hpp"

namespace compose::cli {
namespace {

using reconcile::ObservedContainer;

bool IsRunning(const ObservedContainer& container) {
    return container.state == "running" || container.state == "paused" || container.state == "restarting";
}

// Runs `operation` over the containers of each batch of services, batch after batch.
void ForEachBatch(const ProjectContext& context,
                  const OperationContext& operations,
                  const std::vector<std::string>& services,
                  bool reverse,
                  const std::function<bool(const ObservedContainer&)>& wanted,
                  std::string_view working,
                  std::string_view done,
                  const ContainerOperation& operation) {
    for (const std::vector<std::string>& batch : ServiceBatches(context, services, reverse)) {
        std::vector<ObservedContainer> containers = ContainersOf(context, batch);
        std::erase_if(containers, [&](const ObservedContainer& c) { return !wanted(c); });
        ForEachContainer(operations, containers, working, done, operation);
    }
}

}  // namespace

int RunStart(const StartStopOptions& options, const ProjectContext& context, const OperationContext& operations) {
    const std::vector<std::string> services = SelectServices(context, options.selected);
    for (const std::string& service : services) {
        if (ContainersOf(context, {service}).empty()) {
            throw engine::Error(engine::Errc::kNotFound, "service \"" + service + "\" has no container to start");
        }
    }
    ForEachBatch(
        context,
        operations,
        services,
        false,
        [](const ObservedContainer& c) { return c.state != "running"; },
        "Starting",
        "Started",
        [](engine::client::EngineApi& api, const ObservedContainer& c) { api.ContainerStart(c.id); });
    return 0;
}

int RunStop(const StartStopOptions& options, const ProjectContext& context, const OperationContext& operations) {
    const std::vector<std::string> services = SelectServices(context, options.selected);
    ForEachBatch(context,
                 operations,
                 services,
                 true,
                 IsRunning,
                 "Stopping",
                 "Stopped",
                 [&options](engine::client::EngineApi& api, const ObservedContainer& c) {
                     api.ContainerStop(c.id, options.timeout, "");
                 });
    return 0;
}

int RunRestart(const StartStopOptions& options, const ProjectContext& context, const OperationContext& operations) {
    const std::vector<std::string> services = SelectServices(context, options.selected);
    ForEachBatch(
        context,
        operations,
        services,
        false,
        [](const ObservedContainer&) { return true; },
        "Restarting",
        "Started",
        [&options](engine::client::EngineApi& api, const ObservedContainer& c) {
            api.ContainerRestart(c.id, options.timeout, "");
        });
    return 0;
}

int RunWithProgress(const GlobalOptions& global,
                    const EngineOptions& engine,
                    const std::vector<std::string>& services,
                    const std::function<int(const ProjectContext&, const OperationContext&)>& run) {
    const CommandEnvironment env = PrepareProjectCommand(global, engine, services, std::cerr);
    ProgressPrinter printer(env.engine.progress, std::cerr);
    printer.StartTicker();
    const OperationContext operations{
        .api = *env.api, .parallel = env.engine.parallel, .on_progress = printer.Callback()};
    const int code = run(env.project, operations);
    printer.Finish();
    return code;
}

void AddStartStopCommands(CLI::App& app,
                          const GlobalOptions& global,
                          const std::shared_ptr<EngineOptions>& engine,
                          int& exit_code) {
    using Runner = int (*)(const StartStopOptions&, const ProjectContext&, const OperationContext&);
    struct Verb {
        const char* name;
        const char* description;
        bool timeout;
        Runner run;
    };
    for (const Verb& verb : {Verb{"start", "Start services", false, &RunStart},
                             Verb{"stop", "Stop services", true, &RunStop},
                             Verb{"restart", "Restart service containers", true, &RunRestart}}) {
        auto options = std::make_shared<StartStopOptions>();
        CLI::App* cmd = app.add_subcommand(verb.name, verb.description);
        if (verb.timeout) {
            cmd->add_option("-t,--timeout", options->timeout, "Specify a shutdown timeout in seconds");
        }
        cmd->add_option("services", options->selected, "Services");
        cmd->callback([options, &global, engine, &exit_code, run = verb.run] {
            exit_code = RunWithProgress(global, *engine, options->selected, [&](const auto& context, const auto& ops) {
                return run(*options, context, ops);
            });
        });
    }
}

}  // namespace compose::cli
