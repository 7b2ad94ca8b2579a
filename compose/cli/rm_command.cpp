#include "compose/cli/rm_command.hpp"

#include <iostream>

#include <CLI/CLI.hpp>

#include "compose/cli/start_stop_commands.hpp"

namespace compose::cli {
namespace {

using reconcile::ObservedContainer;

bool IsRunning(const ObservedContainer& container) {
    return container.state == "running" || container.state == "paused" || container.state == "restarting";
}

bool Confirmed(const std::vector<ObservedContainer>& containers, std::istream& in, std::ostream& out) {
    std::string names;
    for (const ObservedContainer& container : containers) {
        names += (names.empty() ? "" : ", ") + container.name;
    }
    out << "Going to remove " << names << '\n' << "Are you sure? [y/N] " << std::flush;
    std::string answer;
    std::getline(in, answer);
    return answer == "y" || answer == "Y" || answer == "yes" || answer == "YES" || answer == "Yes";
}

}  // namespace

int RunRm(const RmOptions& options,
          const ProjectContext& context,
          const OperationContext& operations,
          std::istream& in,
          std::ostream& out,
          std::ostream& err) {
    const std::vector<std::string> services = SelectServices(context, options.selected);
    std::vector<ObservedContainer> containers = ContainersOf(context, services);
    if (options.stop) {
        StartStopOptions stop;
        stop.selected = services;
        RunStop(stop, context, operations);
    } else {
        std::erase_if(containers, IsRunning);
    }
    if (containers.empty()) {
        err << "No stopped containers\n";
        return 0;
    }
    if (!options.force && !Confirmed(containers, in, out)) {
        return 0;
    }
    ForEachContainer(operations,
                     containers,
                     "Removing",
                     "Removed",
                     [&options](engine::client::EngineApi& api, const ObservedContainer& c) {
                         api.ContainerRemove(c.id, true, options.volumes);
                     });
    return 0;
}

void AddRmCommand(CLI::App& app,
                  const GlobalOptions& global,
                  const std::shared_ptr<EngineOptions>& engine,
                  int& exit_code) {
    auto options = std::make_shared<RmOptions>();
    CLI::App* cmd = app.add_subcommand("rm", "Removes stopped service containers");
    cmd->add_flag("-f,--force", options->force, "Don't ask to confirm removal");
    cmd->add_flag("-s,--stop", options->stop, "Stop the containers, if required, before removing");
    cmd->add_flag("-v,--volumes", options->volumes, "Remove any anonymous volumes attached to containers");
    cmd->add_option("services", options->selected, "Services");
    cmd->callback([options, &global, engine, &exit_code] {
        exit_code = RunWithProgress(global, *engine, options->selected, [&](const auto& context, const auto& ops) {
            return RunRm(*options, context, ops, std::cin, std::cout, std::cerr);
        });
    });
}

}  // namespace compose::cli
