// A container's networks: which ones it is connected to (its record's endpoints), and joining
// them through the ContainerNetworking seam when it starts, connects or disconnects.

#include "engine/base/error.hpp"
#include "engine/daemon/container/container_manager_impl.hpp"

namespace engine::daemon {
namespace {

bool SharesNamespace(const std::string& mode) {
    return mode == "host" || mode == "none" || mode.starts_with("container:");
}

std::string NetworkKey(std::string_view name) {
    return name == "default" ? std::string("bridge") : std::string(name);
}

}  // namespace

void ContainerManager::Impl::ResolveCreateEndpoints(ContainerRecord& record,
                                                    const api::EndpointsConfig& requested) const {
    const std::string& mode = record.host_config.network_mode;
    if (mode.starts_with("container:")) {
        return;
    }
    if (!options.networking) {
        if (mode != "default" && mode != "bridge" && mode != "none" && mode != "host") {
            throw Error(Errc::kNotFound, "network " + mode + " not found");
        }
        return;
    }
    if (SharesNamespace(mode)) {
        // host and none take no endpoints of their own beyond the mode's network.
        options.networking->CheckEndpoint(mode, api::EndpointSettings{});
        for (const auto& [name, settings] : requested) {
            if (NetworkKey(name) != mode) {
                throw Error(Errc::kInvalidArgument,
                            "container sharing network namespace with another container or host cannot be connected to "
                            "any other network");
            }
        }
        return;
    }
    if ((mode == "default" || mode == "bridge") && !options.networking->HasDefaultBridge()) {
        return;  // berthd --bridge none: loopback only, as before networks existed
    }
    const std::string primary = options.networking->CheckEndpoint(NetworkKey(mode), api::EndpointSettings{});
    for (const auto& [name, settings] : requested) {
        const std::string key =
            options.networking->CheckEndpoint(NetworkKey(name), settings.value_or(api::EndpointSettings{}));
        record.endpoints[key] = settings.value_or(api::EndpointSettings{});
    }
    if (!record.endpoints.contains(primary)) {
        record.endpoints[primary] = api::EndpointSettings{};
    }
}

bool ContainerManager::Impl::UsesNetworkSandbox(const ContainerRecord& record) const {
    return options.networking && !SharesNamespace(record.host_config.network_mode) &&
           (!record.endpoints.empty() ||
            (record.host_config.network_mode != "default" && record.host_config.network_mode != "bridge"));
}

NetworkJoinRequest ContainerManager::Impl::JoinRequestFor(const ContainerRecord& record) const {
    NetworkJoinRequest request;
    request.container_id = record.id;
    request.container_name = record.name.starts_with('/') ? record.name.substr(1) : record.name;
    request.hostname = record.config.hostname;
    request.network_mode = record.host_config.network_mode;
    request.endpoints = record.endpoints;
    request.port_bindings = record.host_config.port_bindings;
    request.publish_all = record.host_config.publish_all_ports;
    request.exposed_ports = record.config.exposed_ports;
    request.mac_address = record.config.mac_address;
    return request;
}

void ContainerManager::ConnectNetwork(std::string_view ref,
                                      std::string_view network,
                                      const api::EndpointSettings& settings) {
    Impl& impl = *impl_;
    if (!impl.options.networking) {
        throw Error(Errc::kNotFound, "network " + std::string(network) + " not found");
    }
    const auto entry = impl.Find(ref);
    const std::string name = impl.options.networking->CheckEndpoint(network, settings);
    std::unique_lock lock(impl.mutex);
    ContainerRecord record = entry->record;
    const std::string& mode = record.host_config.network_mode;
    if (mode == "host" || name == "host") {
        throw Error(Errc::kInvalidArgument,
                    "container cannot be disconnected from host network or connected to host network");
    }
    if (SharesNamespace(mode)) {
        throw Error(Errc::kInvalidArgument,
                    "container sharing network namespace with another container or host cannot be connected to any "
                    "other network");
    }
    const bool running = record.state.running;
    if (running && record.endpoints.contains(name)) {
        throw Error(Errc::kConflict,
                    "endpoint with name " + record.name.substr(1) + " already exists in network " + name);
    }
    record.endpoints[name] = settings;
    if (running) {
        // The container's sandbox exists since it started; this adds one more interface.
        lock.unlock();
        impl.options.networking->Connect(impl.JoinRequestFor(record), name);
        lock.lock();
        record = entry->record;
        record.endpoints[name] = settings;
    }
    impl.PersistLocked(record);
    entry->record = record;
}

void ContainerManager::DisconnectNetwork(std::string_view ref, std::string_view network, bool force) {
    Impl& impl = *impl_;
    if (!impl.options.networking) {
        throw Error(Errc::kNotFound, "network " + std::string(network) + " not found");
    }
    const auto entry = impl.Find(ref);
    const std::string name = impl.options.networking->CheckEndpoint(network, api::EndpointSettings{});
    std::unique_lock lock(impl.mutex);
    ContainerRecord record = entry->record;
    if (record.host_config.network_mode == "host" || name == "host") {
        throw Error(Errc::kInvalidArgument,
                    "container cannot be disconnected from host network or connected to host network");
    }
    if (!record.endpoints.contains(name)) {
        if (force) {
            return;
        }
        throw Error(Errc::kConflict, "container " + record.id + " is not connected to network " + name);
    }
    record.endpoints.erase(name);
    if (record.state.running) {
        lock.unlock();
        impl.options.networking->Disconnect(record.id, name);
        lock.lock();
        record = entry->record;
        record.endpoints.erase(name);
    }
    impl.PersistLocked(record);
    entry->record = record;
}

}  // namespace engine::daemon

namespace engine::daemon {

void ContainerManager::Impl::FillNetworkSettings(api::ContainerView& view, const ContainerRecord& record) const {
    api::NetworkSettingsView& settings = view.network_settings;
    const std::string& mode = record.host_config.network_mode;
    std::optional<NetworkJoin> join;
    if (options.networking && record.state.running) {
        join = options.networking->Describe(record.id);
    }
    if (join) {
        settings.networks = join->networks;
        settings.ports = join->ports;
        settings.sandbox_key = join->netns.string();
        settings.sandbox_id = record.id;
    } else if (mode == "host" || mode == "none") {
        settings.networks[mode] = api::EndpointSettings{};
    } else {
        // Not running: the networks it will join, as configured, without addresses.
        for (const auto& [name, endpoint] : record.endpoints) {
            settings.networks[name] = endpoint.value_or(api::EndpointSettings{});
        }
    }
    if (record.state.running && record.config.exposed_ports) {
        // Exposed ports without a binding show as null, as in moby.
        if (!settings.ports) {
            settings.ports = std::map<std::string, api::PortBindingList>{};
        }
        for (const std::string& port : *record.config.exposed_ports) {
            settings.ports->try_emplace(port, std::nullopt);
        }
    }
    // The top-level fields describe the default bridge endpoint, as moby's do.
    if (const auto bridge = settings.networks.find("bridge"); bridge != settings.networks.end()) {
        const api::EndpointSettings& endpoint = bridge->second;
        settings.endpoint_id = endpoint.endpoint_id;
        settings.gateway = endpoint.gateway;
        settings.ip_address = endpoint.ip_address;
        settings.ip_prefix_len = endpoint.ip_prefix_len;
        settings.ipv6_gateway = endpoint.ipv6_gateway;
        settings.global_ipv6_address = endpoint.global_ipv6_address;
        settings.global_ipv6_prefix_len = endpoint.global_ipv6_prefix_len;
        settings.mac_address = endpoint.mac_address;
    }
}

}  // namespace engine::daemon
