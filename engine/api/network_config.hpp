#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/container_config.hpp"

namespace engine::api {

// The typed form of Docker's network objects (moby api/types/network, v1.41 field set, plus
// the newer fields clients send anyway). As in container_config.hpp, nullopt is Go's nil.

/// One IPAM.Config entry (network.IPAMConfig); every field omitempty in JSON.
struct IpamConfig final {
    std::string subnet;
    std::string ip_range;
    std::string gateway;
    /// "AuxiliaryAddresses": name → address, reserved in the subnet.
    StringMap aux_addresses;

    friend bool operator==(const IpamConfig&, const IpamConfig&) = default;
};

/// network.IPAM.
struct Ipam final {
    std::string driver;
    StringMap options;
    std::optional<std::vector<IpamConfig>> config;

    friend bool operator==(const Ipam&, const Ipam&) = default;
};

/// POST /networks/create (network.CreateRequest) after decoding and, from ParseNetworkCreate,
/// defaults and validation.
struct NetworkCreateRequest final {
    std::string name;
    /// Deprecated since API 1.44, which always checks; kept to tell "sent false" from "absent".
    std::optional<bool> check_duplicate;
    /// "" becomes "bridge" after ParseNetworkCreate.
    std::string driver;
    std::string scope;
    /// API 1.47; moby ignores it for older clients and so does Berth (IPv4 is always on).
    std::optional<bool> enable_ipv4;
    bool enable_ipv6 = false;
    /// nullopt when the body had no IPAM (moby's nil *IPAM); ParseNetworkCreate fills in the
    /// driver "default" then, and keeps Options and Config nil.
    std::optional<Ipam> ipam;
    bool internal = false;
    bool attachable = false;
    bool ingress = false;
    bool config_only = false;
    /// ConfigFrom.Network; nullopt when ConfigFrom is absent, null or names no network.
    std::optional<std::string> config_from;
    StringMap options;
    StringMap labels;
};

/// The options of the bridge driver Berth reads from a network's Options, with Docker's
/// defaults (everything else in Options is kept but has no effect).
struct BridgeOptions final {
    /// com.docker.network.bridge.name: the host interface; "" lets the daemon choose
    /// ("br-" + the first 12 characters of the network id, as Docker names them).
    std::string bridge_name;
    /// com.docker.network.driver.mtu: 0 means the default (1500).
    int mtu = 0;
    /// com.docker.network.bridge.enable_ip_masquerade: NAT outgoing traffic.
    bool enable_ip_masquerade = true;
    /// com.docker.network.bridge.enable_icc: containers of the network may talk to each other.
    bool enable_icc = true;
    /// com.docker.network.bridge.host_binding_ipv4: the default host address of published
    /// ports; "" means all addresses.
    std::string host_binding_ipv4;

    friend bool operator==(const BridgeOptions&, const BridgeOptions&) = default;
};

/// One attached container of a network inspect's "Containers" (network.EndpointResource).
struct NetworkEndpointView final {
    /// The container's name without its "/".
    std::string name;
    std::string endpoint_id;
    std::string mac_address;
    /// With its prefix length: "172.18.0.2/16"; "" when none.
    std::string ipv4_address;
    /// "fd00::2/64"; "" when none.
    std::string ipv6_address;
};

/// What the daemon knows about a network, as GET /networks and GET /networks/{id} show it.
struct NetworkView final {
    std::string name;
    std::string id;
    /// Unix nanoseconds; 0 shows as Go's zero time.
    std::int64_t created = 0;
    std::string scope = "local";
    std::string driver = "bridge";
    bool enable_ipv6 = false;
    Ipam ipam{"default", std::nullopt, std::nullopt};
    bool internal = false;
    bool attachable = false;
    bool ingress = false;
    /// Driver options (never nil in moby: libnetwork always returns a map).
    std::map<std::string, std::string> options;
    std::map<std::string, std::string> labels;
    /// Container id → its endpoint.
    std::map<std::string, NetworkEndpointView> containers;
};

/// POST /networks/{id}/connect (network.ConnectOptions).
struct NetworkConnectRequest final {
    /// The container's id, id prefix or name.
    std::string container;
    /// nullopt when absent or null.
    std::optional<EndpointSettings> endpoint_config;
};

/// POST /networks/{id}/disconnect (network.DisconnectOptions).
struct NetworkDisconnectRequest final {
    std::string container;
    bool force = false;
};

}  // namespace engine::api
