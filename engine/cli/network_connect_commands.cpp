// `berth network connect | disconnect`, with docker's flags and request bodies.
#include "engine/api/network_address.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/container_options.hpp"
#include "engine/cli/network_ipam_flags.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

struct NetworkConnectOptions {
    std::vector<std::string> aliases;
    std::vector<std::string> driver_opts;
    std::string ipv4_address;
    std::string ipv6_address;
    std::vector<std::string> links;
    std::vector<std::string> link_local_ips;
    std::vector<std::string> args;
};

// docker's convertDriverOpt: "k=v" pairs with both sides trimmed, a key required.
json DriverOpts(const std::vector<std::string>& values) {
    const auto trim = [](const std::string& text) {
        const std::size_t begin = text.find_first_not_of(" \t\r\n");
        return begin == std::string::npos ? std::string()
                                          : text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
    };
    json options = json::object();
    for (const std::string& value : values) {
        const std::size_t equals = value.find('=');
        const std::string key = trim(value.substr(0, equals));
        if (equals == std::string::npos || key.empty()) {
            throw ExitError(1, "invalid key/value pair format in driver options");
        }
        options[key] = trim(value.substr(equals + 1));
    }
    return options;
}

// The body docker sends: IPAMConfig always (empty without addresses), Links null when none,
// Aliases and DriverOpts always.
json ConnectBody(const NetworkConnectOptions& options, const std::string& container) {
    for (const std::string& link : options.links) {
        ValidateLinkFlag(link);
    }
    const std::vector<std::string> link_local_ips = SplitCommaValues(options.link_local_ips);
    for (const std::string& address : link_local_ips) {
        if (!api::ParseIpAddr(address)) {
            throw ExitError(125,
                            "invalid argument \"" + address + "\" for \"--link-local-ip\" flag: invalid string " +
                                "being converted to IP address: " + address);
        }
    }
    json ipam = json::object();
    if (!options.ipv4_address.empty()) {
        ipam["IPv4Address"] = options.ipv4_address;
    }
    if (!options.ipv6_address.empty()) {
        ipam["IPv6Address"] = options.ipv6_address;
    }
    if (!link_local_ips.empty()) {
        ipam["LinkLocalIPs"] = link_local_ips;
    }
    const json endpoint = {
        {"IPAMConfig", std::move(ipam)},
        {"Links", options.links.empty() ? json(nullptr) : json(options.links)},
        {"Aliases", SplitCommaValues(options.aliases)},
        {"DriverOpts", DriverOpts(SplitCommaValues(options.driver_opts))},
    };
    return json{{"Container", container}, {"EndpointConfig", endpoint}};
}

}  // namespace

void AddNetworkConnectCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command =
        NewCommand(parent, context, "connect", "Connect a container to a network", "[OPTIONS] NETWORK CONTAINER");
    auto options = std::make_shared<NetworkConnectOptions>();
    AddRepeatable(*command, "--alias", options->aliases, "Add network-scoped alias for the container");
    AddRepeatable(*command, "--driver-opt", options->driver_opts, "driver options for the network");
    command->add_option("--ip", options->ipv4_address, "IPv4 address (e.g., \"172.30.100.104\")");
    command->add_option("--ip6", options->ipv6_address, "IPv6 address (e.g., \"2001:db8::33\")");
    AddRepeatable(*command, "--link", options->links, "Add link to another container");
    AddRepeatable(*command, "--link-local-ip", options->link_local_ips, "Add a link-local address for the container");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {2, 2});
        context.Api().NetworkConnect(options->args[0], ConnectBody(*options, options->args[1]));
    });
}

void AddNetworkDisconnectCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command = NewCommand(
        parent, context, "disconnect", "Disconnect a container from a network", "[OPTIONS] NETWORK CONTAINER");
    auto force = std::make_shared<bool>(false);
    auto args = std::make_shared<std::vector<std::string>>();
    command->add_flag("-f,--force", *force, "Force the container to disconnect from a network");
    command->add_option("args", *args)->group("");
    command->callback([&context, command, force, args] {
        CheckArgCount(context, command, *args, {2, 2});
        context.Api().NetworkDisconnect((*args)[0], (*args)[1], *force);
    });
}

}  // namespace engine::cli
