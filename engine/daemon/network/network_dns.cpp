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

std::optional<std::vector<net::IpAddress>> NetworkManager::Impl::Lookup(std::string_view scope, std::string_view name) {
    std::lock_guard lock(names_mutex);
    std::optional<std::vector<net::IpAddress>> found;
    for (const NameEntry& entry : names) {
        if (entry.network_id == scope && std::find(entry.names.begin(), entry.names.end(), name) != entry.names.end()) {
            if (!found) {
                found.emplace();
            }
            found->insert(found->end(), entry.addresses.begin(), entry.addresses.end());
        }
    }
    return found;
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
