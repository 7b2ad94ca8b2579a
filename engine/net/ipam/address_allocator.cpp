#include "engine/net/ipam/address_allocator.hpp"

#include <string>
#include <utility>

#include "engine/base/error.hpp"

namespace engine::net {

AddressAllocator::AddressAllocator(Subnet subnet, std::optional<Subnet> ip_range, std::optional<IpAddress> gateway)
    : subnet_(Subnet::Containing(subnet.base, subnet.prefix)),
      ip_range_(std::move(ip_range)),
      gateway_(std::move(gateway)) {
    if (ip_range_) {
        *ip_range_ = Subnet::Containing(ip_range_->base, ip_range_->prefix);
        if (!subnet_.Contains(*ip_range_)) {
            throw Error(Errc::kInvalidArgument,
                        "ip range " + ip_range_->ToString() + " is not inside subnet " + subnet_.ToString() +
                            "; choose a range within the subnet");
        }
    }
    if (gateway_) {
        if (!subnet_.Contains(*gateway_) || subnet_.IsReserved(*gateway_)) {
            throw Error(Errc::kInvalidArgument,
                        "gateway " + gateway_->ToString() + " is not a host address of subnet " + subnet_.ToString() +
                            "; choose an address such as " + subnet_.FirstHost().ToString());
        }
    }
    const Subnet& pool = ip_range_ ? *ip_range_ : subnet_;
    first_ = pool.NetworkAddress();
    last_ = pool.LastAddress();
}

IpAddress AddressAllocator::Allocate() {
    std::optional<IpAddress> found;
    if (last_allocated_ && first_ <= *last_allocated_ && *last_allocated_ < last_) {
        found = FirstFreeBetween(*last_allocated_->Next(), last_);
    }
    if (!found) {
        found = FirstFreeBetween(first_, last_);
    }
    if (!found) {
        throw Error(Errc::kUnavailable,
                    "no available " + std::string(subnet_.is_v6() ? "IPv6" : "IPv4") + " addresses on " + Describe() +
                        "; remove unused containers from the network or use a larger subnet");
    }
    allocated_.insert(*found);
    last_allocated_ = found;
    return *found;
}

void AddressAllocator::Reserve(const IpAddress& address) {
    CheckHostAddress(address);
    if (ip_range_ && !ip_range_->Contains(address)) {
        throw Error(Errc::kInvalidArgument,
                    "address " + address.ToString() + " is outside ip range " + ip_range_->ToString() + " of subnet " +
                        subnet_.ToString() + "; choose an address in the range");
    }
    Claim(address);
}

void AddressAllocator::Restore(const IpAddress& address) {
    CheckHostAddress(address);
    Claim(address);
}

void AddressAllocator::Release(const IpAddress& address) {
    allocated_.erase(address);
}

bool AddressAllocator::IsAllocated(const IpAddress& address) const {
    return allocated_.contains(address) || (gateway_ && *gateway_ == address);
}

void AddressAllocator::CheckHostAddress(const IpAddress& address) const {
    const std::string text = address.ToString();
    if (!subnet_.Contains(address)) {
        throw Error(
            Errc::kInvalidArgument,
            "address " + text + " is outside subnet " + subnet_.ToString() + "; choose an address in the subnet");
    }
    if (address == subnet_.NetworkAddress() && subnet_.IsReserved(address)) {
        throw Error(
            Errc::kInvalidArgument,
            "address " + text + " is the network address of subnet " + subnet_.ToString() + "; choose a host address");
    }
    if (subnet_.IsReserved(address)) {
        throw Error(Errc::kInvalidArgument,
                    "address " + text + " is the broadcast address of subnet " + subnet_.ToString() +
                        "; choose a host address");
    }
    if (gateway_ && *gateway_ == address) {
        throw Error(Errc::kInvalidArgument,
                    "address " + text + " is the gateway of subnet " + subnet_.ToString() + "; choose another address");
    }
}

void AddressAllocator::Claim(const IpAddress& address) {
    if (!allocated_.insert(address).second) {
        throw Error(Errc::kConflict,
                    "address " + address.ToString() + " is already in use on subnet " + subnet_.ToString() +
                        "; choose another address");
    }
}

bool AddressAllocator::IsFree(const IpAddress& address) const {
    return !allocated_.contains(address) && !subnet_.IsReserved(address) && !(gateway_ && *gateway_ == address);
}

std::optional<IpAddress> AddressAllocator::FirstFreeBetween(const IpAddress& from, const IpAddress& to) const {
    // Each step passes an allocated or a reserved address, so this costs O(allocated), however
    // large the subnet.
    IpAddress candidate = from;
    auto next_allocated = allocated_.lower_bound(candidate);
    while (true) {
        if (next_allocated != allocated_.end() && *next_allocated == candidate) {
            ++next_allocated;
        } else if (IsFree(candidate)) {
            return candidate;
        }
        if (candidate >= to) {
            return std::nullopt;
        }
        candidate = *candidate.Next();
    }
}

std::string AddressAllocator::Describe() const {
    std::string text = "network subnet " + subnet_.ToString();
    if (ip_range_) {
        text += " in ip range " + ip_range_->ToString();
    }
    return text;
}

}  // namespace engine::net
