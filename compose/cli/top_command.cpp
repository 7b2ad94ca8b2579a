#include "compose/cli/top_command.hpp"

#include <iostream>

#include <CLI/CLI.hpp>

#include "compose/cli/ps_command.hpp"

namespace compose::cli {

int RunTop(const std::vector<std::string>& services,
           const ProjectContext& context,
           engine::client::EngineApi& api,
           std::ostream& out) {
    bool first = true;
    for (const reconcile::ObservedContainer& container : ContainersOf(context, SelectServices(context, services))) {
        if (container.state != "running") {
            continue;
        }
        const nlohmann::json top = api.ContainerTop(container.id, "");
        std::vector<std::vector<std::string>> rows(1);
        for (const nlohmann::json& title : top.value("Titles", nlohmann::json::array())) {
            rows[0].push_back(title.get<std::string>());
        }
        for (const nlohmann::json& process : top.value("Processes", nlohmann::json::array())) {
            std::vector<std::string>& row = rows.emplace_back();
            for (const nlohmann::json& cell : process) {
                row.push_back(cell.is_string() ? cell.get<std::string>() : cell.dump());
            }
        }
        out << (first ? "" : "\n") << container.name << '\n';
        WriteTable(rows, out);
        first = false;
    }
    return 0;
}

void AddTopCommand(CLI::App& app,
                   const GlobalOptions& global,
                   const std::shared_ptr<EngineOptions>& engine,
                   int& exit_code) {
    auto services = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = app.add_subcommand("top", "Display the running processes");
    cmd->add_option("services", *services, "Services");
    cmd->callback([services, &global, engine, &exit_code] {
        const CommandEnvironment env = PrepareProjectCommand(global, *engine, *services, std::cerr);
        exit_code = RunTop(*services, env.project, *env.api, std::cout);
    });
}

}  // namespace compose::cli
