#pragma once

#include <cstddef>
#include <optional>
#include <set>

#include "engine/net/ipam/ip_address.hpp"
#include "engine/net/ipam/subnet.hpp"

namespace engine::net {

/// Hands out the host addresses of one network's subnet. Not thread-safe: the caller owns one
/// per network and serialises access.
///
/// Allocation is sequential like moby's serial bitmask allocator: each Allocate() takes the
/// lowest free address after the one it handed out last, wrapping to the start of the range
/// once the end is reached, so an address just released is not reused while others are free
/// (stale ARP and DNS entries pointing at it have time to expire). Reserve() and Restore() do
/// not move that cursor.
///
/// Never handed out: the subnet's reserved addresses (Subnet::IsReserved: the network address,
/// the IPv4 broadcast address) and the gateway. Only allocated addresses are stored, so IPv6
/// /64 subnets cost memory per address in use, not per address in the subnet.
///
/// State is not persisted: after a restart the caller builds a new allocator and Restore()s
/// each address its containers hold.
class AddressAllocator final {
  public:
    /// `ip_range` limits Allocate() (and Reserve()) to a block inside `subnet`; `gateway`, when
    /// given, must be a host address of `subnet` (it may lie outside `ip_range`). Throws
    /// Error(kInvalidArgument) when they do not fit the subnet.
    AddressAllocator(Subnet subnet, std::optional<Subnet> ip_range, std::optional<IpAddress> gateway);

    /// The next free address of the range (see the class comment). Throws Error(kUnavailable)
    /// naming the subnet (and range) when every address is taken.
    IpAddress Allocate();

    /// Claims `address` for a container that asked for it (--ip). Throws Error(kInvalidArgument)
    /// when it is outside the subnet or the ip_range, or is the network, broadcast or gateway
    /// address; Error(kConflict) when it is already allocated.
    void Reserve(const IpAddress& address);

    /// Claims `address` again after a restart: like Reserve() but without the ip_range check, as
    /// the range may have been narrower or absent when the address was handed out.
    void Restore(const IpAddress& address);

    /// Frees `address`; a no-op when it is not allocated (or is the gateway, which stays).
    void Release(const IpAddress& address);

    /// True for allocated addresses and for the gateway.
    bool IsAllocated(const IpAddress& address) const;

    const Subnet& subnet() const { return subnet_; }
    const std::optional<Subnet>& ip_range() const { return ip_range_; }
    const std::optional<IpAddress>& gateway() const { return gateway_; }
    /// Addresses handed out or claimed, the gateway not counted.
    std::size_t allocated_count() const { return allocated_.size(); }

  private:
    // Throws when `address` may never be given to a container of this subnet.
    void CheckHostAddress(const IpAddress& address) const;
    void Claim(const IpAddress& address);
    bool IsFree(const IpAddress& address) const;
    // The lowest free address in [from, to], or nullopt.
    std::optional<IpAddress> FirstFreeBetween(const IpAddress& from, const IpAddress& to) const;
    std::string Describe() const;

    Subnet subnet_;
    std::optional<Subnet> ip_range_;
    std::optional<IpAddress> gateway_;
    // The block Allocate() draws from: the ip_range, or the whole subnet.
    IpAddress first_;
    IpAddress last_;
    std::set<IpAddress> allocated_;
    std::optional<IpAddress> last_allocated_;
};

}  // namespace engine::net
