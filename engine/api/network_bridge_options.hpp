#pragma once

#include <string_view>

#include "engine/api/network_config.hpp"

namespace engine::api {

// The option keys of Docker's bridge driver that Berth honours.
inline constexpr std::string_view kBridgeNameOption = "com.docker.network.bridge.name";
inline constexpr std::string_view kMtuOption = "com.docker.network.driver.mtu";
inline constexpr std::string_view kIpMasqueradeOption = "com.docker.network.bridge.enable_ip_masquerade";
inline constexpr std::string_view kIccOption = "com.docker.network.bridge.enable_icc";
inline constexpr std::string_view kHostBindingIpv4Option = "com.docker.network.bridge.host_binding_ipv4";

/// Reads BridgeOptions from a network's Options as moby's bridge driver does (other keys are
/// ignored). Throws Error(kInvalidArgument) with moby's texts for values that do not parse:
/// "failed to parse com.docker.network.driver.mtu value: abc (strconv.Atoi: parsing \"abc\":
/// invalid syntax)", "failed to parse com.docker.network.bridge.enable_icc value: maybe
/// (strconv.ParseBool: parsing \"maybe\": invalid syntax)", "failed to parse
/// com.docker.network.bridge.host_binding_ipv4 value: x (nil ip)"; and for values the kernel
/// would refuse: "invalid MTU number: 10 (com.docker.network.driver.mtu must be 0 for the
/// default, or from 68 to 65535)", "invalid bridge name \"x\" (...)" saying why.
BridgeOptions ParseBridgeOptions(const StringMap& options);

}  // namespace engine::api
