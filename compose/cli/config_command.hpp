#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "compose/cli/global_options.hpp"

namespace CLI {
class App;
}

namespace compose::cli {

/// The flags of `berth-compose config`.
struct ConfigOptions final {
    std::string format = "yaml";
    bool quiet = false;
    bool services = false;
    bool volumes = false;
    bool networks = false;
    bool images = false;
    bool profiles = false;
    bool environment = false;
    /// --hash: "*" or a comma-separated list of services; empty when not asked.
    std::string hash;
    bool no_interpolate = false;
    bool no_normalize = false;
    std::string output;
    /// Services named after `config`: enabled whatever their profiles, and the output keeps
    /// only them and what they depend on.
    std::vector<std::string> selected;
};

/// Registers `config` on `app`; running it calls RunConfig with the process's context.
void AddConfigCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

/// Loads the project and prints it (or the part the flags ask for) to `out`, or to
/// options.output written atomically. Throws loader::LoadError / graph::GraphError.
void RunConfig(const ConfigOptions& options,
               const GlobalOptions& global,
               const ProcessContext& process,
               std::ostream& out,
               std::ostream& err);

}  // namespace compose::cli
