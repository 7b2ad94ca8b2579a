#include "compose/loader/yaml_scalar.hpp"

#include <cctype>
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

bool IsBinaryDigit(char c) {
    return c == '0' || c == '1';
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
    // Docker Compose reads files with Go's yaml.v3, which drops '_' and parses integers like
    // strconv.ParseInt(s, 0, 64): 0x, 0o and 0b prefixes, and a leading 0 meaning octal. Files
    // rely on that: the spec's own examples write secret modes as `mode: 0440` (288).
    if (text.empty() ||
        (std::isdigit(static_cast<unsigned char>(text.front())) == 0 && text.front() != '-' && text.front() != '+')) {
        return std::nullopt;
    }
    std::string cleaned;
    for (char c : text) {
        if (c != '_') {
            cleaned += c;
        }
    }
    std::string_view body = cleaned;
    const bool negative = !body.empty() && body.front() == '-';
    if (!body.empty() && (body.front() == '-' || body.front() == '+')) {
        body.remove_prefix(1);
    }
    int base = 10;
    if (body.size() > 2 && body[0] == '0' && std::string_view("xXoObB").find(body[1]) != std::string_view::npos) {
        base = body[1] == 'x' || body[1] == 'X' ? 16 : (body[1] == 'o' || body[1] == 'O' ? 8 : 2);
        body.remove_prefix(2);
    } else if (body.size() > 1 && body[0] == '0') {
        base = 8;
        body.remove_prefix(1);
    }
    bool (*is_digit)(char) = base == 16 ? IsHexDigit : base == 8 ? IsOctalDigit : base == 2 ? IsBinaryDigit : IsDigit;
    if (!AllOf(body, is_digit)) {
        return std::nullopt;
    }
    auto magnitude = ParseUnsignedInBase(body, base);
    if (!magnitude) {
        return std::nullopt;
    }
    return negative ? -*magnitude : *magnitude;
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
