#include "compose/cli/port_command.hpp"

#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "engine/base/error.hpp"

namespace compose::cli {

int RunPort(const PortOptions& options,
            const ProjectContext& context,
            engine::client::EngineApi& api,
            std::ostream& out) {
    SelectServices(context, {options.service});
    std::optional<reconcile::ObservedContainer> found;  // a copy: ContainersOf returns a temporary
    for (const reconcile::ObservedContainer& container : ContainersOf(context, {options.service})) {
        if (container.number == options.index) {
            found = container;
        }
    }
    if (!found) {
        throw engine::Error(
            engine::Errc::kNotFound,
            "service \"" + options.service + "\" has no container with index " + std::to_string(options.index));
    }
    const std::string key = std::to_string(options.private_port) + "/" + options.protocol;
    const nlohmann::json inspect = api.ContainerInspect(found->id, false);
    const nlohmann::json settings = inspect.value("NetworkSettings", nlohmann::json::object());
    const nlohmann::json ports = settings.value("Ports", nlohmann::json::object());
    const nlohmann::json bindings = ports.is_object() ? ports.value(key, nlohmann::json()) : nlohmann::json();
    if (!bindings.is_array() || bindings.empty()) {
        throw engine::Error(engine::Errc::kNotFound,
                            "no port " + key + " for container " + found->name + ": it is not published");
    }
    out << bindings.front().value("HostIp", "") << ':' << bindings.front().value("HostPort", "") << '\n';
    return 0;
}

void AddPortCommand(CLI::App& app,
                    const GlobalOptions& global,
                    const std::shared_ptr<EngineOptions>& engine,
                    int& exit_code) {
    auto options = std::make_shared<PortOptions>();
    CLI::App* cmd = app.add_subcommand("port", "Print the public port for a port binding");
    cmd->add_option("--protocol", options->protocol, "tcp or udp")->check(CLI::IsMember({"tcp", "udp"}));
    cmd->add_option("--index", options->index, "Index of the container if service has multiple replicas");
    cmd->add_option("service", options->service, "Service")->required();
    cmd->add_option("private_port", options->private_port, "Private port")->required();
    cmd->callback([options, &global, engine, &exit_code] {
        const CommandEnvironment env = PrepareProjectCommand(global, *engine, {options->service}, std::cerr);
        exit_code = RunPort(*options, env.project, *env.api, std::cout);
    });
}

}  // namespace compose::cli
