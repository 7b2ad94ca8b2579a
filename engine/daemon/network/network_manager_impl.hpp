#pragma once

// Internals of NetworkManager shared by its .cpp files; not part of the public API.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "engine/daemon/network/network_manager.hpp"
#include "engine/daemon/network/network_record.hpp"
#include "engine/daemon/network/sandbox_record.hpp"
#include "engine/net/dns/dns_server.hpp"
#include "engine/net/ipam/address_allocator.hpp"
#include "engine/net/publish/port_proxy.hpp"

namespace engine::daemon {

/// A network as the manager holds it: the record and its address allocators.
struct NetworkState {
    NetworkRecord record;
    std::optional<net::AddressAllocator> ipv4;
    std::optional<net::AddressAllocator> ipv6;
    /// Why the bridge could not be set up at start ("" when it is up); Join reports it.
    std::string bridge_error;
};

/// A running container's sandbox and the proxies of its published ports.
struct SandboxState {
    SandboxRecord record;
    std::vector<std::unique_ptr<net::PortProxy>> proxies;
};

struct NetworkManager::Impl final : net::dns::NameResolver {
    Impl(NetworkManagerOptions options, store::ObjectStore& objects, Logger& logger);
    ~Impl() override;

    NetworkManagerOptions options;
    store::ObjectStore& objects;
    Logger& logger;

    mutable std::mutex mutex;
    std::map<std::string, NetworkState> networks;   // by id
    std::map<std::string, SandboxState> sandboxes;  // by container id
    bool firewall_applied = false;

    /// What the DNS server answers from, rebuilt by RefreshNamesLocked whenever endpoints
    /// change. It has a mutex of its own because the DNS thread must never wait on `mutex`,
    /// which is held across calls into the DNS server.
    struct NameEntry {
        std::string container_id;
        std::string network_id;
        std::vector<std::string> names;
        std::vector<net::IpAddress> addresses;
        std::string reverse_name;
    };
    mutable std::mutex names_mutex;
    std::vector<NameEntry> names;

    boost::asio::io_context io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> io_work;
    std::thread io_thread;
    std::unique_ptr<net::dns::DnsServer> dns;

    // network_manager.cpp
    NetworkState& FindLocked(std::string_view ref);
    const NetworkState& FindLocked(std::string_view ref) const;
    void AddNetworkLocked(NetworkRecord record);
    void EnsurePredefinedLocked();
    void Emit(std::string action, const NetworkRecord& network, std::map<std::string, std::string> attributes);
    api::NetworkView ViewLocked(const NetworkState& network) const;

    // network_bridge.cpp: the Linux side of a bridge network.
    void SetUpBridgeLocked(NetworkState& network);
    void TearDownBridgeLocked(NetworkState& network);
    void ApplyFirewallLocked();
    std::vector<net::Subnet> TakenSubnetsLocked() const;

    // network_join.cpp
    EndpointRecord AttachLocked(SandboxState& sandbox,
                                NetworkState& network,
                                const NetworkJoinRequest& request,
                                const api::EndpointSettings& settings,
                                bool default_route);
    void DetachLocked(SandboxState& sandbox, const EndpointRecord& endpoint);
    void ReleaseAddressesLocked(const EndpointRecord& endpoint);
    NetworkJoin JoinViewLocked(const SandboxState& sandbox) const;
    void PersistSandboxLocked(const SandboxRecord& record) const;
    void LoadSandboxesLocked();

    // network_ports.cpp
    void PublishLocked(SandboxState& sandbox, const NetworkJoinRequest& request);
    void StartProxiesLocked(SandboxState& sandbox);

    // network_dns.cpp: net::dns::NameResolver
    std::optional<std::vector<net::IpAddress>> Lookup(std::string_view scope,
                                                      std::string_view name,
                                                      const std::optional<net::IpAddress>& client) override;
    std::optional<std::string> ReverseLookup(std::string_view scope, const net::IpAddress& address) override;
    void ListenLocked(const NetworkState& network);
    void RefreshNamesLocked();
};

/// "bridge" for "default", the name itself otherwise.
std::string CanonicalNetworkName(std::string_view name);

/// The addresses of `link` as CIDR texts; none when there is no such link.
std::vector<std::string> LinkAddressesIfExists(std::string_view link);

}  // namespace engine::daemon
