#pragma once

#include <span>

#include <nlohmann/json.hpp>

#include "engine/api/network_config.hpp"

namespace engine::api {

/// A network as GET /networks/{id} (and, without containers, GET /networks) shows it, with
/// moby's field order, since `docker network inspect` prints the daemon's JSON as it came:
/// Name, Id, Created (RFC 3339 with nanoseconds), Scope, Driver, EnableIPv6, IPAM {Driver,
/// Options (null when nil), Config (null when nil; entries omit empty fields, addresses under
/// "AuxiliaryAddresses")}, Internal, Attachable, Ingress, ConfigFrom {Network: ""},
/// ConfigOnly (false), Containers, Options, Labels. Containers maps container ids to {Name,
/// EndpointID, MacAddress, IPv4Address, IPv6Address} when `include_containers`, and is {} in
/// lists (API >= 1.28 leaves it empty there). The order is kept only while the value stays an
/// ordered_json: send its dump(), since converting it to nlohmann::json sorts the keys.
nlohmann::ordered_json NetworkJson(const NetworkView& network, bool include_containers);

/// GET /networks: NetworkJson of each, without containers, in the given order.
nlohmann::ordered_json NetworkListJson(std::span<const NetworkView* const> networks);

/// network.IPAMConfig: Subnet, IPRange, Gateway, AuxiliaryAddresses, each left out when empty.
nlohmann::ordered_json IpamConfigJson(const IpamConfig& config);

}  // namespace engine::api
