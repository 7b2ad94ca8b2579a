#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/net/ipam/ip_address.hpp"

namespace engine::net::dns {

/// A DNS server that queries the embedded resolver cannot answer are forwarded to.
struct Upstream {
    IpAddress address;
    std::uint16_t port = 53;

    /// "10.0.0.2:53", "[::1]:53".
    std::string ToString() const;

    friend bool operator==(const Upstream&, const Upstream&) = default;
};

/// "10.0.0.2" or "::1" (port 53), "127.0.0.1:5353", "[::1]:5353" or "[::1]". Throws
/// Error(kInvalidArgument) naming the text when it is none of these or the port is not 1..65535.
Upstream ParseUpstream(std::string_view text);

}  // namespace engine::net::dns
