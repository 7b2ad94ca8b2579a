#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/net/ipam/ip_address.hpp"

namespace engine::net::dns {

/// The address a full reverse-lookup name stands for: "5.0.20.172.in-addr.arpa" → 172.20.0.5,
/// 32 nibbles + "ip6.arpa" → an IPv6 address. `name` is lowercase without the trailing dot, as
/// in Query::name. Nullopt for anything else, including partial names ("20.172.in-addr.arpa").
std::optional<IpAddress> ParseReverseName(std::string_view name);

/// The reverse-lookup name of `address`, the inverse of ParseReverseName.
std::string ReverseName(const IpAddress& address);

}  // namespace engine::net::dns
