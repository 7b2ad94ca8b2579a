#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/api/filters.hpp"
#include "engine/api/network_bridge_options.hpp"
#include "engine/api/network_config.hpp"
#include "engine/api/network_create.hpp"
#include "engine/api/network_filter.hpp"
#include "engine/base/log.hpp"
#include "engine/daemon/container/container_networking.hpp"
#include "engine/net/ipam/address_pools.hpp"
#include "engine/store/object_store.hpp"

namespace engine::daemon {

/// Network events as /events shows them: action ("create", "destroy", "connect",
/// "disconnect"), the network's id and attributes ("name", "type", "container").
using NetworkEventSink =
    std::function<void(std::string action, std::string id, std::map<std::string, std::string> attributes)>;

/// How the daemon wires networks, decided at its start (berthd's flags).
struct NetworkManagerOptions {
    /// Sandboxes (<exec_root>/network/sandboxes) and namespaces (<exec_root>/netns).
    std::filesystem::path exec_root;
    /// The default network's Linux bridge; "none" disables the default network (containers of
    /// the default mode then get loopback only).
    std::string default_bridge = "berth0";
    /// --bip: the default bridge's address with prefix ("172.17.0.1/16"); "" allocates one.
    std::string default_bridge_address;
    std::vector<net::AddressPool> address_pools = net::DefaultAddressPools();
    /// The nftables table (inet family) holding NAT and isolation rules.
    std::string firewall_table = "berth";
    /// Where the embedded DNS forwards names it does not know ("ip" or "ip:port").
    std::vector<std::string> dns_upstreams;
    /// Port the embedded DNS listens on at each user-defined network's gateway.
    std::uint16_t dns_port = 53;
    /// Default MTU for new bridges (0: the kernel's).
    unsigned mtu = 0;
    NetworkEventSink emit_event;
};

/// Owns every network: records in the object store, their bridges, the containers' sandboxes
/// and endpoints, the embedded DNS and published ports. Thread-safe.
class NetworkManager final : public ContainerNetworking {
  public:
    NetworkManager(NetworkManagerOptions options, store::ObjectStore& objects, Logger& logger);
    /// Stops the DNS server and the port proxies and removes the nftables table; bridges and
    /// containers' namespaces stay, as Docker leaves them.
    ~NetworkManager() override;
    NetworkManager(const NetworkManager&) = delete;
    NetworkManager& operator=(const NetworkManager&) = delete;

    /// At daemon start: the predefined networks exist, bridges are up with their addresses,
    /// sandboxes of the last run are loaded (namespaces without one removed), DNS listens and
    /// the firewall table is in place.
    void Start();

    /// POST /networks/create. Returns the new id. kConflict when the name is taken,
    /// kInvalidArgument for settings the host cannot honour (overlapping subnet, ...).
    std::string Create(const api::NetworkCreateRequest& request);
    /// DELETE /networks/{id}: kForbidden-like kInvalidArgument for predefined networks,
    /// kConflict naming the containers still attached.
    void Remove(std::string_view ref);
    /// GET /networks/{id}.
    api::NetworkView Inspect(std::string_view ref) const;
    /// GET /networks.
    std::vector<api::NetworkView> List(const api::Filters& filters) const;
    /// POST /networks/prune: removes the user-defined networks no container uses for which
    /// `matches` holds; returns their names.
    std::vector<std::string> Prune(const std::function<bool(const api::NetworkView&)>& matches);
    /// The id and name `ref` designates; kNotFound "network x not found".
    std::pair<std::string, std::string> Resolve(std::string_view ref) const;

    // ContainerNetworking
    std::string CheckEndpoint(std::string_view network, const api::EndpointSettings& settings) override;
    bool HasDefaultBridge() const override;
    NetworkJoin Join(const NetworkJoinRequest& request) override;
    void Leave(std::string_view container_id) override;
    std::optional<NetworkJoin> Readopt(std::string_view container_id) override;
    std::optional<NetworkJoin> Describe(std::string_view container_id) const override;
    NetworkJoin Connect(const NetworkJoinRequest& request, std::string_view network) override;
    NetworkJoin Disconnect(std::string_view container_id, std::string_view network) override;
    void Rename(std::string_view container_id, std::string_view new_name) override;
    std::map<std::string, std::string> HostInterfaces(std::string_view container_id) const override;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace engine::daemon
