#include "engine/net/ipam/address_pools.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "engine/base/error.hpp"

namespace engine::net {
namespace {

[[noreturn]] void ThrowInvalidPool(std::string_view text, const std::string& reason) {
    throw Error(Errc::kInvalidArgument, "invalid address pool \"" + std::string(text) + "\": " + reason);
}

int ParsePoolSize(std::string_view text, std::string_view value) {
    int size = -1;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), size);
    if (value.empty() || error != std::errc() || end != value.data() + value.size() || size < 0) {
        ThrowInvalidPool(text, "size \"" + std::string(value) + "\" is not a prefix length");
    }
    return size;
}

// The next block of prefix `size` after `candidate` that could be free: past `candidate` itself
// and past the taken subnet `blocker` when that one is larger. Nullopt at the end of the space.
std::optional<Subnet> NextCandidate(const Subnet& candidate, const Subnet& blocker, int size) {
    const IpAddress last = std::max(candidate.LastAddress(), blocker.LastAddress());
    const auto next = last.Next();
    if (!next) {
        return std::nullopt;
    }
    return Subnet::Containing(*next, size);
}

std::optional<Subnet> AllocateFromPool(const AddressPool& pool, const std::vector<Subnet>& taken) {
    std::optional<Subnet> candidate = Subnet::Containing(pool.base.NetworkAddress(), pool.size);
    while (candidate && pool.base.Contains(*candidate)) {
        const auto blocker = std::find_if(
            taken.begin(), taken.end(), [&candidate](const Subnet& subnet) { return subnet.Overlaps(*candidate); });
        if (blocker == taken.end()) {
            return candidate;
        }
        candidate = NextCandidate(*candidate, *blocker, pool.size);
    }
    return std::nullopt;
}

}  // namespace

std::vector<AddressPool> DefaultAddressPools() {
    // moby's ipamutils.localScopeDefaultNetworks.
    return {
        {Subnet::Parse("172.17.0.0/16"), 16},
        {Subnet::Parse("172.18.0.0/16"), 16},
        {Subnet::Parse("172.19.0.0/16"), 16},
        {Subnet::Parse("172.20.0.0/14"), 16},
        {Subnet::Parse("172.24.0.0/14"), 16},
        {Subnet::Parse("172.28.0.0/14"), 16},
        {Subnet::Parse("192.168.0.0/16"), 20},
    };
}

AddressPool ParseAddressPool(std::string_view text) {
    std::optional<Subnet> base;
    std::optional<int> size;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view field = text.substr(start, comma - start);
        start = comma + 1;
        const std::size_t equals = field.find('=');
        if (equals == std::string_view::npos) {
            ThrowInvalidPool(text, "field \"" + std::string(field) + "\" must be a key=value pair");
        }
        const std::string_view key = field.substr(0, equals);
        const std::string_view value = field.substr(equals + 1);
        if (key == "base") {
            try {
                base = Subnet::Parse(value);
            } catch (const Error& error) {
                ThrowInvalidPool(text, error.what());
            }
        } else if (key == "size") {
            size = ParsePoolSize(text, value);
        } else {
            ThrowInvalidPool(text, "unknown key \"" + std::string(key) + "\"; the keys are base and size");
        }
    }
    if (!base || !size) {
        ThrowInvalidPool(text, "both base and size are required, e.g. base=10.10.0.0/16,size=24");
    }
    if (*size < base->prefix || *size > base->base.bit_length()) {
        ThrowInvalidPool(text,
                         "size " + std::to_string(*size) + " must be between the base's prefix length " +
                             std::to_string(base->prefix) + " and " + std::to_string(base->base.bit_length()));
    }
    return AddressPool{*base, *size};
}

std::optional<Subnet> AllocateSubnet(const std::vector<AddressPool>& pools, const std::vector<Subnet>& taken) {
    for (const AddressPool& pool : pools) {
        if (auto subnet = AllocateFromPool(pool, taken)) {
            return subnet;
        }
    }
    return std::nullopt;
}

}  // namespace engine::net
