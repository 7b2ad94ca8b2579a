#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/api/container_config.hpp"

namespace engine::daemon {

/// Who a starting (or connecting) container is and how it asked to be connected, taken from
/// its record.
struct NetworkJoinRequest {
    std::string container_id;
    std::string container_name;  ///< without the leading "/"
    std::string hostname;
    /// HostConfig.NetworkMode: "default", "bridge", or a user network's name or id ("host",
    /// "none" and "container:<id>" never get here).
    std::string network_mode;
    /// The networks to join, keyed as the user named them; the primary (network_mode) one is
    /// among them or implied.
    api::EndpointsConfig endpoints;
    api::PortMap port_bindings;
    bool publish_all = false;
    api::StringSet exposed_ports;
    std::string mac_address;
};

/// A container's network namespace once wired, and what inspect shows of it.
struct NetworkJoin {
    std::filesystem::path netns;
    /// The container's address for its own /etc/hosts line ("" when it has none).
    std::string address;
    /// Nameservers for its resolv.conf: the embedded DNS on user-defined networks; empty means
    /// the daemon's (host's) resolvers, as on the default bridge.
    std::vector<std::string> nameservers;
    /// NetworkSettings.Networks, keyed by network name, and NetworkSettings.Ports.
    std::map<std::string, api::EndpointSettings> networks;
    api::PortMap ports;
};

/// The network side as the container manager sees it. berthd gives it the network manager;
/// without one, containers of the default mode get a namespace with loopback only.
class ContainerNetworking {
  public:
    virtual ~ContainerNetworking() = default;

    /// At create and connect-before-start: `network` exists and takes `settings` (aliases and
    /// static addresses only on user-defined networks). Returns the network's name. Throws
    /// Error(kNotFound) "network x not found", Error(kInvalidArgument) with Docker's texts.
    virtual std::string CheckEndpoint(std::string_view network, const api::EndpointSettings& settings) = 0;

    /// True when the default network ("default", "bridge") is available; when false,
    /// containers in the default mode get loopback only (berthd --bridge none).
    virtual bool HasDefaultBridge() const = 0;

    /// At start: creates the container's namespace, its endpoints (addresses, veths, routes,
    /// DNS names) and its published ports. Undoes everything when it throws; a port in use is
    /// Error(kConflict) naming the port and its holder.
    virtual NetworkJoin Join(const NetworkJoinRequest& request) = 0;

    /// The container stopped, failed to start or is being removed: ports, endpoints, addresses
    /// and the namespace go. A no-op for a container that holds nothing.
    virtual void Leave(std::string_view container_id) = 0;

    /// At daemon start, for a container that kept running: its published ports get their
    /// proxies back. Returns what Join returned then, or nullopt when nothing is known.
    virtual std::optional<NetworkJoin> Readopt(std::string_view container_id) = 0;

    /// What a running container's network looks like now; nullopt when it has no sandbox.
    virtual std::optional<NetworkJoin> Describe(std::string_view container_id) const = 0;

    /// Connects a running container to one more network (POST /networks/{id}/connect).
    /// Returns the updated view.
    virtual NetworkJoin Connect(const NetworkJoinRequest& request, std::string_view network) = 0;

    /// Disconnects a running container from `network`. Returns the updated view.
    virtual NetworkJoin Disconnect(std::string_view container_id, std::string_view network) = 0;

    /// A container with a sandbox was renamed (`new_name` without the "/"): the embedded DNS
    /// answers the new name instead of the old one, as Docker's does. A no-op without a sandbox.
    virtual void Rename(std::string_view container_id, std::string_view new_name) = 0;

    /// The container's interfaces ("eth0") and the host ends of their veth pairs, for stats;
    /// empty without a sandbox.
    virtual std::map<std::string, std::string> HostInterfaces(std::string_view container_id) const = 0;
};

}  // namespace engine::daemon
