#include "engine/image/go_time.hpp"

#include <cstdio>
#include <ctime>
#include <limits>

#include "engine/base/error.hpp"

namespace engine::image {
namespace {

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}

// Reads exactly `count` digits at `*pos`; false when they are not all there.
bool ReadDigits(std::string_view text, std::size_t* pos, std::size_t count, int* value) {
    if (*pos + count > text.size()) {
        return false;
    }
    *value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[*pos + i];
        if (!IsDigit(c)) {
            return false;
        }
        *value = *value * 10 + (c - '0');
    }
    *pos += count;
    return true;
}

bool Expect(std::string_view text, std::size_t* pos, char c) {
    if (*pos < text.size() && (text[*pos] == c || (c == 'T' && text[*pos] == 't'))) {
        ++*pos;
        return true;
    }
    return false;
}

// Seconds east of UTC from "Z", "+hh:mm" or "-hh:mm" at `*pos`, which must end the text.
bool ReadZone(std::string_view text, std::size_t pos, std::int64_t* offset) {
    if (pos + 1 == text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        *offset = 0;
        return true;
    }
    if (pos + 6 != text.size() || (text[pos] != '+' && text[pos] != '-') || text[pos + 3] != ':') {
        return false;
    }
    int hours = 0;
    int minutes = 0;
    std::size_t at = pos + 1;
    if (!ReadDigits(text, &at, 2, &hours) || !Expect(text, &at, ':') || !ReadDigits(text, &at, 2, &minutes)) {
        return false;
    }
    *offset = (hours * 3600 + minutes * 60) * (text[pos] == '-' ? -1 : 1);
    return true;
}

[[noreturn]] void ThrowBadTime(std::string_view text) {
    throw Error(Errc::kInvalidArgument,
                "invalid time \"" + std::string(text) + "\": expected RFC 3339 (2006-01-02T15:04:05.999999999Z07:00)");
}

}  // namespace

std::string FormatRfc3339Nano(UnixNanos time) {
    std::int64_t seconds = time / kNanosPerSecond;
    std::int64_t nanos = time % kNanosPerSecond;
    if (nanos < 0) {
        nanos += kNanosPerSecond;
        --seconds;
    }
    const std::time_t as_time_t = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&as_time_t, &utc);
    char date[40];
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &utc);
    std::string result = date;
    if (nanos != 0) {
        char fraction[16];
        std::snprintf(fraction, sizeof fraction, ".%09lld", static_cast<long long>(nanos));
        std::string digits = fraction;
        while (digits.back() == '0') {
            digits.pop_back();
        }
        result += digits;
    }
    return result + "Z";
}

UnixNanos ParseRfc3339Nano(std::string_view text) {
    std::size_t pos = 0;
    std::tm fields{};
    int year = 0;
    int month = 0;
    const bool date_ok = ReadDigits(text, &pos, 4, &year) && Expect(text, &pos, '-') &&
                         ReadDigits(text, &pos, 2, &month) && Expect(text, &pos, '-') &&
                         ReadDigits(text, &pos, 2, &fields.tm_mday) && Expect(text, &pos, 'T') &&
                         ReadDigits(text, &pos, 2, &fields.tm_hour) && Expect(text, &pos, ':') &&
                         ReadDigits(text, &pos, 2, &fields.tm_min) && Expect(text, &pos, ':') &&
                         ReadDigits(text, &pos, 2, &fields.tm_sec);
    if (!date_ok || month < 1 || month > 12 || fields.tm_mday < 1 || fields.tm_mday > 31 || fields.tm_hour > 23 ||
        fields.tm_min > 59 || fields.tm_sec > 60) {
        ThrowBadTime(text);
    }
    std::int64_t nanos = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::size_t digits = 0;
        for (; pos < text.size() && IsDigit(text[pos]); ++pos, ++digits) {
            if (digits < 9) {
                nanos = nanos * 10 + (text[pos] - '0');
            }
        }
        if (digits == 0) {
            ThrowBadTime(text);
        }
        for (; digits < 9; ++digits) {
            nanos *= 10;
        }
    }
    std::int64_t offset = 0;
    if (!ReadZone(text, pos, &offset)) {
        ThrowBadTime(text);
    }
    fields.tm_year = year - 1900;
    fields.tm_mon = month - 1;
    const std::int64_t seconds = static_cast<std::int64_t>(timegm(&fields)) - offset;
    return seconds * kNanosPerSecond + nanos;
}

std::chrono::nanoseconds ParseGoDuration(std::string_view text) {
    const auto invalid = [&] {
        return Error(Errc::kInvalidArgument, "time: invalid duration \"" + std::string(text) + "\"");
    };
    std::string_view rest = text;
    bool negative = false;
    if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
        negative = rest.front() == '-';
        rest.remove_prefix(1);
    }
    if (rest == "0") {
        return std::chrono::nanoseconds(0);
    }
    if (rest.empty()) {
        throw invalid();
    }
    static constexpr std::pair<std::string_view, double> kUnits[] = {
        {"ns", 1.0}, {"us", 1e3}, {"µs", 1e3}, {"μs", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
    long double total = 0;
    while (!rest.empty()) {
        std::size_t number_end = 0;
        while (number_end < rest.size() && (IsDigit(rest[number_end]) || rest[number_end] == '.')) {
            ++number_end;
        }
        const std::string number(rest.substr(0, number_end));
        if (number.empty() || number == "." || number.find('.') != number.rfind('.')) {
            throw invalid();
        }
        rest.remove_prefix(number_end);
        double scale = 0;
        // Two-letter units come first in kUnits so "ms" is not read as "m".
        for (const auto& [unit, unit_scale] : kUnits) {
            if (rest.starts_with(unit)) {
                scale = unit_scale;
                rest.remove_prefix(unit.size());
                break;
            }
        }
        if (scale == 0) {
            throw invalid();
        }
        total += std::stold(number) * scale;
    }
    if (total > static_cast<long double>(std::numeric_limits<std::int64_t>::max())) {
        throw invalid();
    }
    const auto nanos = static_cast<std::int64_t>(total);
    return std::chrono::nanoseconds(negative ? -nanos : nanos);
}

}  // namespace engine::image
