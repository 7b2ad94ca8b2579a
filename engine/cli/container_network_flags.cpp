// The network flags of `berth run` and `berth create`: docker's parseNetworkOpts and the
// HostConfig network fields of its opts.go parse().
#include "engine/api/network_address.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/container_create.hpp"
#include "engine/cli/container_options.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

json ListOrNull(const std::vector<std::string>& values) {
    return values.empty() ? json(nullptr) : json(values);
}

[[noreturn]] void FlagError(const std::string& value, std::string_view flag, const std::string& problem) {
    throw ExitError(125, "invalid argument \"" + value + "\" for \"" + std::string(flag) + "\" flag: " + problem);
}

// The endpoint settings the flags give the first network, with only the fields set.
json EndpointFromFlags(const ContainerOptions& options, const std::string& network) {
    const bool user_defined = IsUserDefinedNetwork(network);
    if (!options.network_aliases.empty() && !user_defined) {
        throw RunError(options.command_name, "network-scoped aliases are only supported for user-defined networks");
    }
    json endpoint = json::object();
    if (!options.network_aliases.empty()) {
        endpoint["Aliases"] = options.network_aliases;
    }
    if (!options.links.empty() && user_defined) {
        endpoint["Links"] = options.links;
    }
    json ipam = json::object();
    if (!options.ipv4_address.empty()) {
        ipam["IPv4Address"] = options.ipv4_address;
    }
    if (!options.ipv6_address.empty()) {
        ipam["IPv6Address"] = options.ipv6_address;
    }
    if (!options.link_local_ips.empty()) {
        ipam["LinkLocalIPs"] = options.link_local_ips;
    }
    if (!ipam.empty()) {
        endpoint["IPAMConfig"] = std::move(ipam);
    }
    return endpoint;
}

}  // namespace

bool IsUserDefinedNetwork(const std::string& network) {
    return network != "default" && network != "bridge" && network != "host" && network != "none" &&
           !network.starts_with("container:");
}

std::string NormalizeExtraHost(const std::string& value) {
    std::size_t separator = value.find('=');
    if (separator == std::string::npos) {
        separator = value.find(':');  // the first ':', so IPv6 addresses keep theirs
    }
    const std::string name = separator == std::string::npos ? value : value.substr(0, separator);
    if (separator == std::string::npos || name.empty() || name.find(':') != std::string::npos) {
        FlagError(value, "--add-host", "bad format for add-host: \"" + value + "\"");
    }
    std::string address = value.substr(separator + 1);
    if (address != "host-gateway") {
        if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
            address = address.substr(1, address.size() - 2);
        }
        if (!api::ParseIpAddr(address)) {
            FlagError(value, "--add-host", "invalid IP address in add-host: \"" + address + "\"");
        }
    }
    return name + ":" + address;
}

void ValidateLinkFlag(const std::string& value) {
    if (value.empty()) {
        FlagError(value, "--link", "empty string specified for links");
    }
    if (value.find(':') != value.rfind(':')) {
        FlagError(value, "--link", "bad format for links: " + value);
    }
}

void AddNetworkFlags(CLI::App& command, ContainerOptions& options) {
    AddRepeatable(command, "--network-alias", options.network_aliases, "Add network-scoped alias for the container");
    command.add_option("--ip", options.ipv4_address, "IPv4 address (e.g., 172.30.100.104)");
    command.add_option("--ip6", options.ipv6_address, "IPv6 address (e.g., 2001:db8::33)");
    AddRepeatable(command, "--link-local-ip", options.link_local_ips, "Container IPv4/IPv6 link-local addresses");
    AddRepeatable(command, "--link", options.links, "Add link to another container");
    AddRepeatable(command, "--dns", options.dns, "Set custom DNS servers");
    AddRepeatable(command, "--dns-search", options.dns_search, "Set custom DNS search domains");
    AddRepeatable(command, "--dns-option", options.dns_options, "Set DNS options");
    AddRepeatable(command, "--add-host", options.add_hosts, "Add a custom host-to-IP mapping (host:ip)");
    command.add_option("--mac-address", options.mac_address, "Container MAC address (e.g., 92:d0:c6:0a:29:33)");
    command.add_flag("-P,--publish-all", options.publish_all, "Publish all exposed ports to random ports");
}

void AddNetworkFields(const ContainerOptions& options, json& body) {
    std::vector<std::string> extra_hosts;
    for (const std::string& value : options.add_hosts) {
        extra_hosts.push_back(NormalizeExtraHost(value));
    }
    for (const std::string& link : options.links) {
        ValidateLinkFlag(link);
    }
    if (!options.mac_address.empty()) {
        if (!api::IsValidMacAddress(options.mac_address)) {
            throw RunError(options.command_name, options.mac_address + " is not a valid mac address");
        }
        body["MacAddress"] = options.mac_address;
    }
    json& host = body["HostConfig"];
    host["Dns"] = options.dns;  // docker never sends these three as null
    host["DnsSearch"] = options.dns_search;
    host["DnsOptions"] = options.dns_options;
    host["ExtraHosts"] = ListOrNull(extra_hosts);
    host["Links"] = ListOrNull(options.links);
    host["PublishAllPorts"] = options.publish_all;
    // No --network: the default network always gets its (possibly empty) entry. A network
    // given by name gets one only when the flags put something in it.
    const std::string network = options.network.empty() ? "default" : options.network;
    json endpoint = EndpointFromFlags(options, network);
    json endpoints = json::object();
    if (options.network.empty() || !endpoint.empty()) {
        endpoints[network] = std::move(endpoint);
    }
    body["NetworkingConfig"] = {{"EndpointsConfig", std::move(endpoints)}};
}

}  // namespace engine::cli
