// `berth port`: the published ports of a container, as `docker port` prints them.
#include <algorithm>

#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"

namespace engine::cli {
namespace {

// "0.0.0.0:8080", "[::]:8080".
std::string HostAddress(const nlohmann::json& binding) {
    const std::string ip = binding.value("HostIp", "");
    const std::string port = binding.value("HostPort", "");
    return ip.find(':') != std::string::npos ? "[" + ip + "]:" + port : ip + ":" + port;
}

// Port keys in docker's order: by number, then protocol.
bool PortKeyLess(const std::string& a, const std::string& b) {
    const auto number = [](const std::string& key) { return std::stoi(key.substr(0, key.find('/'))); };
    return number(a) != number(b) ? number(a) < number(b) : a < b;
}

}  // namespace

void AddPortCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent,
                                   context,
                                   name,
                                   "List port mappings or a specific mapping for the container",
                                   "CONTAINER [PRIVATE_PORT[/PROTO]]");
    auto args = std::make_shared<std::vector<std::string>>();
    command->add_option("args", *args)->group("");
    command->callback([&context, command, args] {
        CheckArgCount(context, command, *args, {1, 2});
        const nlohmann::json container = context.Api().ContainerInspect(args->at(0), false);
        const nlohmann::json ports =
            container.value("NetworkSettings", nlohmann::json::object()).value("Ports", nlohmann::json::object());
        std::vector<std::string> keys;
        if (ports.is_object()) {
            for (const auto& item : ports.items()) {
                keys.push_back(item.key());
            }
        }
        std::sort(keys.begin(), keys.end(), PortKeyLess);
        if (args->size() == 2) {
            std::string wanted = args->at(1);
            if (wanted.find('/') == std::string::npos) {
                wanted += "/tcp";
            }
            const auto found = ports.find(wanted);
            if (found == ports.end() || !found->is_array() || found->empty()) {
                throw ExitError(1, "Error: No public port '" + wanted + "' published for " + args->at(0));
            }
            for (const nlohmann::json& binding : *found) {
                context.io().out << HostAddress(binding) << '\n';
            }
            return;
        }
        for (const std::string& key : keys) {
            const nlohmann::json& bindings = ports.at(key);
            if (!bindings.is_array()) {
                continue;
            }
            for (const nlohmann::json& binding : bindings) {
                context.io().out << key << " -> " << HostAddress(binding) << '\n';
            }
        }
    });
}

}  // namespace engine::cli
