// The Linux side of bridge networks: the bridge device with its gateway addresses, and the
// nftables table that gives them NAT, isolation and published ports.

#include <set>
#include <tuple>

#include "engine/base/error.hpp"
#include "engine/daemon/network/network_manager_impl.hpp"
#include "engine/net/publish/firewall_rules.hpp"
#include "engine/sys/linux/netlink.hpp"
#include "engine/sys/linux/nftables.hpp"

namespace engine::daemon {

std::vector<std::string> LinkAddressesIfExists(std::string_view link) {
    if (!sys::FindLink(link)) {
        return {};
    }
    return sys::LinkAddresses(link);
}

void NetworkManager::Impl::SetUpBridgeLocked(NetworkState& network) {
    const NetworkRecord& record = network.record;
    try {
        if (!sys::FindLink(record.bridge)) {
            sys::CreateBridge(record.bridge, record.mtu);
        }
        for (const auto* allocator : {&network.ipv4, &network.ipv6}) {
            if (*allocator && (*allocator)->gateway()) {
                sys::AddAddress(
                    record.bridge,
                    (*allocator)->gateway()->ToString() + "/" + std::to_string((*allocator)->subnet().prefix));
            }
        }
        sys::SetLinkUp(record.bridge);
        if (!record.internal) {
            sys::EnableIpForwarding(network.ipv6.has_value());
        }
        network.bridge_error.clear();
    } catch (const Error& error) {
        throw error.Wrap("network " + record.name + ": bridge " + record.bridge);
    }
}

void NetworkManager::Impl::TearDownBridgeLocked(NetworkState& network) {
    if (dns) {
        dns->RemoveListener(network.record.id);
    }
    sys::DeleteLink(network.record.bridge);
}

std::vector<net::Subnet> NetworkManager::Impl::TakenSubnetsLocked() const {
    std::vector<net::Subnet> taken;
    for (const auto& [id, network] : networks) {
        for (const IpamPoolRecord& pool : network.record.ipam_pools) {
            taken.push_back(net::Subnet::Parse(pool.subnet));
        }
    }
    for (const std::string& route : sys::RouteDestinations()) {
        const auto slash = route.find('/');
        if (const auto address = net::IpAddress::TryParse(route.substr(0, slash))) {
            taken.push_back(net::Subnet::Containing(*address, std::stoi(route.substr(slash + 1))));
        }
    }
    return taken;
}

void NetworkManager::Impl::ApplyFirewallLocked() {
    std::vector<net::BridgeRules> bridges;
    for (const auto& [id, network] : networks) {
        if (network.record.driver != "bridge" || !network.bridge_error.empty()) {
            continue;
        }
        net::BridgeRules rules;
        rules.bridge = network.record.bridge;
        for (const IpamPoolRecord& pool : network.record.ipam_pools) {
            rules.subnets.push_back(pool.subnet);
        }
        rules.internal = network.record.internal;
        rules.masquerade = network.record.masquerade;
        rules.inter_container = network.record.inter_container;
        bridges.push_back(std::move(rules));
    }
    if (bridges.empty()) {
        if (firewall_applied) {
            sys::RunNftScript(net::DeleteRulesetScript(options.firewall_table));
            firewall_applied = false;
        }
        return;
    }
    std::vector<net::PublishedPort> ports;
    for (const auto& [container_id, sandbox] : sandboxes) {
        if (!sandbox.record.port_target) {
            continue;
        }
        const EndpointRecord& target = sandbox.record.endpoints.at(*sandbox.record.port_target);
        const auto network = networks.find(target.network_id);
        if (network == networks.end() || !network->second.bridge_error.empty() || target.ipv4.empty()) {
            continue;
        }
        std::set<std::tuple<std::string, std::string, std::uint16_t>> seen;
        for (const PortRecord& port : sandbox.record.ports) {
            // A binding on every address is listed once per family but is one rule.
            if (!seen.insert({port.protocol, port.bind_ip, port.host_port}).second) {
                continue;
            }
            net::PublishedPort published;
            published.protocol = port.protocol;
            published.host_ip = port.bind_ip;
            published.host_port = port.host_port;
            published.container_ip = target.ipv4;
            published.container_port = port.container_port;
            published.bridge = network->second.record.bridge;
            ports.push_back(std::move(published));
        }
    }
    sys::RunNftScript(net::BuildRuleset(options.firewall_table, bridges, ports));
    firewall_applied = true;
}

}  // namespace engine::daemon
