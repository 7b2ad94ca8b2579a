// The embedded DNS's view of the containers: names on user-defined networks, answered from the
// sandboxes' endpoints.

#include <algorithm>

#include "engine/daemon/network/network_manager_impl.hpp"

namespace engine::daemon {

void NetworkManager::Impl::RefreshNamesLocked() {
    std::vector<NameEntry> entries;
    for (const auto& [container_id, sandbox] : sandboxes) {
        for (const EndpointRecord& endpoint : sandbox.record.endpoints) {
            NameEntry entry;
            entry.container_id = container_id;
            entry.network_id = endpoint.network_id;
            entry.names = endpoint.dns_names;
            for (const std::string* address : {&endpoint.ipv4, &endpoint.ipv6}) {
                if (!address->empty()) {
                    entry.addresses.push_back(net::IpAddress::Parse(*address));
                }
            }
            entry.reverse_name = sandbox.record.container_name + "." + endpoint.network_name;
            entries.push_back(std::move(entry));
        }
    }
    std::lock_guard lock(names_mutex);
    names = std::move(entries);
}

namespace {

// Templates: the entry type is private to the manager.
template <typename NameEntries>
std::optional<std::vector<net::IpAddress>> FindName(const NameEntries& entries,
                                                    std::string_view network,
                                                    std::string_view name) {
    std::optional<std::vector<net::IpAddress>> found;
    for (const auto& entry : entries) {
        if (entry.network_id == network &&
            std::find(entry.names.begin(), entry.names.end(), name) != entry.names.end()) {
            if (!found) {
                found.emplace();
            }
            found->insert(found->end(), entry.addresses.begin(), entry.addresses.end());
        }
    }
    return found;
}

// The other networks of the container that sent the query from `client` on `scope`.
template <typename NameEntries>
std::vector<std::string> OtherNetworksOf(const NameEntries& entries,
                                         std::string_view scope,
                                         const net::IpAddress& client) {
    std::string container;
    for (const auto& entry : entries) {
        if (entry.network_id == scope &&
            std::find(entry.addresses.begin(), entry.addresses.end(), client) != entry.addresses.end()) {
            container = entry.container_id;
        }
    }
    std::vector<std::string> networks;
    for (const auto& entry : entries) {
        if (!container.empty() && entry.container_id == container && entry.network_id != scope) {
            networks.push_back(entry.network_id);
        }
    }
    return networks;
}

}  // namespace

std::optional<std::vector<net::IpAddress>> NetworkManager::Impl::Lookup(std::string_view scope,
                                                                        std::string_view name,
                                                                        const std::optional<net::IpAddress>& client) {
    std::lock_guard lock(names_mutex);
    if (auto found = FindName(names, scope, name)) {
        return found;
    }
    // Docker resolves names of every network a container is on, through the one resolver
    // address in its resolv.conf: the query arrives on the first network's listener.
    if (client) {
        for (const std::string& network : OtherNetworksOf(names, scope, *client)) {
            if (auto found = FindName(names, network, name)) {
                return found;
            }
        }
    }
    return std::nullopt;
}

std::optional<std::string> NetworkManager::Impl::ReverseLookup(std::string_view scope, const net::IpAddress& address) {
    std::lock_guard lock(names_mutex);
    for (const NameEntry& entry : names) {
        if (entry.network_id == scope &&
            std::find(entry.addresses.begin(), entry.addresses.end(), address) != entry.addresses.end()) {
            return entry.reverse_name;
        }
    }
    return std::nullopt;
}

void NetworkManager::Impl::ListenLocked(const NetworkState& network) {
    // Only user-defined networks resolve container names, as in Docker; the default bridge's
    // containers use the host's resolvers.
    if (!dns || network.record.name == "bridge" || !network.ipv4 || !network.ipv4->gateway()) {
        return;
    }
    dns->AddListener(network.record.id, *network.ipv4->gateway(), options.dns_port);
}

}  // namespace engine::daemon
