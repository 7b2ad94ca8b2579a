#pragma once

// Hand-built DNS messages and a decoder for responses, for the engine/net/dns tests. Written
// independently of the library's codec, so the tests check its bytes.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace engine::net::dns::testing {

using Bytes = std::vector<std::uint8_t>;

inline void Put16(Bytes& out, unsigned value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8 & 0xff));
    out.push_back(static_cast<std::uint8_t>(value & 0xff));
}

/// A name in wire form, uncompressed: "web.mynet" → 3web5mynet0.
inline Bytes WireName(const std::string& dotted) {
    Bytes out;
    std::size_t start = 0;
    while (start < dotted.size()) {
        std::size_t dot = dotted.find('.', start);
        if (dot == std::string::npos) {
            dot = dotted.size();
        }
        out.push_back(static_cast<std::uint8_t>(dot - start));
        out.insert(out.end(),
                   dotted.begin() + static_cast<std::ptrdiff_t>(start),
                   dotted.begin() + static_cast<std::ptrdiff_t>(dot));
        start = dot + 1;
    }
    out.push_back(0);
    return out;
}

/// A standard query for `name` with one question, and an OPT record when `edns_size` is given.
inline Bytes BuildQuery(unsigned id,
                        const std::string& name,
                        unsigned type,
                        std::optional<unsigned> edns_size = std::nullopt,
                        bool recursion_desired = true) {
    Bytes out;
    Put16(out, id);
    out.push_back(recursion_desired ? 0x01 : 0x00);
    out.push_back(0x00);
    Put16(out, 1);
    Put16(out, 0);
    Put16(out, 0);
    Put16(out, edns_size ? 1 : 0);
    const Bytes wire = WireName(name);
    out.insert(out.end(), wire.begin(), wire.end());
    Put16(out, type);
    Put16(out, 1);
    if (edns_size) {
        out.push_back(0);
        Put16(out, 41);
        Put16(out, *edns_size);
        Put16(out, 0);
        Put16(out, 0);
        Put16(out, 0);
    }
    return out;
}

struct Record {
    std::string name;
    unsigned type = 0;
    unsigned klass = 0;
    std::uint32_t ttl = 0;
    Bytes data;
};

/// A response decoded field by field.
struct Decoded {
    unsigned id = 0;
    bool qr = false, aa = false, tc = false, rd = false, ra = false;
    unsigned opcode = 0;
    unsigned rcode = 0;
    unsigned qdcount = 0, ancount = 0, nscount = 0, arcount = 0;
    std::string question_name;  // as sent, case kept
    unsigned question_type = 0;
    std::vector<Record> answers;
    std::vector<Record> additional;
};

// Reads a name with pointers (no loop protection: only for the library's own well-formed output).
inline std::string ReadTestName(const Bytes& message, std::size_t& offset) {
    std::string name;
    std::size_t position = offset;
    bool jumped = false;
    for (int guard = 0; guard < 128; ++guard) {
        const std::uint8_t length = message.at(position);
        if ((length & 0xc0) == 0xc0) {
            if (!jumped) {
                offset = position + 2;
            }
            jumped = true;
            position = static_cast<std::size_t>(length & 0x3f) << 8 | message.at(position + 1);
            continue;
        }
        if (length == 0) {
            if (!jumped) {
                offset = position + 1;
            }
            return name;
        }
        if (!name.empty()) {
            name += '.';
        }
        name.append(reinterpret_cast<const char*>(&message.at(position + 1)), length);
        position += 1 + length;
    }
    throw std::runtime_error("name loop");
}

inline unsigned Get16(const Bytes& message, std::size_t offset) {
    return static_cast<unsigned>(message.at(offset) << 8 | message.at(offset + 1));
}

inline Record ReadRecord(const Bytes& message, std::size_t& offset) {
    Record record;
    record.name = ReadTestName(message, offset);
    record.type = Get16(message, offset);
    record.klass = Get16(message, offset + 2);
    record.ttl = static_cast<std::uint32_t>(Get16(message, offset + 4) << 16 | Get16(message, offset + 6));
    const unsigned length = Get16(message, offset + 8);
    offset += 10;
    record.data.assign(message.begin() + static_cast<std::ptrdiff_t>(offset),
                       message.begin() + static_cast<std::ptrdiff_t>(offset + length));
    offset += length;
    return record;
}

inline Decoded Decode(const Bytes& message) {
    Decoded d;
    d.id = Get16(message, 0);
    d.qr = (message.at(2) & 0x80) != 0;
    d.opcode = message.at(2) >> 3 & 0x0f;
    d.aa = (message.at(2) & 0x04) != 0;
    d.tc = (message.at(2) & 0x02) != 0;
    d.rd = (message.at(2) & 0x01) != 0;
    d.ra = (message.at(3) & 0x80) != 0;
    d.rcode = message.at(3) & 0x0f;
    d.qdcount = Get16(message, 4);
    d.ancount = Get16(message, 6);
    d.nscount = Get16(message, 8);
    d.arcount = Get16(message, 10);
    std::size_t offset = 12;
    if (d.qdcount == 1) {
        d.question_name = ReadTestName(message, offset);
        d.question_type = Get16(message, offset);
        offset += 4;
    }
    for (unsigned i = 0; i < d.ancount; ++i) {
        d.answers.push_back(ReadRecord(message, offset));
    }
    for (unsigned i = 0; i < d.arcount; ++i) {
        d.additional.push_back(ReadRecord(message, offset));
    }
    if (offset != message.size()) {
        throw std::runtime_error("trailing bytes in response");
    }
    return d;
}

inline std::string AddressText(const Bytes& data) {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(data.size() == 4 ? AF_INET : AF_INET6, data.data(), text, sizeof text);
    return text;
}

}  // namespace engine::net::dns::testing
