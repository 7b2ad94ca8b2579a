#include "engine/net/dns/reverse_name.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <vector>

namespace engine::net::dns {
namespace {

constexpr std::string_view kV4Suffix = ".in-addr.arpa";
constexpr std::string_view kV6Suffix = ".ip6.arpa";
constexpr std::string_view kHexDigits = "0123456789abcdef";

std::vector<std::string_view> Split(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        parts.push_back(text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) {
            return parts;
        }
        start = dot + 1;
    }
}

std::optional<IpAddress> ParseV4Reverse(std::string_view labels) {
    const auto parts = Split(labels);
    if (parts.size() != 4) {
        return std::nullopt;
    }
    std::array<std::uint8_t, 4> bytes{};
    for (std::size_t i = 0; i < 4; ++i) {
        const std::string_view part = parts[3 - i];
        unsigned value = 0;
        const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || part.size() > 3 || error != std::errc() || end != part.data() + part.size() ||
            value > 255 || (part.size() > 1 && part[0] == '0')) {
            return std::nullopt;
        }
        bytes[i] = static_cast<std::uint8_t>(value);
    }
    return IpAddress::V4(bytes);
}

std::optional<IpAddress> ParseV6Reverse(std::string_view labels) {
    const auto parts = Split(labels);
    if (parts.size() != 32) {
        return std::nullopt;
    }
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < 32; ++i) {
        // The first label is the lowest nibble of the last byte.
        const std::string_view part = parts[31 - i];
        const std::size_t nibble = part.size() == 1 ? kHexDigits.find(part[0]) : std::string_view::npos;
        if (nibble == std::string_view::npos) {
            return std::nullopt;
        }
        bytes[i / 2] = static_cast<std::uint8_t>(bytes[i / 2] | nibble << (i % 2 == 0 ? 4 : 0));
    }
    return IpAddress::V6(bytes);
}

}  // namespace

std::optional<IpAddress> ParseReverseName(std::string_view name) {
    if (name.ends_with(kV4Suffix)) {
        return ParseV4Reverse(name.substr(0, name.size() - kV4Suffix.size()));
    }
    if (name.ends_with(kV6Suffix)) {
        return ParseV6Reverse(name.substr(0, name.size() - kV6Suffix.size()));
    }
    return std::nullopt;
}

std::string ReverseName(const IpAddress& address) {
    const auto bytes = address.bytes();
    std::string name;
    if (address.is_v4()) {
        for (std::size_t i = bytes.size(); i-- > 0;) {
            name += std::to_string(bytes[i]) + ".";
        }
        return name + std::string(kV4Suffix.substr(1));
    }
    for (std::size_t i = bytes.size(); i-- > 0;) {
        name += kHexDigits[bytes[i] & 0x0f];
        name += '.';
        name += kHexDigits[bytes[i] >> 4];
        name += '.';
    }
    return name + std::string(kV6Suffix.substr(1));
}

}  // namespace engine::net::dns
