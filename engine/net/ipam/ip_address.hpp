#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace engine::net {

/// An IPv4 or IPv6 address, a value type. Ordered (every IPv4 address sorts before every IPv6
/// address, then numerically) and hashable. An IPv4-mapped IPv6 address ("::ffff:1.2.3.4") is
/// an IPv6 address: the families are never silently mixed.
class IpAddress final {
  public:
    /// 0.0.0.0.
    IpAddress() = default;

    /// Dotted-quad IPv4 ("172.20.0.5": four decimal octets, no leading zeros) or IPv6 text
    /// ("fd00::1", "::ffff:10.0.0.1"), without brackets, prefix or zone. Throws
    /// Error(kInvalidArgument) naming the text and what is wrong with it.
    static IpAddress Parse(std::string_view text);
    /// Parse without the exception: nullopt when `text` is not an address.
    static std::optional<IpAddress> TryParse(std::string_view text);

    static IpAddress V4(const std::array<std::uint8_t, 4>& bytes);
    static IpAddress V6(const std::array<std::uint8_t, 16>& bytes);

    bool is_v6() const { return v6_; }
    bool is_v4() const { return !v6_; }
    /// 32 or 128.
    int bit_length() const { return v6_ ? 128 : 32; }
    /// The address in network byte order: 4 bytes for IPv4, 16 for IPv6.
    std::span<const std::uint8_t> bytes() const { return {bytes_.data(), v6_ ? 16u : 4u}; }

    /// "172.20.0.5"; IPv6 in RFC 5952 form ("fd00::1", "::ffff:10.0.0.1").
    std::string ToString() const;

    /// The following address, nullopt after the last address of the family.
    std::optional<IpAddress> Next() const;
    /// This address plus `offset`, nullopt when that passes the last address of the family.
    std::optional<IpAddress> Plus(std::uint64_t offset) const;
    /// `this - base` when `base` is of the same family, not greater, and the distance fits in
    /// 64 bits; nullopt otherwise.
    std::optional<std::uint64_t> OffsetFrom(const IpAddress& base) const;

    /// The address with every bit after the first `prefix` bits cleared (the network address of
    /// a subnet) or set (its last address). `prefix` is clamped to [0, bit_length()].
    IpAddress Masked(int prefix) const;
    IpAddress WithHostBitsSet(int prefix) const;

    friend bool operator==(const IpAddress&, const IpAddress&) = default;
    friend std::strong_ordering operator<=>(const IpAddress&, const IpAddress&) = default;

  private:
    // Family first, so the defaulted ordering puts IPv4 before IPv6. IPv4 uses bytes_[0..3]
    // and keeps the rest zero, so equal addresses have equal representations.
    bool v6_ = false;
    std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace engine::net

template <>
struct std::hash<engine::net::IpAddress> {
    std::size_t operator()(const engine::net::IpAddress& address) const noexcept;
};
