#include "compose/cli/global_options.hpp"

#include <filesystem>
#include <iostream>
#include <iterator>

#include <CLI/CLI.hpp>

extern char** environ;  // NOLINT: POSIX provides the process environment only this way

namespace compose::cli {

void AddGlobalOptions(CLI::App& app, GlobalOptions& options) {
    app.add_option("-f,--file", options.files, "Compose configuration files (repeatable; - for stdin)")
        ->type_name("FILE");
    app.add_option("-p,--project-name", options.project_name, "Project name");
    app.add_option("--project-directory",
                   options.project_directory,
                   "Alternate working directory (default: the directory of the first compose file)");
    app.add_option("--env-file", options.env_files, "Alternate environment files (repeatable)")->type_name("FILE");
    app.add_option("--profile", options.profiles, "Profiles to enable (repeatable)")->type_name("PROFILE");
}

ProcessContext CurrentProcess() {
    ProcessContext process;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string_view text(*entry);
        const auto eq = text.find('=');
        if (eq != std::string_view::npos) {
            process.environment.emplace(text.substr(0, eq), text.substr(eq + 1));
        }
    }
    process.working_directory = std::filesystem::current_path().string();
    return process;
}

loader::LoadOptions ToLoadOptions(const GlobalOptions& options, const ProcessContext& process) {
    loader::LoadOptions load;
    load.files = options.files;
    load.project_name = options.project_name;
    load.project_directory = options.project_directory;
    load.env_files = options.env_files;
    load.profiles = options.profiles;
    load.os_environment = process.environment;
    load.working_directory = process.working_directory;
    load.read_stdin = [] { return std::string(std::istreambuf_iterator<char>(std::cin), {}); };
    return load;
}

}  // namespace compose::cli
