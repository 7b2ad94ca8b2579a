#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/net/ipam/ip_address.hpp"

namespace engine::net {

/// A CIDR block: `base` is the network address (no host bits set: Parse and Containing
/// guarantee it) and `prefix` its length, 0..32 for IPv4 and 0..128 for IPv6.
struct Subnet {
    IpAddress base;
    int prefix = 0;

    /// "172.20.0.0/16", "fd00:1::/64". Throws Error(kInvalidArgument) naming the text when it is
    /// not CIDR notation, the prefix is out of range, or host bits are set ("172.20.0.5/16": like
    /// Docker, this is refused with the subnet it should be, rather than silently masked).
    static Subnet Parse(std::string_view cidr);
    /// The subnet of length `prefix` that holds `address` (host bits cleared), e.g. the route
    /// of an interface address "192.168.1.7/24" → 192.168.1.0/24. `prefix` is clamped.
    static Subnet Containing(const IpAddress& address, int prefix);

    bool is_v6() const { return base.is_v6(); }

    /// False across families.
    bool Contains(const IpAddress& address) const;
    /// True when `other` lies entirely inside this subnet (a subnet contains itself).
    bool Contains(const Subnet& other) const;
    /// True when the two share at least one address; false across families.
    bool Overlaps(const Subnet& other) const;

    IpAddress NetworkAddress() const { return base.Masked(prefix); }
    /// The highest address of the block (for IPv4 /30 and shorter, the broadcast address).
    IpAddress LastAddress() const { return base.WithHostBitsSet(prefix); }
    /// IPv4 /0../30 only; nullopt for IPv6 and for /31 and /32, which have no broadcast
    /// (RFC 3021).
    std::optional<IpAddress> BroadcastAddress() const;
    /// True for the addresses no host may use: the network address (IPv4 /0../30; for IPv6
    /// /0../126 the Subnet-Router anycast address, which Docker reserves too) and the IPv4
    /// broadcast address.
    bool IsReserved(const IpAddress& address) const;
    /// The lowest address a host may use; Docker's default gateway (".1" for /30 and shorter).
    IpAddress FirstHost() const;
    /// How many addresses hosts may use (all addresses minus the reserved ones), saturated at
    /// UINT64_MAX for IPv6 prefixes shorter than /65.
    std::uint64_t HostCount() const;

    /// "172.20.0.0/16".
    std::string ToString() const;

    friend bool operator==(const Subnet&, const Subnet&) = default;
    friend std::strong_ordering operator<=>(const Subnet&, const Subnet&) = default;
};

}  // namespace engine::net
