#include "compose/loader/yaml_scalar.hpp"

#include <charconv>
#include <limits>
#include <string>
#include <system_error>

namespace compose::loader {
namespace {

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}

bool AllOf(std::string_view text, bool (*pred)(char)) {
    for (char c : text) {
        if (!pred(c)) {
            return false;
        }
    }
    return !text.empty();
}

bool IsOctalDigit(char c) {
    return c >= '0' && c <= '7';
}

bool IsHexDigit(char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string_view StripPlus(std::string_view text) {
    return !text.empty() && text.front() == '+' ? text.substr(1) : text;
}

std::optional<std::int64_t> ParseUnsignedInBase(std::string_view digits, int base) {
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (ec != std::errc() || end != digits.data() + digits.size() ||
        value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(value);
}

// [-+]?[0-9]+ : a decimal integer, any size.
bool IsDecimalInt(std::string_view text) {
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        text.remove_prefix(1);
    }
    return AllOf(text, IsDigit);
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? : the core schema's finite float.
bool IsFiniteFloat(std::string_view text) {
    std::size_t i = 0;
    auto digits = [&] {
        std::size_t start = i;
        while (i < text.size() && IsDigit(text[i])) {
            ++i;
        }
        return i - start;
    };
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
        ++i;
    }
    std::size_t int_digits = digits();
    std::size_t frac_digits = 0;
    if (i < text.size() && text[i] == '.') {
        ++i;
        frac_digits = digits();
    }
    if (int_digits == 0 && frac_digits == 0) {
        return false;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
            ++i;
        }
        if (digits() == 0) {
            return false;
        }
    }
    return i == text.size();
}

}  // namespace

bool IsCoreNull(std::string_view text) {
    return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::optional<bool> ParseCoreBool(std::string_view text) {
    if (text == "true" || text == "True" || text == "TRUE") {
        return true;
    }
    if (text == "false" || text == "False" || text == "FALSE") {
        return false;
    }
    return std::nullopt;
}

std::optional<std::int64_t> ParseCoreInt(std::string_view text) {
    if (text.size() > 2 && text[0] == '0' && text[1] == 'o') {
        auto digits = text.substr(2);
        return AllOf(digits, IsOctalDigit) ? ParseUnsignedInBase(digits, 8) : std::nullopt;
    }
    if (text.size() > 2 && text[0] == '0' && text[1] == 'x') {
        auto digits = text.substr(2);
        return AllOf(digits, IsHexDigit) ? ParseUnsignedInBase(digits, 16) : std::nullopt;
    }
    if (!IsDecimalInt(text)) {
        return std::nullopt;
    }
    auto digits = StripPlus(text);
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> ParseCoreFloat(std::string_view text) {
    if (auto as_int = ParseCoreInt(text)) {
        return static_cast<double>(*as_int);
    }
    std::string_view unsigned_text = text;
    bool negative = false;
    if (!unsigned_text.empty() && (unsigned_text.front() == '-' || unsigned_text.front() == '+')) {
        negative = unsigned_text.front() == '-';
        unsigned_text.remove_prefix(1);
    }
    if (unsigned_text == ".inf" || unsigned_text == ".Inf" || unsigned_text == ".INF") {
        double inf = std::numeric_limits<double>::infinity();
        return negative ? -inf : inf;
    }
    if (text == ".nan" || text == ".NaN" || text == ".NAN") {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (!IsFiniteFloat(text)) {
        return std::nullopt;
    }
    // from_chars takes no leading '+'; the sign was validated above.
    auto digits = StripPlus(text);
    double value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return value;
}

model::Value ResolvePlainScalar(std::string_view text) {
    if (IsCoreNull(text)) {
        return model::Value();
    }
    if (auto as_bool = ParseCoreBool(text)) {
        return model::Value(*as_bool);
    }
    if (auto as_int = ParseCoreInt(text)) {
        return model::Value(*as_int);
    }
    if (auto as_float = ParseCoreFloat(text)) {
        return model::Value(*as_float);
    }
    return model::Value(std::string(text));
}

}  // namespace compose::loader
