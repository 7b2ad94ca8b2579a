#pragma once

#include <iosfwd>
#include <memory>
#include <string>

#include "compose/cli/engine_options.hpp"
#include "compose/cli/global_options.hpp"
#include "compose/cli/project_context.hpp"

namespace CLI {
class App;
}

namespace compose::cli {

/// The arguments of `berth-compose port SERVICE PRIVATE_PORT`.
struct PortOptions final {
    std::string service;
    int private_port = 0;
    std::string protocol = "tcp";
    int index = 1;
};

/// Registers `port` on `app`.
void AddPortCommand(CLI::App& app,
                    const GlobalOptions& global,
                    const std::shared_ptr<EngineOptions>& engine,
                    int& exit_code);

/// Prints "HOST_IP:HOST_PORT" of the first binding of the private port of the service's
/// container number `index`, from its inspect (NetworkSettings.Ports). Throws engine::Error
/// (kNotFound) when the container or the binding does not exist.
int RunPort(const PortOptions& options,
            const ProjectContext& context,
            engine::client::EngineApi& api,
            std::ostream& out);

}  // namespace compose::cli
