#include "engine/api/network_address.hpp"

#include <algorithm>
#include <cctype>

#include <arpa/inet.h>

namespace engine::api {
namespace {

// True when the first `bits` bits of `a` and `b` are equal.
bool SamePrefixBits(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b, int bits) {
    const auto whole = static_cast<std::size_t>(bits / 8);
    if (!std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(whole), b.begin())) {
        return false;
    }
    const int rest = bits % 8;
    if (rest == 0) {
        return true;
    }
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

// netip's bits after the slash: digits only, no leading zero except "0" itself.
std::optional<int> ParseBits(std::string_view text, int max) {
    if (text.empty() || text.size() > 3 || (text.size() > 1 && text.front() == '0')) {
        return std::nullopt;
    }
    int bits = 0;
    for (const char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
            return std::nullopt;
        }
        bits = bits * 10 + (c - '0');
    }
    return bits <= max ? std::optional(bits) : std::nullopt;
}

}  // namespace

std::string IpAddr::ToString() const {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(family == IpFamily::kV4 ? AF_INET : AF_INET6, bytes.data(), text, sizeof text);
    return text;
}

IpPrefix IpPrefix::Masked() const {
    IpPrefix masked = *this;
    for (int bit = bits; bit < address.BitLength(); ++bit) {
        masked.address.bytes[static_cast<std::size_t>(bit / 8)] &= static_cast<std::uint8_t>(~(0x80 >> (bit % 8)));
    }
    return masked;
}

bool IpPrefix::Contains(const IpAddr& ip) const {
    return ip.family == address.family && SamePrefixBits(address.bytes, ip.bytes, bits);
}

bool IpPrefix::Overlaps(const IpPrefix& other) const {
    return other.address.family == address.family &&
           SamePrefixBits(address.bytes, other.address.bytes, std::min(bits, other.bits));
}

std::string IpPrefix::ToString() const {
    return address.ToString() + "/" + std::to_string(bits);
}

std::optional<IpAddr> ParseIpAddr(std::string_view text) {
    // inet_pton rejects zones, IPv4 octets with leading zeros and short forms, as netip does.
    const std::string copy(text);
    IpAddr ip;
    ip.family = copy.find(':') == std::string::npos ? IpFamily::kV4 : IpFamily::kV6;
    if (inet_pton(ip.family == IpFamily::kV4 ? AF_INET : AF_INET6, copy.c_str(), ip.bytes.data()) != 1) {
        return std::nullopt;
    }
    return ip;
}

std::optional<IpPrefix> ParseIpPrefix(std::string_view text) {
    const std::size_t slash = text.rfind('/');
    if (slash == std::string_view::npos) {
        return std::nullopt;
    }
    const std::optional<IpAddr> address = ParseIpAddr(text.substr(0, slash));
    if (!address) {
        return std::nullopt;
    }
    const std::optional<int> bits = ParseBits(text.substr(slash + 1), address->BitLength());
    if (!bits) {
        return std::nullopt;
    }
    return IpPrefix{*address, *bits};
}

bool IsValidMacAddress(std::string_view text) {
    if (text.size() != 17) {
        return false;
    }
    const char separator = text[2];
    if (separator != ':' && separator != '-') {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool separator_position = i % 3 == 2;
        if (separator_position ? text[i] != separator : std::isxdigit(static_cast<unsigned char>(text[i])) == 0) {
            return false;
        }
    }
    return true;
}

}  // namespace engine::api
