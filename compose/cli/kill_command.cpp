#include "compose/cli/kill_command.hpp"

#include <iostream>

#include <CLI/CLI.hpp>

#include "compose/cli/start_stop_commands.hpp"

namespace compose::cli {

int RunKill(const KillOptions& options,
            const ProjectContext& context,
            const OperationContext& operations,
            std::ostream& err) {
    std::vector<reconcile::ObservedContainer> containers =
        ContainersOf(context, SelectServices(context, options.selected));
    std::erase_if(containers, [](const reconcile::ObservedContainer& c) { return c.state != "running"; });
    if (containers.empty()) {
        err << "No container to kill\n";
        return 0;
    }
    ForEachContainer(operations,
                     containers,
                     "Killing",
                     "Killed",
                     [&options](engine::client::EngineApi& api, const reconcile::ObservedContainer& c) {
                         api.ContainerKill(c.id, options.signal);
                     });
    return 0;
}

void AddKillCommand(CLI::App& app,
                    const GlobalOptions& global,
                    const std::shared_ptr<EngineOptions>& engine,
                    int& exit_code) {
    auto options = std::make_shared<KillOptions>();
    CLI::App* cmd = app.add_subcommand("kill", "Force stop service containers");
    cmd->add_option("-s,--signal", options->signal, "SIGNAL to send to the container");
    cmd->add_option("services", options->selected, "Services");
    cmd->callback([options, &global, engine, &exit_code] {
        exit_code = RunWithProgress(global, *engine, options->selected, [&](const auto& context, const auto& ops) {
            return RunKill(*options, context, ops, std::cerr);
        });
    });
}

}  // namespace compose::cli
