#include "engine/net/dns/dns_wire.hpp"

#include <algorithm>

namespace engine::net::dns::wire {
namespace {

char LowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::uint16_t ReadU16(std::span<const std::uint8_t> message, std::size_t offset) {
    return static_cast<std::uint16_t>(message[offset] << 8 | message[offset + 1]);
}

void AppendU16(std::vector<std::uint8_t>& out, std::uint16_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value & 0xff));
}

void AppendU32(std::vector<std::uint8_t>& out, std::uint32_t value) {
    AppendU16(out, static_cast<std::uint16_t>(value >> 16));
    AppendU16(out, static_cast<std::uint16_t>(value & 0xffff));
}

bool ReadName(std::span<const std::uint8_t> message, std::size_t& offset, std::vector<std::string>& labels) {
    labels.clear();
    std::size_t position = offset;
    std::optional<std::size_t> end_after_jump;
    // Every jump must land before the previous jump's target, so the walk always terminates.
    std::size_t jump_limit = position;
    std::size_t wire_length = 1;  // the root label
    while (true) {
        if (position >= message.size()) {
            return false;
        }
        const std::uint8_t length = message[position];
        if ((length & 0xc0) == 0xc0) {
            if (position + 1 >= message.size()) {
                return false;
            }
            const std::size_t target = static_cast<std::size_t>(length & 0x3f) << 8 | message[position + 1];
            if (target >= jump_limit) {
                return false;
            }
            if (!end_after_jump) {
                end_after_jump = position + 2;
            }
            jump_limit = target;
            position = target;
            continue;
        }
        if ((length & 0xc0) != 0) {
            return false;  // 0x40 and 0x80 label types are obsolete or reserved
        }
        if (length == 0) {
            offset = end_after_jump ? *end_after_jump : position + 1;
            return true;
        }
        wire_length += length + 1u;
        if (wire_length > kMaxNameLength || position + 1 + length > message.size()) {
            return false;
        }
        labels.emplace_back(reinterpret_cast<const char*>(message.data() + position + 1), length);
        position += 1 + length;
    }
}

void AppendName(std::vector<std::uint8_t>& out, const std::vector<std::string>& labels) {
    for (const std::string& label : labels) {
        out.push_back(static_cast<std::uint8_t>(label.size()));
        out.insert(out.end(), label.begin(), label.end());
    }
    out.push_back(0);
}

std::optional<std::vector<std::string>> LabelsOf(std::string_view dotted) {
    if (!dotted.empty() && dotted.back() == '.') {
        dotted.remove_suffix(1);
    }
    std::vector<std::string> labels;
    if (dotted.empty()) {
        return labels;
    }
    std::size_t wire_length = 1;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = std::min(dotted.find('.', start), dotted.size());
        const std::string_view label = dotted.substr(start, dot - start);
        wire_length += label.size() + 1;
        if (label.empty() || label.size() > kMaxLabelLength || wire_length > kMaxNameLength) {
            return std::nullopt;
        }
        labels.emplace_back(label);
        if (dot == dotted.size()) {
            return labels;
        }
        start = dot + 1;
    }
}

std::string PresentationName(const std::vector<std::string>& labels) {
    std::string text;
    for (const std::string& label : labels) {
        if (!text.empty()) {
            text += '.';
        }
        for (const char raw : label) {
            const char c = LowerAscii(raw);
            const auto byte = static_cast<unsigned char>(c);
            if (c == '.' || c == '\\') {
                text += '\\';
                text += c;
            } else if (byte < '!' || byte > '~') {
                text += '\\';
                text += static_cast<char>('0' + byte / 100);
                text += static_cast<char>('0' + byte / 10 % 10);
                text += static_cast<char>('0' + byte % 10);
            } else {
                text += c;
            }
        }
    }
    return text;
}

bool SameName(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const std::string& x, const std::string& y) {
        return std::equal(
            x.begin(), x.end(), y.begin(), y.end(), [](char p, char q) { return LowerAscii(p) == LowerAscii(q); });
    });
}

bool SkipRecord(std::span<const std::uint8_t> message, std::size_t& offset, RecordInfo& info) {
    std::size_t position = offset;
    std::vector<std::string> owner;
    if (!ReadName(message, position, owner) || position + 10 > message.size()) {
        return false;
    }
    info.root_owner = owner.empty();
    info.type = ReadU16(message, position);
    info.klass = ReadU16(message, position + 2);
    info.data_length = ReadU16(message, position + 8);
    info.data_offset = position + 10;
    if (info.data_offset + info.data_length > message.size()) {
        return false;
    }
    offset = info.data_offset + info.data_length;
    return true;
}

}  // namespace engine::net::dns::wire
