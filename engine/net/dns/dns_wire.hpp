#pragma once

// Low-level reading and writing of RFC 1035 wire format, shared by the message codec and the
// forwarder. Every reader checks bounds itself: input may be any bytes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace engine::net::dns::wire {

/// Names are at most 255 bytes in wire form (RFC 1035 3.1), labels at most 63.
inline constexpr std::size_t kMaxNameLength = 255;
inline constexpr std::size_t kMaxLabelLength = 63;

/// Big-endian 16 bit value at `offset`; the caller has checked that two bytes are there.
std::uint16_t ReadU16(std::span<const std::uint8_t> message, std::size_t offset);
void AppendU16(std::vector<std::uint8_t>& out, std::uint16_t value);
void AppendU32(std::vector<std::uint8_t>& out, std::uint32_t value);

/// Reads the (possibly compressed) name at `offset` into `labels` (raw bytes, case kept) and
/// moves `offset` past it (past the first pointer when it jumps). False, with `offset` unchanged,
/// when it runs past the end, uses a reserved label type, exceeds 255 bytes, or has a pointer
/// that does not go strictly backwards of the previous jump (which rules out loops).
bool ReadName(std::span<const std::uint8_t> message, std::size_t& offset, std::vector<std::string>& labels);

/// Appends `labels` uncompressed, ending with the root label.
void AppendName(std::vector<std::uint8_t>& out, const std::vector<std::string>& labels);

/// Splits dotted text ("web.mynet", an optional trailing dot) into labels; nullopt when a label
/// is empty or too long or the name is too long. Backslash escapes are not interpreted.
std::optional<std::vector<std::string>> LabelsOf(std::string_view dotted);

/// Presentation form of `labels`: ASCII lowercased, joined by '.', without the trailing dot
/// ("" for the root); '.' and '\' inside labels and bytes outside '!'..'~' are escaped as in
/// zone files ("\.", "\\", "\032"), so distinct names never print the same.
std::string PresentationName(const std::vector<std::string>& labels);

/// True when two label lists are equal ignoring ASCII case (DNS name comparison).
bool SameName(const std::vector<std::string>& a, const std::vector<std::string>& b);

/// Skips one resource record at `offset` (name, type, class, TTL, data), reporting its type,
/// class and where its data starts. False when the record is malformed or truncated.
struct RecordInfo {
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
    std::size_t data_offset = 0;
    std::size_t data_length = 0;
    bool root_owner = false;
};
bool SkipRecord(std::span<const std::uint8_t> message, std::size_t& offset, RecordInfo& info);

}  // namespace engine::net::dns::wire
