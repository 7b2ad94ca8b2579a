#include "engine/net/dns/upstream.hpp"

#include <charconv>
#include <optional>

#include "engine/base/error.hpp"

namespace engine::net::dns {
namespace {

[[noreturn]] void ThrowInvalid(std::string_view text, std::string_view reason) {
    throw Error(Errc::kInvalidArgument,
                "invalid DNS server \"" + std::string(text) + "\": " + std::string(reason) +
                    "; use an address with an optional port, e.g. 10.0.0.2, 127.0.0.1:5353 or [::1]:53");
}

std::uint16_t ParsePort(std::string_view text, std::string_view digits) {
    unsigned port = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535) {
        ThrowInvalid(text, "port \"" + std::string(digits) + "\" is not a number from 1 to 65535");
    }
    return static_cast<std::uint16_t>(port);
}

IpAddress ParseHost(std::string_view text, std::string_view host) {
    const auto address = IpAddress::TryParse(host);
    if (!address) {
        ThrowInvalid(text, "\"" + std::string(host) + "\" is not an IP address");
    }
    return *address;
}

}  // namespace

std::string Upstream::ToString() const {
    const std::string host = address.is_v6() ? "[" + address.ToString() + "]" : address.ToString();
    return host + ":" + std::to_string(port);
}

Upstream ParseUpstream(std::string_view text) {
    if (text.starts_with('[')) {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos) {
            ThrowInvalid(text, "missing ']'");
        }
        Upstream upstream{ParseHost(text, text.substr(1, close - 1)), 53};
        if (!upstream.address.is_v6()) {
            ThrowInvalid(text, "brackets are for IPv6 addresses");
        }
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest[0] != ':') {
                ThrowInvalid(text, "expected ':' and a port after ']'");
            }
            upstream.port = ParsePort(text, rest.substr(1));
        }
        return upstream;
    }
    const std::size_t colon = text.find(':');
    if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
        return Upstream{ParseHost(text, text.substr(0, colon)), ParsePort(text, text.substr(colon + 1))};
    }
    // No colon (IPv4) or several (a bare IPv6 address).
    return Upstream{ParseHost(text, text), 53};
}

}  // namespace engine::net::dns
