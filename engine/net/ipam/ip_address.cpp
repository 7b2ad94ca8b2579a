#include "engine/net/ipam/ip_address.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

#include "engine/base/error.hpp"

namespace engine::net {
namespace {

// Parsers report why text is not an address through `reason`, so Parse can say it and TryParse
// stays exception-free.
std::optional<std::array<std::uint8_t, 4>> ParseV4(std::string_view text, std::string& reason) {
    std::array<std::uint8_t, 4> bytes{};
    std::size_t octet = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        const std::string_view part =
            text.substr(start, dot == std::string_view::npos ? text.size() - start : dot - start);
        if (octet == 4) {
            reason = "an IPv4 address has exactly four octets";
            return std::nullopt;
        }
        if (part.empty() || part.size() > 3 ||
            !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            reason = "octet \"" + std::string(part) + "\" is not a decimal number";
            return std::nullopt;
        }
        if (part.size() > 1 && part[0] == '0') {
            // Leading zeros are read as octal by inet_aton: refuse them rather than guess.
            reason = "octet \"" + std::string(part) + "\" has a leading zero";
            return std::nullopt;
        }
        unsigned value = 0;
        std::from_chars(part.data(), part.data() + part.size(), value);
        if (value > 255) {
            reason = "octet " + std::string(part) + " is larger than 255";
            return std::nullopt;
        }
        bytes[octet++] = static_cast<std::uint8_t>(value);
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    if (octet != 4) {
        reason = "an IPv4 address has exactly four octets";
        return std::nullopt;
    }
    return bytes;
}

// Splits one side of "::" into 16-bit groups; the last group of the address may be dotted IPv4
// (`allow_v4_tail`), which yields two groups.
bool ParseV6Groups(std::string_view text, bool allow_v4_tail, std::vector<std::uint16_t>& groups, std::string& reason) {
    if (text.empty()) {
        return true;
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t colon = text.find(':', start);
        const bool last = colon == std::string_view::npos;
        const std::string_view part = text.substr(start, last ? text.size() - start : colon - start);
        if (last && allow_v4_tail && part.find('.') != std::string_view::npos) {
            const auto v4 = ParseV4(part, reason);
            if (!v4) {
                return false;
            }
            groups.push_back(static_cast<std::uint16_t>((*v4)[0] << 8 | (*v4)[1]));
            groups.push_back(static_cast<std::uint16_t>((*v4)[2] << 8 | (*v4)[3]));
            return true;
        }
        if (part.empty()) {
            reason = "empty group";
            return false;
        }
        std::uint16_t value = 0;
        const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value, 16);
        if (part.size() > 4 || error != std::errc() || end != part.data() + part.size()) {
            reason = "group \"" + std::string(part) + "\" is not 1 to 4 hexadecimal digits";
            return false;
        }
        groups.push_back(value);
        if (last) {
            return true;
        }
        start = colon + 1;
    }
}

std::optional<std::array<std::uint8_t, 16>> ParseV6(std::string_view text, std::string& reason) {
    if (text.find_first_of("%/[]") != std::string_view::npos) {
        reason = "brackets, zones and prefix lengths are not part of an address";
        return std::nullopt;
    }
    const std::size_t gap = text.find("::");
    if (gap != std::string_view::npos && text.find("::", gap + 1) != std::string_view::npos) {
        reason = "\"::\" may appear only once";
        return std::nullopt;
    }
    std::vector<std::uint16_t> head;
    std::vector<std::uint16_t> tail;
    if (gap == std::string_view::npos) {
        if (!ParseV6Groups(text, true, head, reason)) {
            return std::nullopt;
        }
        if (head.size() != 8) {
            reason = "an IPv6 address has eight groups unless \"::\" stands for some";
            return std::nullopt;
        }
    } else {
        if (!ParseV6Groups(text.substr(0, gap), false, head, reason) ||
            !ParseV6Groups(text.substr(gap + 2), true, tail, reason)) {
            return std::nullopt;
        }
        if (head.size() + tail.size() > 7) {
            reason = "too many groups";
            return std::nullopt;
        }
    }
    std::array<std::uint8_t, 16> bytes{};
    auto put = [&bytes](std::size_t index, std::uint16_t group) {
        bytes[index * 2] = static_cast<std::uint8_t>(group >> 8);
        bytes[index * 2 + 1] = static_cast<std::uint8_t>(group & 0xff);
    };
    for (std::size_t i = 0; i < head.size(); ++i) {
        put(i, head[i]);
    }
    for (std::size_t i = 0; i < tail.size(); ++i) {
        put(8 - tail.size() + i, tail[i]);
    }
    return bytes;
}

std::optional<IpAddress> ParseAddress(std::string_view text, std::string& reason) {
    if (text.empty()) {
        reason = "empty text";
        return std::nullopt;
    }
    if (text.find(':') != std::string_view::npos) {
        const auto bytes = ParseV6(text, reason);
        return bytes ? std::optional(IpAddress::V6(*bytes)) : std::nullopt;
    }
    const auto bytes = ParseV4(text, reason);
    return bytes ? std::optional(IpAddress::V4(*bytes)) : std::nullopt;
}

std::string HexGroup(std::uint16_t group) {
    char text[4];
    const auto result = std::to_chars(text, text + sizeof text, group, 16);
    return std::string(text, result.ptr);
}

std::string V4Text(std::span<const std::uint8_t> bytes) {
    return std::to_string(bytes[0]) + "." + std::to_string(bytes[1]) + "." + std::to_string(bytes[2]) + "." +
           std::to_string(bytes[3]);
}

// RFC 5952: lowercase, no leading zeros, the longest run (first on a tie) of two or more zero
// groups becomes "::", and IPv4-mapped addresses end in dotted form.
std::string V6Text(std::span<const std::uint8_t> bytes) {
    std::array<std::uint16_t, 8> groups{};
    for (std::size_t i = 0; i < 8; ++i) {
        groups[i] = static_cast<std::uint16_t>(bytes[i * 2] << 8 | bytes[i * 2 + 1]);
    }
    const bool mapped =
        std::all_of(groups.begin(), groups.begin() + 5, [](std::uint16_t g) { return g == 0; }) && groups[5] == 0xffff;
    if (mapped) {
        return "::ffff:" + V4Text(bytes.subspan(12));
    }
    std::size_t best_start = 8;
    std::size_t best_length = 1;
    for (std::size_t i = 0; i < 8;) {
        std::size_t j = i;
        while (j < 8 && groups[j] == 0) {
            ++j;
        }
        if (j - i > best_length) {
            best_start = i;
            best_length = j - i;
        }
        i = j == i ? i + 1 : j;
    }
    std::string text;
    for (std::size_t i = 0; i < 8; ++i) {
        if (i == best_start) {
            text += "::";
            i += best_length - 1;
            continue;
        }
        if (!text.empty() && text.back() != ':') {
            text += ':';
        }
        text += HexGroup(groups[i]);
    }
    return text;
}

}  // namespace

IpAddress IpAddress::Parse(std::string_view text) {
    std::string reason;
    auto address = ParseAddress(text, reason);
    if (!address) {
        throw Error(Errc::kInvalidArgument, "invalid IP address \"" + std::string(text) + "\": " + reason);
    }
    return *address;
}

std::optional<IpAddress> IpAddress::TryParse(std::string_view text) {
    std::string reason;
    return ParseAddress(text, reason);
}

IpAddress IpAddress::V4(const std::array<std::uint8_t, 4>& bytes) {
    IpAddress address;
    std::copy(bytes.begin(), bytes.end(), address.bytes_.begin());
    return address;
}

IpAddress IpAddress::V6(const std::array<std::uint8_t, 16>& bytes) {
    IpAddress address;
    address.v6_ = true;
    address.bytes_ = bytes;
    return address;
}

std::string IpAddress::ToString() const {
    return v6_ ? V6Text(bytes()) : V4Text(bytes());
}

std::optional<IpAddress> IpAddress::Next() const {
    return Plus(1);
}

std::optional<IpAddress> IpAddress::Plus(std::uint64_t offset) const {
    IpAddress result = *this;
    const std::size_t size = v6_ ? 16 : 4;
    // Big-endian addition with carry; anything left over after the top byte is an overflow.
    std::uint64_t carry = offset;
    for (std::size_t i = size; i-- > 0 && carry != 0;) {
        const unsigned sum = result.bytes_[i] + static_cast<unsigned>(carry & 0xff);
        result.bytes_[i] = static_cast<std::uint8_t>(sum & 0xff);
        carry = (carry >> 8) + (sum >> 8);
    }
    if (carry != 0) {
        return std::nullopt;
    }
    return result;
}

std::optional<std::uint64_t> IpAddress::OffsetFrom(const IpAddress& base) const {
    if (base.v6_ != v6_ || *this < base) {
        return std::nullopt;
    }
    const std::size_t size = v6_ ? 16 : 4;
    // Big-endian subtraction with borrow; the result must fit in the low eight bytes.
    std::array<std::uint8_t, 16> difference{};
    int borrow = 0;
    for (std::size_t i = size; i-- > 0;) {
        int value = bytes_[i] - base.bytes_[i] - borrow;
        borrow = value < 0 ? 1 : 0;
        difference[i] = static_cast<std::uint8_t>(value + (borrow << 8));
    }
    std::uint64_t result = 0;
    for (std::size_t i = 0; i < size; ++i) {
        if (size - i > 8 && difference[i] != 0) {
            return std::nullopt;
        }
        result = result << 8 | difference[i];
    }
    return result;
}

IpAddress IpAddress::Masked(int prefix) const {
    IpAddress result = *this;
    const int bits = bit_length();
    for (int bit = std::clamp(prefix, 0, bits); bit < bits; ++bit) {
        result.bytes_[static_cast<std::size_t>(bit / 8)] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
    }
    return result;
}

IpAddress IpAddress::WithHostBitsSet(int prefix) const {
    IpAddress result = *this;
    const int bits = bit_length();
    for (int bit = std::clamp(prefix, 0, bits); bit < bits; ++bit) {
        result.bytes_[static_cast<std::size_t>(bit / 8)] |= static_cast<std::uint8_t>(0x80u >> (bit % 8));
    }
    return result;
}

}  // namespace engine::net

std::size_t std::hash<engine::net::IpAddress>::operator()(const engine::net::IpAddress& address) const noexcept {
    // FNV-1a over family and bytes: cheap, and good enough for hash-table buckets.
    std::size_t value = address.is_v6() ? 0xcbf29ce484222325ull : 0x84222325cbf29ce4ull;
    for (const std::uint8_t byte : address.bytes()) {
        value = (value ^ byte) * 0x100000001b3ull;
    }
    return value;
}
