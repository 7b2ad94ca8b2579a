#pragma once

#include <nlohmann/json.hpp>

#include "engine/api/network_config.hpp"

namespace engine::api {

/// Decodes and checks the body of POST /networks/{id}/connect (network.ConnectOptions:
/// {"Container", "EndpointConfig"}); an empty (null) body counts as {}. Throws
/// Error(kInvalidArgument) with Go's type errors ("invalid JSON: json: cannot unmarshal number
/// into Go struct field ConnectOptions.Container of type string"), moby's "invalid name or ID
/// supplied: \"\"" for a missing container, and ValidateEndpointAddresses' messages. Whether
/// the network takes aliases or fixed addresses is for the daemon to say.
NetworkConnectRequest ParseNetworkConnect(const nlohmann::json& body);

/// Decodes POST /networks/{id}/disconnect (network.DisconnectOptions: {"Container",
/// "Force"}), with the same errors for types and a missing container.
NetworkDisconnectRequest ParseNetworkDisconnect(const nlohmann::json& body);

/// The address syntax of an endpoint's settings, as moby's validateEndpointSettings checks it:
/// "invalid IPv4 address: x", "invalid IPv6 address: x" (an IPv4 address is not one),
/// "invalid link-local IP address: x", "invalid MAC address: x". Throws
/// Error(kInvalidArgument).
void ValidateEndpointAddresses(const EndpointSettings& endpoint);

}  // namespace engine::api
