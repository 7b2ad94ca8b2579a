#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/api/network_config.hpp"

namespace engine::api {

/// Decodes the body of POST /networks/create as Go decodes network.CreateRequest: unknown
/// fields ignored, null is absent, a wrong type throws Error(kInvalidArgument, "invalid JSON:
/// json: cannot unmarshal string into Go struct field CreateRequest.Internal of type bool").
/// No defaults, no validation.
NetworkCreateRequest DecodeNetworkCreate(const nlohmann::json& body);

/// DecodeNetworkCreate, then the checks moby's daemon and bridge driver make before anything
/// is allocated, then the defaults (Driver "bridge", IPAM.Driver "default"). Throws
/// engine::Error:
///  - kInvalidArgument "invalid name: network name must not be empty";
///  - kConflict "operation is not permitted on predefined bridge network" (also host, none,
///    default, ingress);
///  - kConflict "only one instance of \"host\" network is allowed" (drivers host and null);
///  - kInvalidArgument for drivers Docker has and Berth does not (overlay, macvlan, ipvlan),
///    scopes other than local, Ingress, ConfigOnly, ConfigFrom and IPAM drivers other than
///    "default", each naming the field and what to use instead;
///  - kNotFound "plugin \"x\" not found" for other drivers;
///  - kInvalidArgument from ValidateIpam, "bridge driver doesnt support multiple subnets"
///    (moby's text) for a second IPv4 (or, with EnableIPv6, IPv6) config, and from
///    ParseBridgeOptions.
/// Duplicate names are the daemon's to refuse (it knows the networks).
NetworkCreateRequest ParseNetworkCreate(const nlohmann::json& body);

/// moby's network.ValidateIPAM: each Subnet a canonical prefix ("invalid subnet 10.0.0.1/8: it
/// should be 10.0.0.0/8"), IPRange and Gateway and AuxiliaryAddresses of its family and
/// inside it; IPv6 configs are skipped (after the syntax check) unless `enable_ipv6`. Every
/// problem is reported at once, as moby does: "invalid network config:\n<one>" or
/// "invalid network config:\n* <first>\n* <second>". Throws Error(kInvalidArgument).
void ValidateIpam(const Ipam& ipam, bool enable_ipv6);

/// True for the names of the networks every daemon has, which cannot be created or removed:
/// "bridge", "host", "none", and the aliases "default" and "ingress" (moby's
/// IsPreDefinedNetwork).
bool IsPredefinedNetworkName(std::string_view name);

}  // namespace engine::api
