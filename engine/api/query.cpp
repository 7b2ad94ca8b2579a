#include "engine/api/query.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string Unescape(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+' && plus_is_space) {
            out += ' ';
        } else if (c != '%') {
            out += c;
        } else if (i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
            i += 2;
        } else {
            // Go quotes at most the three characters starting at the '%'.
            throw Error(Errc::kInvalidArgument, "invalid URL escape \"" + std::string(text.substr(i, 3)) + "\"");
        }
    }
    return out;
}

std::string TrimAndLower(std::string_view text) {
    constexpr std::string_view kSpace = " \t\n\v\f\r";
    const std::size_t first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) {
        return "";
    }
    const std::size_t last = text.find_last_not_of(kSpace);
    std::string out(text.substr(first, last - first + 1));
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

// Base 10 with an optional sign, like Go's strconv.ParseInt(s, 10, 64); nullopt on bad syntax,
// and `overflow` set when the digits do not fit.
std::optional<std::int64_t> ParseInt64(std::string_view text, bool& overflow) {
    overflow = false;
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    // Accumulate as a negative number: its range includes the int64 minimum.
    std::int64_t value = 0;
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    for (const char c : text) {
        const int digit = c - '0';
        if (value < (kMin + digit) / 10) {
            overflow = true;
            return std::nullopt;
        }
        value = value * 10 - digit;
    }
    if (!negative && value == kMin) {
        overflow = true;
        return std::nullopt;
    }
    return negative ? value : -value;
}

}  // namespace

std::string QueryUnescape(std::string_view text) {
    return Unescape(text, true);
}

std::string PathUnescape(std::string_view text) {
    return Unescape(text, false);
}

Query Query::Parse(std::string_view raw) {
    std::vector<Item> items;
    while (!raw.empty()) {
        const std::size_t amp = raw.find('&');
        const std::string_view pair = raw.substr(0, amp);
        raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
        if (pair.find(';') != std::string_view::npos) {
            throw Error(Errc::kInvalidArgument, "invalid semicolon separator in query");
        }
        if (pair.empty()) {
            continue;
        }
        const std::size_t equals = pair.find('=');
        std::string key = QueryUnescape(pair.substr(0, equals));
        std::string value = equals == std::string_view::npos ? std::string() : QueryUnescape(pair.substr(equals + 1));
        items.emplace_back(std::move(key), std::move(value));
    }
    return Query(std::move(items));
}

bool Query::Has(std::string_view key) const {
    return std::any_of(items_.begin(), items_.end(), [key](const Item& item) { return item.first == key; });
}

std::string Query::Get(std::string_view key) const {
    const auto found =
        std::find_if(items_.begin(), items_.end(), [key](const Item& item) { return item.first == key; });
    return found == items_.end() ? std::string() : found->second;
}

std::vector<std::string> Query::GetAll(std::string_view key) const {
    std::vector<std::string> values;
    for (const Item& item : items_) {
        if (item.first == key) {
            values.push_back(item.second);
        }
    }
    return values;
}

bool Query::BoolValue(std::string_view key) const {
    const std::string value = TrimAndLower(Get(key));
    return !(value.empty() || value == "0" || value == "no" || value == "false" || value == "none");
}

bool Query::BoolValueOrDefault(std::string_view key, bool default_value) const {
    return Has(key) ? BoolValue(key) : default_value;
}

std::int64_t Query::Int64ValueOrDefault(std::string_view key, std::int64_t default_value) const {
    const std::string value = Get(key);
    if (value.empty()) {
        return default_value;
    }
    bool overflow = false;
    if (const std::optional<std::int64_t> parsed = ParseInt64(value, overflow)) {
        return *parsed;
    }
    throw Error(Errc::kInvalidArgument,
                "invalid value for query parameter " + std::string(key) + ": \"" + value + "\" is " +
                    (overflow ? "out of range" : "not an integer"));
}

}  // namespace engine::api
