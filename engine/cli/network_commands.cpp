// `berth network create | ls | inspect | rm | prune` (connect and disconnect are in
// network_connect_commands.cpp), with docker's flags, output and messages.
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/network_format.hpp"
#include "engine/cli/network_ipam_flags.hpp"
#include "engine/cli/output.hpp"
#include "engine/cli/template.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

struct NetworkCreateOptions {
    std::string driver = "bridge";
    std::vector<std::string> opts;
    std::vector<std::string> labels;
    bool internal = false;
    bool ipv4 = true;
    bool ipv6 = false;
    bool attachable = false;
    bool ingress = false;
    bool config_only = false;
    std::string scope;
    std::string config_from;
    IpamFlags ipam;
    std::vector<std::string> args;
};

// docker's ValidateLabel, applied when --label is parsed.
void ValidateLabels(const std::vector<std::string>& labels) {
    for (const std::string& label : labels) {
        const std::string key = label.substr(0, label.find('='));
        if (key.find_first_not_of(" \t\r\n") == std::string::npos) {
            throw ExitError(
                125,
                "invalid argument \"" + label + "\" for \"--label\" flag: invalid label '" + label + "': empty name");
        }
    }
}

json CreateBody(const NetworkCreateOptions& options, const std::string& name, bool ipv4_set, bool ipv6_set) {
    IpamFlags ipam = options.ipam;
    ipam.subnets = SplitCommaValues(ipam.subnets);
    ipam.ip_ranges = SplitCommaValues(ipam.ip_ranges);
    ipam.gateways = SplitCommaValues(ipam.gateways);
    json body = {
        {"Name", name},
        {"CheckDuplicate", true},  // what the docker client adds below API 1.44
        {"Driver", options.driver},
        {"Scope", options.scope},
        {"IPAM", IpamFromFlags(ipam)},
        {"Internal", options.internal},
        {"Attachable", options.attachable},
        {"Ingress", options.ingress},
        {"ConfigOnly", options.config_only},
        {"ConfigFrom", options.config_from.empty() ? json(nullptr) : json{{"Network", options.config_from}}},
        {"Options", KeyValueFlags(options.opts)},
        {"Labels", KeyValueFlags(options.labels)},
    };
    if (ipv4_set) {
        body["EnableIPv4"] = options.ipv4;
    }
    if (ipv6_set) {
        body["EnableIPv6"] = options.ipv6;
    }
    return body;
}

void AddIpamFlags(CLI::App& command, IpamFlags& ipam) {
    command.add_option("--ipam-driver", ipam.driver, "IP Address Management Driver");
    AddRepeatable(command, "--subnet", ipam.subnets, "Subnet in CIDR format that represents a network segment");
    AddRepeatable(command, "--ip-range", ipam.ip_ranges, "Allocate container ip from a sub-range");
    AddRepeatable(command, "--gateway", ipam.gateways, "IPv4 or IPv6 Gateway for the master subnet");
    AddRepeatable(
        command, "--aux-address", ipam.aux_addresses, "Auxiliary IPv4 or IPv6 addresses used by Network driver");
    AddRepeatable(command, "--ipam-opt", ipam.options, "Set IPAM driver specific options");
}

struct NetworkLsOptions {
    bool quiet = false;
    bool no_trunc = false;
    std::string format;
    std::vector<std::string> filters;
    std::vector<std::string> args;
};

void List(CommandContext& context, const NetworkLsOptions& options) {
    const json networks = context.Api().NetworkList(ParseFilterFlags(options.filters));
    std::string format = options.format;
    if (format.empty() || format == "table") {
        format = options.quiet ? "{{.ID}}" : std::string(kNetworksTableFormat);
    } else if (format == "raw") {
        format = options.quiet ? kNetworksRawQuietFormat : kNetworksRawFormat;
    }
    WriteFormatted(
        context.io().out, format, kNetworksTableFormat, NetworkRows(networks, options.no_trunc), NetworkHeaders());
}

struct NetworkInspectOptions {
    std::string format;
    bool verbose = false;
    std::vector<std::string> args;
};

// docker's inspect.Inspect: every network found is printed (an indented JSON array, "json" as
// one compact array, or a template per network), then the errors, one per line, exit 1.
void Inspect(CommandContext& context, const NetworkInspectOptions& options) {
    const bool templated = !options.format.empty() && options.format != "json";
    const std::optional<Template> tmpl = templated ? std::optional(Template::Parse(options.format)) : std::nullopt;
    json found = json::array();
    std::string errors;
    for (const std::string& name : options.args) {
        try {
            found.push_back(context.Api().NetworkInspect(name, options.verbose));
        } catch (const Error& error) {
            errors += (errors.empty() ? "" : "\n") + std::string(error.what());
        }
    }
    std::ostream& out = context.io().out;
    if (tmpl) {
        for (const json& network : found) {
            out << tmpl->Execute(network) << '\n';
        }
    } else {
        out << (options.format == "json" ? found.dump() : found.dump(4)) << '\n';
    }
    if (!errors.empty()) {
        throw ExitError(1, errors);
    }
}

// docker's network rm: each failure is reported as it happens; a missing network is no failure
// with --force; any failure ends the command with docker's "exit status 1".
void Remove(CommandContext& context, const std::vector<std::string>& names, bool force) {
    bool failed = false;
    for (const std::string& name : names) {
        try {
            context.Api().NetworkRemove(name);
        } catch (const Error& error) {
            if (force && error.code() == Errc::kNotFound) {
                continue;
            }
            context.io().err << error.what() << '\n';
            failed = true;
            continue;
        }
        context.io().out << name << '\n';
    }
    if (failed) {
        throw ExitError(1, "exit status 1");
    }
}

struct NetworkPruneOptions {
    bool force = false;
    std::vector<std::string> filters;
    std::vector<std::string> args;
};

void Prune(CommandContext& context, const NetworkPruneOptions& options) {
    const api::Filters filters = ParseFilterFlags(options.filters, "--filter");
    CliIo& io = context.io();
    const std::string_view warning =
        "WARNING! This will remove all custom networks not used by at least one container.\n"
        "Are you sure you want to continue?";
    if (!options.force && !Confirm(io.in, io.out, warning)) {
        return;  // docker's cancelled prune exits 0 without a word
    }
    const json deleted = context.Api().NetworkPrune(filters).value("NetworksDeleted", json::array());
    if (!deleted.is_array() || deleted.empty()) {
        return;
    }
    io.out << "Deleted Networks:\n";
    for (const json& name : deleted) {
        io.out << (name.is_string() ? name.get<std::string>() : name.dump()) << '\n';
    }
    io.out << '\n';
}

}  // namespace

void AddNetworkCreateCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, "create", "Create a network", "[OPTIONS] NETWORK");
    auto options = std::make_shared<NetworkCreateOptions>();
    command->add_flag("--attachable", options->attachable, "Enable manual container attachment");
    command->add_option("--config-from", options->config_from, "The network from which to copy the configuration");
    command->add_flag("--config-only", options->config_only, "Create a configuration only network");
    command->add_option("-d,--driver", options->driver, "Driver to manage the Network");
    command->add_flag("--ingress", options->ingress, "Create swarm routing-mesh network");
    command->add_flag("--internal", options->internal, "Restrict external access to the network");
    CLI::Option* ipv4 = command->add_flag("--ipv4", options->ipv4, "Enable or disable IPv4 address assignment");
    CLI::Option* ipv6 = command->add_flag("--ipv6", options->ipv6, "Enable or disable IPv6 address assignment");
    AddRepeatable(*command, "--label", options->labels, "Set metadata on a network");
    AddRepeatable(*command, "-o,--opt", options->opts, "Set driver specific options");
    command->add_option("--scope", options->scope, "Control the network's scope");
    AddIpamFlags(*command, options->ipam);
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options, ipv4, ipv6] {
        ValidateLabels(options->labels);
        CheckArgCount(context, command, options->args, {1, 1});
        const json body = CreateBody(*options, options->args.front(), ipv4->count() > 0, ipv6->count() > 0);
        context.io().out << context.Api().NetworkCreate(body).value("Id", "") << '\n';
    });
}

void AddNetworkLsCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "List networks", "[OPTIONS]");
    auto options = std::make_shared<NetworkLsOptions>();
    AddRepeatable(*command, "-f,--filter", options->filters, "Provide filter values (e.g. \"driver=bridge\")");
    command->add_option("--format", options->format, "Format output using a custom template");
    command->add_flag("--no-trunc", options->no_trunc, "Do not truncate the output");
    command->add_flag("-q,--quiet", options->quiet, "Only display network IDs");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {0, 0});
        List(context, *options);
    });
}

void AddNetworkInspectCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command = NewCommand(parent,
                                   context,
                                   "inspect",
                                   "Display detailed information on one or more networks",
                                   "[OPTIONS] NETWORK [NETWORK...]");
    auto options = std::make_shared<NetworkInspectOptions>();
    command->add_option("-f,--format", options->format, "Format output using a custom template");
    command->add_flag("-v,--verbose", options->verbose, "Verbose output for diagnostics");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {1, SIZE_MAX});
        Inspect(context, *options);
    });
}

void AddNetworkRmCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "Remove one or more networks", "NETWORK [NETWORK...]");
    auto force = std::make_shared<bool>(false);
    auto args = std::make_shared<std::vector<std::string>>();
    command->add_flag("-f,--force", *force, "Do not error if the network does not exist");
    command->add_option("args", *args)->group("");
    command->callback([&context, command, force, args] {
        CheckArgCount(context, command, *args, {1, SIZE_MAX});
        Remove(context, *args, *force);
    });
}

void AddNetworkPruneCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, "prune", "Remove all unused networks", "[OPTIONS]");
    auto options = std::make_shared<NetworkPruneOptions>();
    AddRepeatable(*command, "--filter", options->filters, "Provide filter values (e.g. \"until=<timestamp>\")");
    command->add_flag("-f,--force", options->force, "Do not prompt for confirmation");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {0, 0});
        Prune(context, *options);
    });
}

}  // namespace engine::cli
