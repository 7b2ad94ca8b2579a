// Text-level readers used by normalization: Go durations, memory sizes, shell words, and the
// small helpers every normalize*.cpp shares.

#include <array>
#include <charconv>
#include <limits>

#include "compose/loader/load_error.hpp"
#include "compose/loader/normalize_internal.hpp"

namespace compose::loader::normalize_internal {
namespace {

constexpr std::uint64_t kMaxDuration = std::uint64_t{1} << 63;  // |INT64_MIN|
constexpr std::uint64_t kNanosecond = 1;
constexpr std::uint64_t kMicrosecond = 1000 * kNanosecond;
constexpr std::uint64_t kMillisecond = 1000 * kMicrosecond;
constexpr std::uint64_t kSecond = 1000 * kMillisecond;
constexpr std::uint64_t kMinute = 60 * kSecond;
constexpr std::uint64_t kHour = 60 * kMinute;
constexpr std::uint64_t kDay = 24 * kHour;

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}

std::optional<std::uint64_t> DurationUnit(std::string_view unit) {
    struct Entry {
        std::string_view name;
        std::uint64_t nanoseconds;
    };
    // "µs" is spelled both with MICRO SIGN (U+00B5) and GREEK SMALL LETTER MU (U+03BC), as Go does.
    static constexpr std::array<Entry, 10> kUnits{{{"ns", kNanosecond},
                                                   {"us", kMicrosecond},
                                                   {"\xC2\xB5s", kMicrosecond},
                                                   {"\xCE\xBCs", kMicrosecond},
                                                   {"ms", kMillisecond},
                                                   {"s", kSecond},
                                                   {"m", kMinute},
                                                   {"h", kHour},
                                                   {"d", kDay},
                                                   {"w", 7 * kDay}}};
    for (const Entry& entry : kUnits) {
        if (entry.name == unit) {
            return entry.nanoseconds;
        }
    }
    return std::nullopt;
}

// One "<number><unit>" element of a duration; nullopt when malformed or too large.
std::optional<std::uint64_t> ParseDurationElement(std::string_view& text) {
    std::uint64_t whole = 0;
    std::size_t i = 0;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
        if (whole > (kMaxDuration - 9) / 10) {
            return std::nullopt;
        }
        whole = whole * 10 + static_cast<std::uint64_t>(text[i] - '0');
    }
    const bool has_whole = i > 0;
    text.remove_prefix(i);
    std::uint64_t fraction = 0;
    double scale = 1;
    bool has_fraction = false;
    if (!text.empty() && text.front() == '.') {
        text.remove_prefix(1);
        for (i = 0; i < text.size() && IsDigit(text[i]); ++i) {
            // Digits beyond what fits cannot change the result; Go ignores them too.
            if (fraction <= (kMaxDuration - 9) / 10) {
                fraction = fraction * 10 + static_cast<std::uint64_t>(text[i] - '0');
                scale *= 10;
            }
        }
        has_fraction = i > 0;
        text.remove_prefix(i);
    }
    if (!has_whole && !has_fraction) {
        return std::nullopt;
    }
    for (i = 0; i < text.size() && text[i] != '.' && !IsDigit(text[i]); ++i) {
    }
    const std::optional<std::uint64_t> unit = DurationUnit(text.substr(0, i));
    text.remove_prefix(i);
    if (!unit || whole > kMaxDuration / *unit) {
        return std::nullopt;
    }
    std::uint64_t value = whole * *unit;
    if (fraction > 0) {
        value += static_cast<std::uint64_t>(static_cast<double>(fraction) * (static_cast<double>(*unit) / scale));
        if (value > kMaxDuration) {
            return std::nullopt;
        }
    }
    return value;
}

// Go's fmtFrac: the low `precision` digits of `value` as a fraction without trailing zeros
// (nothing at all when they are zero), written backwards ending at `end`.
std::size_t FormatFraction(std::array<char, 32>& buf, std::size_t end, std::uint64_t& value, int precision) {
    bool print = false;
    for (int i = 0; i < precision; ++i) {
        const auto digit = static_cast<char>(value % 10);
        print = print || digit != 0;
        if (print) {
            buf[--end] = static_cast<char>('0' + digit);
        }
        value /= 10;
    }
    if (print) {
        buf[--end] = '.';
    }
    return end;
}

std::size_t FormatInteger(std::array<char, 32>& buf, std::size_t end, std::uint64_t value) {
    do {
        buf[--end] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value > 0);
    return end;
}

bool IsShellSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool IsShellOperator(char c) {
    return c == ';' || c == '&' || c == '|' || c == '<' || c == '>';
}

}  // namespace

void Fail(const Value& at, std::string message) {
    throw LoadError(at.mark, std::move(message));
}

Value Derived(Value value, const Value& origin) {
    value.mark = origin.mark;
    value.key_mark = origin.mark;
    return value;
}

void Replace(Value& slot, Value value) {
    value.mark = slot.mark;
    value.key_mark = slot.key_mark;
    slot = std::move(value);
}

std::string ScalarString(const Value& value) {
    return value.ScalarText();
}

std::string Quoted(std::string_view text) {
    std::string out = "\"";
    out += text;
    out += '"';
    return out;
}

std::optional<std::string> LookupEnvironment(const NormalizeContext& ctx, std::string_view name) {
    auto it = ctx.environment.find(std::string(name));
    if (it == ctx.environment.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::optional<std::int64_t> ParseDuration(std::string_view text) {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text == "0") {
        return 0;
    }
    if (text.empty()) {
        return std::nullopt;
    }
    std::uint64_t total = 0;
    while (!text.empty()) {
        const std::optional<std::uint64_t> element = ParseDurationElement(text);
        if (!element || *element > kMaxDuration - total) {
            return std::nullopt;
        }
        total += *element;
    }
    if (negative) {
        return total == kMaxDuration ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(total);
    }
    if (total == kMaxDuration) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(total);
}

std::string FormatDuration(std::int64_t nanoseconds) {
    if (nanoseconds == 0) {
        return "0s";
    }
    std::array<char, 32> buf{};
    std::size_t end = buf.size();
    const bool negative = nanoseconds < 0;
    std::uint64_t value =
        negative ? std::uint64_t{0} - static_cast<std::uint64_t>(nanoseconds) : static_cast<std::uint64_t>(nanoseconds);
    buf[--end] = 's';
    if (value < kSecond) {
        // Below a second Go switches to the largest unit that keeps an integer part.
        int precision = 0;
        if (value < kMicrosecond) {
            buf[--end] = 'n';
        } else if (value < kMillisecond) {
            precision = 3;
            buf[--end] = '\xB5';
            buf[--end] = '\xC2';
        } else {
            precision = 6;
            buf[--end] = 'm';
        }
        end = FormatFraction(buf, end, value, precision);
        end = FormatInteger(buf, end, value);
    } else {
        end = FormatFraction(buf, end, value, 9);
        end = FormatInteger(buf, end, value % 60);
        value /= 60;
        if (value > 0) {
            buf[--end] = 'm';
            end = FormatInteger(buf, end, value % 60);
            value /= 60;
            if (value > 0) {
                buf[--end] = 'h';
                end = FormatInteger(buf, end, value);
            }
        }
    }
    if (negative) {
        buf[--end] = '-';
    }
    return std::string(buf.data() + end, buf.size() - end);
}

std::optional<std::int64_t> ParseByteSize(std::string_view text) {
    std::int64_t integer = 0;
    auto [int_end, int_error] = std::from_chars(text.data(), text.data() + text.size(), integer);
    if (int_error == std::errc() && int_end == text.data() + text.size()) {
        return integer;
    }
    std::size_t i = 0;
    while (i < text.size() && IsDigit(text[i])) {
        ++i;
    }
    if (i == 0) {
        return std::nullopt;
    }
    if (i < text.size() && text[i] == '.') {
        const std::size_t dot = i++;
        while (i < text.size() && IsDigit(text[i])) {
            ++i;
        }
        if (i == dot + 1) {
            return std::nullopt;
        }
    }
    double number = 0;
    std::from_chars(text.data(), text.data() + i, number);
    std::string_view unit = text.substr(i);
    if (!unit.empty() && unit.front() == ' ') {
        unit.remove_prefix(1);
    }
    double multiplier = 1;
    constexpr std::string_view kPrefixes = "kmgtp";
    if (!unit.empty()) {
        const std::size_t power = kPrefixes.find(static_cast<char>(unit.front() | 0x20));
        if (power != std::string_view::npos) {
            for (std::size_t p = 0; p <= power; ++p) {
                multiplier *= 1024;
            }
            unit.remove_prefix(1);
            if (!unit.empty() && (unit.front() == 'i' || unit.front() == 'I')) {
                unit.remove_prefix(1);
            }
        }
    }
    if (!unit.empty() && (unit.front() == 'b' || unit.front() == 'B')) {
        unit.remove_prefix(1);
    }
    const double bytes = number * multiplier;
    if (!unit.empty() || bytes >= 9.2e18) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(bytes);
}

std::vector<std::string> SplitShellWords(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    bool escaped = false;
    bool single_quoted = false;
    bool double_quoted = false;
    bool back_quoted = false;
    for (const char c : text) {
        if (escaped) {
            word += c;
            escaped = false;
            in_word = true;
            continue;
        }
        if (c == '\\' && !single_quoted) {
            escaped = true;
            continue;
        }
        const bool quoted = single_quoted || double_quoted || back_quoted;
        if (IsShellSpace(c) && !quoted) {
            if (in_word) {
                words.push_back(std::move(word));
                word.clear();
                in_word = false;
            }
            continue;
        }
        in_word = true;
        if (c == '"' && !single_quoted && !back_quoted) {
            double_quoted = !double_quoted;
            continue;
        }
        if (c == '\'' && !double_quoted && !back_quoted) {
            single_quoted = !single_quoted;
            continue;
        }
        if (c == '`' && !single_quoted && !double_quoted) {
            // Kept as text, but its contents stay one word (go-shellwords does the same).
            back_quoted = !back_quoted;
        } else if (IsShellOperator(c) && !quoted) {
            throw ShellWordsError("unquoted " + Quoted(std::string(1, c)));
        }
        word += c;
    }
    if (escaped) {
        throw ShellWordsError("it ends with a lone backslash");
    }
    if (single_quoted || double_quoted || back_quoted) {
        throw ShellWordsError("a quote is not closed");
    }
    if (in_word) {
        words.push_back(std::move(word));
    }
    return words;
}

}  // namespace compose::loader::normalize_internal
