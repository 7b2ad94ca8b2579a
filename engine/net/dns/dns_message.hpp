#pragma once

// DNS queries in and responses out (RFC 1035 wire format, EDNS per RFC 6891), for the embedded
// resolver. Parsing accepts any bytes without undefined behaviour: this is the network-facing
// surface.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/net/ipam/ip_address.hpp"

namespace engine::net::dns {

inline constexpr std::uint16_t kTypeA = 1;
inline constexpr std::uint16_t kTypePtr = 12;
inline constexpr std::uint16_t kTypeAaaa = 28;
inline constexpr std::uint16_t kTypeOpt = 41;
inline constexpr std::uint16_t kTypeAny = 255;
inline constexpr std::uint16_t kClassIn = 1;

/// TTL of the records this server answers itself, as Docker's embedded resolver.
inline constexpr std::uint32_t kAnswerTtl = 600;

enum class ResponseCode : std::uint8_t {
    kNoError = 0,
    kFormatError = 1,
    kServerFailure = 2,
    kNameError = 3,  ///< NXDOMAIN
    kNotImplemented = 4,
    kRefused = 5,
};

/// A parsed query: its header and its single question.
struct Query {
    std::uint16_t id = 0;
    std::uint8_t opcode = 0;
    bool recursion_desired = false;
    bool checking_disabled = false;
    /// Lowercased presentation form without the trailing dot ("web.mynet"; "" for the root);
    /// see wire::PresentationName for the escaping of odd bytes.
    std::string name;
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
    /// The question as it is echoed in a response: the name uncompressed in the client's own
    /// letter case (resolvers using 0x20 randomisation check it), then type and class. Empty
    /// when the question could not be read.
    std::vector<std::uint8_t> question;
    /// The UDP payload size of the client's EDNS OPT record, when it sent one.
    std::optional<std::uint16_t> edns_udp_size;
};

enum class ParseStatus {
    kOk,
    kFormatError,     ///< answer FORMERR: header fields of `query` are set, the question maybe
    kNotImplemented,  ///< answer NOTIMP: an opcode other than QUERY
    kIgnore,          ///< no answer at all: shorter than a header, or a response (QR set)
};

struct ParseResult {
    ParseStatus status = ParseStatus::kIgnore;
    Query query;
};

/// Reads a query. Exactly one question is accepted; compression loops, truncation, reserved
/// label types, trailing junk in the records and more than one OPT record give kFormatError.
ParseResult ParseQuery(std::span<const std::uint8_t> message);

/// The largest UDP response `query`'s client accepts: 512 bytes, or its EDNS size up to 4096.
std::size_t MaxUdpResponseSize(const Query& query);

/// NOERROR with one A or AAAA record per address (owner: the question name, TTL kAnswerTtl),
/// authoritative, in the given order. Records that do not fit in `max_size` are left out and
/// the TC bit set, so the client retries over TCP. No addresses makes a NODATA response.
std::vector<std::uint8_t> BuildAddressResponse(const Query& query,
                                               std::span<const IpAddress> addresses,
                                               std::size_t max_size);

/// NOERROR with one PTR record pointing at `target` ("web.mynet"). SERVFAIL when `target` is
/// not a valid name.
std::vector<std::uint8_t> BuildPtrResponse(const Query& query, std::string_view target, std::size_t max_size);

/// A response without records: NODATA (kNoError), NXDOMAIN, SERVFAIL, FORMERR, NOTIMP, REFUSED.
/// The question is echoed when it was read.
std::vector<std::uint8_t> BuildEmptyResponse(const Query& query, ResponseCode code);

/// The message id, nullopt when `message` is shorter than a header.
std::optional<std::uint16_t> MessageId(std::span<const std::uint8_t> message);
/// Overwrites the id; a no-op on a message shorter than a header.
void SetMessageId(std::span<std::uint8_t> message, std::uint16_t id);
/// The RCODE of a message at least a header long.
ResponseCode ResponseCodeOf(std::span<const std::uint8_t> message);

/// True when `response` is a response (QR set) with `query`'s id and the same single question
/// (name compared ignoring case): what a forwarder checks before relaying an upstream's answer.
bool IsResponseTo(std::span<const std::uint8_t> response, std::span<const std::uint8_t> query);

}  // namespace engine::net::dns
