#include "compose/cli/version_command.hpp"

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace compose::cli {

std::string ComposeVersion() {
#ifdef BERTH_VERSION
    return BERTH_VERSION;
#else
    // compose/cli is not given the CMake project version; keep in step with project(VERSION).
    return "0.1.0";
#endif
}

int RunVersion(const VersionOptions& options, std::ostream& out) {
    if (options.short_form) {
        out << ComposeVersion() << '\n';
    } else if (options.format == "json") {
        out << nlohmann::json{{"version", ComposeVersion()}}.dump() << '\n';
    } else {
        out << "Berth Compose version " << ComposeVersion() << '\n';
    }
    return 0;
}

void AddVersionCommand(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<VersionOptions>();
    CLI::App* cmd = app.add_subcommand("version", "Show the Berth Compose version information");
    cmd->add_flag("--short", options->short_form, "Shows only Compose's version number");
    cmd->add_option("-f,--format", options->format, "Format the output")->check(CLI::IsMember({"pretty", "json"}));
    cmd->callback([options, &exit_code] { exit_code = RunVersion(*options, std::cout); });
}

}  // namespace compose::cli
