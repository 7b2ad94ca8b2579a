#include "compose/cli/pause_commands.hpp"

#include <CLI/CLI.hpp>

#include "compose/cli/start_stop_commands.hpp"

namespace compose::cli {
namespace {

using reconcile::ObservedContainer;

std::vector<ObservedContainer> InState(const ProjectContext& context,
                                       const std::vector<std::string>& services,
                                       std::string_view state) {
    std::vector<ObservedContainer> containers = ContainersOf(context, SelectServices(context, services));
    std::erase_if(containers, [state](const ObservedContainer& c) { return c.state != state; });
    return containers;
}

}  // namespace

int RunPause(const std::vector<std::string>& services,
             const ProjectContext& context,
             const OperationContext& operations) {
    ForEachContainer(operations,
                     InState(context, services, "running"),
                     "Pausing",
                     "Paused",
                     [](engine::client::EngineApi& api, const ObservedContainer& c) { api.ContainerPause(c.id); });
    return 0;
}

int RunUnpause(const std::vector<std::string>& services,
               const ProjectContext& context,
               const OperationContext& operations) {
    ForEachContainer(operations,
                     InState(context, services, "paused"),
                     "Unpausing",
                     "Unpaused",
                     [](engine::client::EngineApi& api, const ObservedContainer& c) { api.ContainerUnpause(c.id); });
    return 0;
}

void AddPauseCommands(CLI::App& app,
                      const GlobalOptions& global,
                      const std::shared_ptr<EngineOptions>& engine,
                      int& exit_code) {
    using Runner = int (*)(const std::vector<std::string>&, const ProjectContext&, const OperationContext&);
    const std::pair<const char*, Runner> verbs[] = {{"pause", &RunPause}, {"unpause", &RunUnpause}};
    for (const auto& [name, run] : verbs) {
        auto services = std::make_shared<std::vector<std::string>>();
        CLI::App* cmd = app.add_subcommand(name, std::string(name) == "pause" ? "Pause services" : "Unpause services");
        cmd->add_option("services", *services, "Services");
        cmd->callback([services, &global, engine, &exit_code, run = run] {
            exit_code = RunWithProgress(global, *engine, *services, [&](const auto& context, const auto& ops) {
                return run(*services, context, ops);
            });
        });
    }
}

}  // namespace compose::cli
