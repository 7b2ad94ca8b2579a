#include "engine/api/error_response.hpp"

namespace engine::api {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is invalid (overlong,
// surrogate, above U+10FFFF or truncated) — Go's utf8.DecodeRuneInString rules.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i) {
    const auto byte = [&text](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high) {
        return 0;
    }
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) {
            return 0;
        }
    }
    return length;
}

void AppendAsciiEscape(std::string& out, unsigned char c) {
    switch (c) {
        case '"':
            out += "\\\"";
            return;
        case '\\':
            out += "\\\\";
            return;
        case '\b':
            out += "\\b";
            return;
        case '\f':
            out += "\\f";
            return;
        case '\n':
            out += "\\n";
            return;
        case '\r':
            out += "\\r";
            return;
        case '\t':
            out += "\\t";
            return;
        default:
            break;
    }
    if (c < 0x20) {
        out += "\\u00";
        out += kHexDigits[c >> 4];
        out += kHexDigits[c & 0xF];
    } else {
        out += static_cast<char>(c);
    }
}

}  // namespace

unsigned HttpStatus(Errc code) {
    switch (code) {
        case Errc::kNotFound:
            return 404;
        case Errc::kAlreadyExists:
            return 409;
        case Errc::kInvalidArgument:
            return 400;
        case Errc::kConflict:
            return 409;
        case Errc::kUnavailable:
            return 503;
        case Errc::kInternal:
            return 500;
    }
    return 500;
}

std::string JsonQuote(std::string_view text) {
    std::string out = "\"";
    out.reserve(text.size() + 2);
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            AppendAsciiEscape(out, c);
            ++i;
            continue;
        }
        const std::size_t length = Utf8SequenceLength(text, i);
        if (length == 0) {
            out += "\\ufffd";
            ++i;
            continue;
        }
        const std::string_view sequence = text.substr(i, length);
        // JavaScript treats these two as line ends, so Go escapes them even with HTML off.
        if (sequence == "\u2028" || sequence == "\u2029") {
            out += sequence == "\u2028" ? "\\u2028" : "\\u2029";
        } else {
            out += sequence;
        }
        i += length;
    }
    return out + "\"";
}

ErrorResponse MakeErrorResponse(unsigned status, std::string_view message) {
    return ErrorResponse{status, std::string(kJsonContentType), "{\"message\":" + JsonQuote(message) + "}\n"};
}

ErrorResponse MakeErrorResponse(const Error& error) {
    return MakeErrorResponse(HttpStatus(error.code()), error.what());
}

}  // namespace engine::api
