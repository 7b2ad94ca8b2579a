#include "engine/net/dns/dns_message.hpp"

#include <algorithm>

#include "engine/net/dns/dns_wire.hpp"

namespace engine::net::dns {
namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kOptRecordSize = 11;
constexpr std::size_t kMinUdpSize = 512;
constexpr std::size_t kMaxUdpSize = 4096;
// The UDP size we advertise in our own OPT record: the DNS Flag Day 2020 value, which avoids
// IP fragmentation on common paths.
constexpr std::uint16_t kAdvertisedUdpSize = 1232;
// A pointer to the question name, which always starts right after the header.
constexpr std::uint16_t kPointerToQuestion = 0xc000 | kHeaderSize;

struct HeaderBits {
    ResponseCode code = ResponseCode::kNoError;
    bool authoritative = false;
    bool truncated = false;
    std::uint16_t answers = 0;
};

// A recursive resolver's response header: QR and RA set, opcode, RD and CD copied from the query.
void AppendHeader(std::vector<std::uint8_t>& out, const Query& query, const HeaderBits& bits) {
    wire::AppendU16(out, query.id);
    out.push_back(static_cast<std::uint8_t>(0x80 | (query.opcode & 0x0f) << 3 | (bits.authoritative ? 0x04 : 0) |
                                            (bits.truncated ? 0x02 : 0) | (query.recursion_desired ? 0x01 : 0)));
    out.push_back(
        static_cast<std::uint8_t>(0x80 | (query.checking_disabled ? 0x10 : 0) | static_cast<std::uint8_t>(bits.code)));
    wire::AppendU16(out, query.question.empty() ? 0 : 1);
    wire::AppendU16(out, bits.answers);
    wire::AppendU16(out, 0);
    wire::AppendU16(out, query.edns_udp_size && bits.code != ResponseCode::kFormatError ? 1 : 0);
}

void AppendOpt(std::vector<std::uint8_t>& out) {
    out.push_back(0);
    wire::AppendU16(out, kTypeOpt);
    wire::AppendU16(out, kAdvertisedUdpSize);
    wire::AppendU32(out, 0);  // extended RCODE 0, version 0, no DO bit
    wire::AppendU16(out, 0);
}

// Header, question, `records` (already encoded, `count` of them) and the OPT record if the
// client sent one.
std::vector<std::uint8_t> Assemble(const Query& query,
                                   const HeaderBits& bits,
                                   const std::vector<std::uint8_t>& records) {
    std::vector<std::uint8_t> out;
    out.reserve(kHeaderSize + query.question.size() + records.size() + kOptRecordSize);
    AppendHeader(out, query, bits);
    out.insert(out.end(), query.question.begin(), query.question.end());
    out.insert(out.end(), records.begin(), records.end());
    if (query.edns_udp_size && bits.code != ResponseCode::kFormatError) {
        AppendOpt(out);
    }
    return out;
}

std::size_t FixedSize(const Query& query) {
    return kHeaderSize + query.question.size() + (query.edns_udp_size ? kOptRecordSize : 0);
}

void AppendRecordStart(std::vector<std::uint8_t>& out, std::uint16_t type, std::size_t data_length) {
    wire::AppendU16(out, kPointerToQuestion);
    wire::AppendU16(out, type);
    wire::AppendU16(out, kClassIn);
    wire::AppendU32(out, kAnswerTtl);
    wire::AppendU16(out, static_cast<std::uint16_t>(data_length));
}

// Skips `count` records; false when one is malformed. Reads the OPT record's UDP size.
bool ReadRecords(std::span<const std::uint8_t> message, std::size_t& offset, std::size_t count, Query& query) {
    for (std::size_t i = 0; i < count; ++i) {
        wire::RecordInfo record;
        if (!wire::SkipRecord(message, offset, record)) {
            return false;
        }
        if (record.type == kTypeOpt) {
            if (!record.root_owner || query.edns_udp_size) {
                return false;  // RFC 6891 6.1.1: one OPT, owned by the root
            }
            query.edns_udp_size = record.klass;
        }
    }
    return true;
}

}  // namespace

ParseResult ParseQuery(std::span<const std::uint8_t> message) {
    ParseResult result;
    if (message.size() < kHeaderSize || (message[2] & 0x80) != 0) {
        return result;  // nothing to answer to, or a response: answering could start a loop
    }
    Query& query = result.query;
    query.id = wire::ReadU16(message, 0);
    query.opcode = static_cast<std::uint8_t>(message[2] >> 3 & 0x0f);
    query.recursion_desired = (message[2] & 0x01) != 0;
    query.checking_disabled = (message[3] & 0x10) != 0;
    if (query.opcode != 0) {
        result.status = ParseStatus::kNotImplemented;
        return result;
    }
    result.status = ParseStatus::kFormatError;
    if (wire::ReadU16(message, 4) != 1) {
        return result;
    }
    std::size_t offset = kHeaderSize;
    std::vector<std::string> labels;
    if (!wire::ReadName(message, offset, labels) || offset + 4 > message.size()) {
        return result;
    }
    query.name = wire::PresentationName(labels);
    query.type = wire::ReadU16(message, offset);
    query.klass = wire::ReadU16(message, offset + 2);
    wire::AppendName(query.question, labels);
    wire::AppendU16(query.question, query.type);
    wire::AppendU16(query.question, query.klass);
    offset += 4;
    const std::size_t records =
        std::size_t{wire::ReadU16(message, 6)} + wire::ReadU16(message, 8) + wire::ReadU16(message, 10);
    if (!ReadRecords(message, offset, records, query)) {
        query.edns_udp_size.reset();
        return result;
    }
    result.status = ParseStatus::kOk;
    return result;
}

std::size_t MaxUdpResponseSize(const Query& query) {
    if (!query.edns_udp_size) {
        return kMinUdpSize;
    }
    return std::clamp<std::size_t>(*query.edns_udp_size, kMinUdpSize, kMaxUdpSize);
}

std::vector<std::uint8_t> BuildAddressResponse(const Query& query,
                                               std::span<const IpAddress> addresses,
                                               std::size_t max_size) {
    if (query.question.empty()) {
        return BuildEmptyResponse(query, ResponseCode::kServerFailure);
    }
    HeaderBits bits;
    bits.authoritative = true;
    std::vector<std::uint8_t> records;
    for (const IpAddress& address : addresses) {
        const auto data = address.bytes();
        if (FixedSize(query) + records.size() + 12 + data.size() > max_size || bits.answers == 0xffff) {
            bits.truncated = true;
            break;
        }
        AppendRecordStart(records, address.is_v6() ? kTypeAaaa : kTypeA, data.size());
        records.insert(records.end(), data.begin(), data.end());
        ++bits.answers;
    }
    return Assemble(query, bits, records);
}

std::vector<std::uint8_t> BuildPtrResponse(const Query& query, std::string_view target, std::size_t max_size) {
    const auto labels = wire::LabelsOf(target);
    if (query.question.empty() || !labels || labels->empty()) {
        return BuildEmptyResponse(query, ResponseCode::kServerFailure);
    }
    std::vector<std::uint8_t> data;
    wire::AppendName(data, *labels);
    HeaderBits bits;
    bits.authoritative = true;
    std::vector<std::uint8_t> records;
    if (FixedSize(query) + 12 + data.size() > max_size) {
        bits.truncated = true;
    } else {
        AppendRecordStart(records, kTypePtr, data.size());
        records.insert(records.end(), data.begin(), data.end());
        bits.answers = 1;
    }
    return Assemble(query, bits, records);
}

std::vector<std::uint8_t> BuildEmptyResponse(const Query& query, ResponseCode code) {
    HeaderBits bits;
    bits.code = code;
    bits.authoritative = code == ResponseCode::kNoError || code == ResponseCode::kNameError;
    return Assemble(query, bits, {});
}

std::optional<std::uint16_t> MessageId(std::span<const std::uint8_t> message) {
    if (message.size() < kHeaderSize) {
        return std::nullopt;
    }
    return wire::ReadU16(message, 0);
}

void SetMessageId(std::span<std::uint8_t> message, std::uint16_t id) {
    if (message.size() >= kHeaderSize) {
        message[0] = static_cast<std::uint8_t>(id >> 8);
        message[1] = static_cast<std::uint8_t>(id & 0xff);
    }
}

ResponseCode ResponseCodeOf(std::span<const std::uint8_t> message) {
    return static_cast<ResponseCode>(message.size() >= kHeaderSize ? message[3] & 0x0f : 0);
}

bool IsResponseTo(std::span<const std::uint8_t> response, std::span<const std::uint8_t> query) {
    if (response.size() < kHeaderSize || query.size() < kHeaderSize || (response[2] & 0x80) == 0 ||
        wire::ReadU16(response, 0) != wire::ReadU16(query, 0) || wire::ReadU16(response, 4) != 1 ||
        wire::ReadU16(query, 4) != 1) {
        return false;
    }
    std::size_t response_offset = kHeaderSize;
    std::size_t query_offset = kHeaderSize;
    std::vector<std::string> response_name;
    std::vector<std::string> query_name;
    if (!wire::ReadName(response, response_offset, response_name) || !wire::ReadName(query, query_offset, query_name) ||
        response_offset + 4 > response.size() || query_offset + 4 > query.size()) {
        return false;
    }
    return wire::SameName(response_name, query_name) &&
           std::equal(query.begin() + static_cast<std::ptrdiff_t>(query_offset),
                      query.begin() + static_cast<std::ptrdiff_t>(query_offset + 4),
                      response.begin() + static_cast<std::ptrdiff_t>(response_offset));
}

}  // namespace engine::net::dns
