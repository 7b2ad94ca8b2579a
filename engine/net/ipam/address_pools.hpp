#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "engine/net/ipam/subnet.hpp"

namespace engine::net {

/// One entry of Docker's `default-address-pools`: networks without an explicit subnet get a
/// block of prefix length `size` carved out of `base`.
struct AddressPool {
    Subnet base;
    int size = 0;

    friend bool operator==(const AddressPool&, const AddressPool&) = default;
};

/// Docker's built-in pools, in its order: 172.17.0.0/16, 172.18.0.0/16, 172.19.0.0/16 and
/// 172.20.0.0/14, 172.24.0.0/14, 172.28.0.0/14 each split into /16s (so 172.17..172.31), then
/// 192.168.0.0/16 split into /20s.
std::vector<AddressPool> DefaultAddressPools();

/// A daemon option such as "base=10.10.0.0/16,size=24" (keys in any order, both required).
/// Throws Error(kInvalidArgument) naming the text when a key is unknown or missing, the base is
/// not a subnet, or size is not between the base's prefix length and 32 (128 for IPv6).
AddressPool ParseAddressPool(std::string_view text);

/// The first block, taking pools in order and blocks in address order, that overlaps nothing
/// in `taken` (the subnets of other networks plus the host's routes; leave out the default
/// route, which overlaps everything). Nullopt when every pool is used up. Blocks covered by a
/// large taken subnet are skipped at once, so huge IPv6 pools cost O(taken) per pool.
std::optional<Subnet> AllocateSubnet(const std::vector<AddressPool>& pools, const std::vector<Subnet>& taken);

}  // namespace engine::net
