#include "engine/net/ipam/subnet.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include "engine/base/error.hpp"

namespace engine::net {
namespace {

[[noreturn]] void ThrowInvalid(std::string_view cidr, const std::string& reason) {
    throw Error(Errc::kInvalidArgument, "invalid subnet \"" + std::string(cidr) + "\": " + reason);
}

bool HasReservedNetworkAddress(const Subnet& subnet) {
    return subnet.prefix <= subnet.base.bit_length() - 2;
}

}  // namespace

Subnet Subnet::Parse(std::string_view cidr) {
    const std::size_t slash = cidr.find('/');
    if (slash == std::string_view::npos) {
        ThrowInvalid(cidr, "expected CIDR notation such as 172.20.0.0/16 or fd00:1::/64");
    }
    IpAddress address;
    try {
        address = IpAddress::Parse(cidr.substr(0, slash));
    } catch (const Error& error) {
        ThrowInvalid(cidr, error.what());
    }
    const std::string_view digits = cidr.substr(slash + 1);
    int prefix = -1;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || digits.size() > 3 || error != std::errc() || end != digits.data() + digits.size() ||
        prefix < 0) {
        ThrowInvalid(cidr, "prefix length \"" + std::string(digits) + "\" is not a number");
    }
    if (prefix > address.bit_length()) {
        ThrowInvalid(cidr, "prefix length must be at most " + std::to_string(address.bit_length()));
    }
    const Subnet subnet{address.Masked(prefix), prefix};
    if (subnet.base != address) {
        throw Error(
            Errc::kInvalidArgument,
            "invalid subnet " + std::string(cidr) + ": it should be " + subnet.ToString() + " (host bits are set)");
    }
    return subnet;
}

Subnet Subnet::Containing(const IpAddress& address, int prefix) {
    const int clamped = std::clamp(prefix, 0, address.bit_length());
    return Subnet{address.Masked(clamped), clamped};
}

bool Subnet::Contains(const IpAddress& address) const {
    return address.is_v6() == base.is_v6() && address.Masked(prefix) == NetworkAddress();
}

bool Subnet::Contains(const Subnet& other) const {
    return other.prefix >= prefix && Contains(other.base);
}

bool Subnet::Overlaps(const Subnet& other) const {
    // Two CIDR blocks either nest or are disjoint, so one holds the other's network address.
    return Contains(other.NetworkAddress()) || other.Contains(NetworkAddress());
}

std::optional<IpAddress> Subnet::BroadcastAddress() const {
    if (is_v6() || !HasReservedNetworkAddress(*this)) {
        return std::nullopt;
    }
    return LastAddress();
}

bool Subnet::IsReserved(const IpAddress& address) const {
    if (!Contains(address)) {
        return false;
    }
    if (HasReservedNetworkAddress(*this) && address == NetworkAddress()) {
        return true;
    }
    const auto broadcast = BroadcastAddress();
    return broadcast && address == *broadcast;
}

IpAddress Subnet::FirstHost() const {
    const IpAddress network = NetworkAddress();
    return HasReservedNetworkAddress(*this) ? *network.Next() : network;
}

std::uint64_t Subnet::HostCount() const {
    const int host_bits = base.bit_length() - prefix;
    if (host_bits >= 64) {
        return std::numeric_limits<std::uint64_t>::max();
    }
    std::uint64_t count = std::uint64_t{1} << host_bits;
    if (HasReservedNetworkAddress(*this)) {
        count -= BroadcastAddress() ? 2 : 1;
    }
    return count;
}

std::string Subnet::ToString() const {
    return base.ToString() + "/" + std::to_string(prefix);
}

}  // namespace engine::net
