#include "compose/cli/ls_command.hpp"

#include <iostream>
#include <map>

#include <CLI/CLI.hpp>

#include "compose/cli/global_options.hpp"
#include "compose/cli/ps_command.hpp"
#include "compose/reconcile/labels.hpp"

namespace compose::cli {
namespace {

struct ProjectSummary final {
    std::map<std::string, int> states;  // state → count, sorted as Docker Compose prints them
    std::string config_files;
};

}  // namespace

int RunLs(const LsOptions& options, engine::client::EngineApi& api, std::ostream& out) {
    engine::client::ContainerListOptions list;
    list.all = true;
    list.filters = engine::api::Filters(
        engine::api::Filters::Fields{{"label", {{std::string(reconcile::labels::kProject), true}}}});
    std::map<std::string, ProjectSummary> projects;
    for (const nlohmann::json& summary : api.ContainerList(list)) {
        const nlohmann::json labels = summary.value("Labels", nlohmann::json::object());
        const std::string name = labels.value(std::string(reconcile::labels::kProject), "");
        if (name.empty()) {
            continue;
        }
        ProjectSummary& project = projects[name];
        ++project.states[summary.value("State", "")];
        if (project.config_files.empty()) {
            project.config_files = labels.value(std::string(reconcile::labels::kConfigFiles), "");
        }
    }
    std::vector<std::vector<std::string>> table{{"NAME", "STATUS", "CONFIG FILES"}};
    nlohmann::json array = nlohmann::json::array();
    for (const auto& [name, project] : projects) {
        if (!options.all && !project.states.contains("running")) {
            continue;
        }
        std::string status;
        for (const auto& [state, count] : project.states) {
            status += (status.empty() ? "" : ", ") + state + "(" + std::to_string(count) + ")";
        }
        table.push_back({name, status, project.config_files});
        array.push_back({{"Name", name}, {"Status", status}, {"ConfigFiles", project.config_files}});
        if (options.quiet) {
            out << name << '\n';
        }
    }
    if (options.quiet) {
        return 0;
    }
    if (options.format == "json") {
        out << array.dump() << '\n';
    } else {
        WriteTable(table, out);
    }
    return 0;
}

void AddLsCommand(CLI::App& app, const std::shared_ptr<EngineOptions>& engine, int& exit_code) {
    auto options = std::make_shared<LsOptions>();
    CLI::App* cmd = app.add_subcommand("ls", "List running compose projects");
    cmd->add_flag("-a,--all", options->all, "Show all stopped Compose projects");
    cmd->add_flag("-q,--quiet", options->quiet, "Only display project names");
    cmd->add_option("--format", options->format, "Format the output")->check(CLI::IsMember({"table", "json"}));
    cmd->callback([options, engine, &exit_code] {
        const EngineContext context = ResolveEngineContext(*engine, CurrentProcess().environment, CurrentTerminals());
        exit_code = RunLs(*options, *context.open_api(), std::cout);
    });
}

}  // namespace compose::cli
