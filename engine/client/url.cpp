#include "engine/client/url.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace engine::client {
namespace {

bool IsUnreserved(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

void AppendPercent(std::string& out, unsigned char c) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 0x0f];
}

}  // namespace

std::string PathEscape(std::string_view path) {
    // Go's shouldEscape in encodePath mode leaves these sub-delimiters alone.
    static constexpr std::string_view kPathSafe = "$&+,/:;=@";
    std::string out;
    out.reserve(path.size());
    for (const char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (IsUnreserved(c) || kPathSafe.find(ch) != std::string_view::npos) {
            out += ch;
        } else {
            AppendPercent(out, c);
        }
    }
    return out;
}

std::string QueryEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (IsUnreserved(c)) {
            out += ch;
        } else if (ch == ' ') {
            out += '+';
        } else {
            AppendPercent(out, c);
        }
    }
    return out;
}

std::string EncodeQuery(const QueryParams& params) {
    QueryParams sorted = params;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out;
    for (const auto& [key, value] : sorted) {
        if (!out.empty()) {
            out += '&';
        }
        out += QueryEscape(key);
        out += '=';
        out += QueryEscape(value);
    }
    return out;
}

std::string EncodeFilters(const api::Filters& filters) {
    const std::vector<std::string> keys = filters.Keys();
    if (keys.empty()) {
        return "";
    }
    nlohmann::json object = nlohmann::json::object();
    for (const std::string& key : keys) {
        nlohmann::json values = nlohmann::json::object();
        for (const std::string& value : filters.Values(key)) {
            values[value] = true;
        }
        object[key] = std::move(values);
    }
    return object.dump();
}

}  // namespace engine::client
