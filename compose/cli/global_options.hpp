#pragma once

#include <map>
#include <string>
#include <vector>

#include "compose/loader/load_options.hpp"

namespace CLI {
class App;
}

namespace compose::cli {

/// The flags every berth-compose command shares (the project selection).
struct GlobalOptions final {
    std::vector<std::string> files;
    std::string project_name;
    std::string project_directory;
    std::vector<std::string> env_files;
    std::vector<std::string> profiles;
};

/// Registers -f, -p, --project-directory, --env-file and --profile on `app`.
void AddGlobalOptions(CLI::App& app, GlobalOptions& options);

/// What the process knows that the loader must be told: its environment and directory.
struct ProcessContext final {
    std::map<std::string, std::string> environment;
    std::string working_directory;
};

/// ProcessContext of the running process.
ProcessContext CurrentProcess();

/// LoadOptions for the flags and the process; stdin is read for "-f -".
loader::LoadOptions ToLoadOptions(const GlobalOptions& options, const ProcessContext& process);

}  // namespace compose::cli
