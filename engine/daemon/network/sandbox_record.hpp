#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace engine::daemon {

/// One container's attachment to one network while it runs.
struct EndpointRecord {
    std::string network_id;
    std::string network_name;
    std::string endpoint_id;
    std::string interface_name;  ///< inside the container: eth0, eth1, ...
    std::string host_interface;  ///< the veth end on the bridge
    std::string ipv4;            ///< "" when the network has no IPv4 pool
    int ipv4_prefix = 0;
    std::string gateway;
    std::string ipv6;
    int ipv6_prefix = 0;
    std::string ipv6_gateway;
    std::string mac;
    std::string requested_ipv4;  ///< --ip, kept for inspect's IPAMConfig
    std::string requested_ipv6;
    std::vector<std::string> aliases;    ///< as the user gave them (inspect)
    std::vector<std::string> dns_names;  ///< what the embedded DNS answers for on this network
    bool operator==(const EndpointRecord&) const = default;
};

/// One published port as bound.
struct PortRecord {
    std::string protocol;  ///< "tcp" or "udp"
    std::uint16_t container_port = 0;
    std::string host_ip;  ///< as shown in inspect ("0.0.0.0", "::", or the given address)
    std::uint16_t host_port = 0;
    std::string bind_ip;  ///< what the proxy bound ("" = every address)
    bool operator==(const PortRecord&) const = default;
};

/// A running container's network namespace and everything wired into it. Kept under the exec
/// root like the namespace itself, so both vanish together at reboot, when no container runs.
struct SandboxRecord {
    std::string container_id;
    std::string container_name;  ///< without the leading "/"
    std::filesystem::path netns;
    std::vector<EndpointRecord> endpoints;
    std::vector<PortRecord> ports;
    /// The endpoint published ports forward to (index into endpoints), if any.
    std::optional<std::size_t> port_target;
    bool operator==(const SandboxRecord&) const = default;
};

nlohmann::json SandboxRecordToJson(const SandboxRecord& record);
/// Throws Error(kInvalidArgument) naming what is malformed.
SandboxRecord SandboxRecordFromJson(const nlohmann::json& json);

}  // namespace engine::daemon
