#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace engine::api {

// Address syntax as the Engine API checks it (Go's net/netip rules), for request validation
// and the CLI's flag pairing. Allocation and the semantics of subnets live in engine/net; this
// is only what a request can be told off for before the daemon looks at its networks.

enum class IpFamily { kV4, kV6 };

/// An IP address as Go's netip.ParseAddr reads it: dotted IPv4 without leading zeros, or IPv6
/// (an IPv4-mapped address such as "::ffff:1.2.3.4" stays IPv6, as netip's Is6 says). Zones
/// ("fe80::1%eth0") are not accepted.
struct IpAddr final {
    IpFamily family = IpFamily::kV4;
    /// Network byte order; an IPv4 address uses the first 4 bytes.
    std::array<std::uint8_t, 16> bytes{};

    /// 32 or 128.
    int BitLength() const { return family == IpFamily::kV4 ? 32 : 128; }
    /// "IPv4" or "IPv6", as moby names the families in messages.
    std::string_view FamilyName() const { return family == IpFamily::kV4 ? "IPv4" : "IPv6"; }
    /// The canonical text: dotted IPv4, RFC 5952 IPv6 ("fd00::1").
    std::string ToString() const;

    friend bool operator==(const IpAddr&, const IpAddr&) = default;
};

/// "address/bits" as Go's netip.ParsePrefix reads it: bits in decimal without sign or leading
/// zeros, at most the family's bit length. Host bits may be set ("10.0.0.1/8").
struct IpPrefix final {
    IpAddr address;
    int bits = 0;

    /// The prefix with its host bits cleared ("10.0.0.0/8" for "10.0.0.1/8").
    IpPrefix Masked() const;
    /// True when `ip` is of the same family and inside the prefix.
    bool Contains(const IpAddr& ip) const;
    /// True when the two prefixes share an address (netip's Overlaps).
    bool Overlaps(const IpPrefix& other) const;
    /// "10.0.0.0/8".
    std::string ToString() const;

    friend bool operator==(const IpPrefix&, const IpPrefix&) = default;
};

/// nullopt when `text` is not an address.
std::optional<IpAddr> ParseIpAddr(std::string_view text);

/// nullopt when `text` is not a prefix.
std::optional<IpPrefix> ParseIpPrefix(std::string_view text);

/// Go's net.ParseMAC for the forms people write: six two-digit hex groups separated by ':' or
/// '-' ("02:42:ac:11:00:02").
bool IsValidMacAddress(std::string_view text);

}  // namespace engine::api
