#include "engine/cli/timestamp.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <regex>

#include "engine/cli/command_context.hpp"

namespace engine::cli {
namespace {

double UnitNanos(std::string_view unit) {
    if (unit == "ns")
        return 1;
    if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs")
        return 1e3;
    if (unit == "ms")
        return 1e6;
    if (unit == "s")
        return 1e9;
    if (unit == "m")
        return 60e9;
    if (unit == "h")
        return 3600e9;
    return 0;
}

bool IsUnitChar(char c) {
    return !(c >= '0' && c <= '9') && c != '.';
}

[[noreturn]] void ThrowBadTime(std::string_view value) {
    throw ExitError(1, "failed to parse value as time or duration: \"" + std::string(value) + "\"");
}

// "2024-01-31T12:00:00.5+01:00" and friends → seconds and nanoseconds since the epoch.
bool ParseDateTime(std::string_view value, std::int64_t& seconds, std::int64_t& nanos) {
    static const std::regex kPattern(
        R"((\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2}))?(?::(\d{2}))?(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:\d{2})?)");
    std::cmatch match;
    if (!std::regex_match(value.data(), value.data() + value.size(), match, kPattern)) {
        return false;
    }
    std::tm parts{};
    parts.tm_year = std::stoi(match[1]) - 1900;
    parts.tm_mon = std::stoi(match[2]) - 1;
    parts.tm_mday = std::stoi(match[3]);
    parts.tm_hour = match[4].matched ? std::stoi(match[4]) : 0;
    parts.tm_min = match[5].matched ? std::stoi(match[5]) : 0;
    parts.tm_sec = match[6].matched ? std::stoi(match[6]) : 0;
    parts.tm_isdst = -1;
    if (match[8].matched) {
        seconds = timegm(&parts);
        const std::string zone = match[8];
        if (zone != "Z" && zone != "z") {
            const int offset = std::stoi(zone.substr(1, 2)) * 3600 + std::stoi(zone.substr(4, 2)) * 60;
            seconds -= zone[0] == '-' ? -offset : offset;
        }
    } else {
        seconds = mktime(&parts);  // no zone: local time, as docker parses it
    }
    nanos = 0;
    if (match[7].matched) {
        std::string fraction = match[7];
        fraction.append(9 - fraction.size(), '0');
        nanos = std::stoll(fraction);
    }
    return true;
}

}  // namespace

bool ParseGoDuration(std::string_view text, std::chrono::nanoseconds& out) {
    if (text.empty()) {
        return false;
    }
    double sign = 1;
    if (text[0] == '-' || text[0] == '+') {
        sign = text[0] == '-' ? -1 : 1;
        text.remove_prefix(1);
    }
    if (text == "0") {
        out = std::chrono::nanoseconds(0);
        return true;
    }
    double total = 0;
    while (!text.empty()) {
        std::size_t number_end = 0;
        while (number_end < text.size() && !IsUnitChar(text[number_end])) {
            ++number_end;
        }
        std::size_t unit_end = number_end;
        while (unit_end < text.size() && IsUnitChar(text[unit_end])) {
            ++unit_end;
        }
        const std::string number(text.substr(0, number_end));
        const double unit = UnitNanos(text.substr(number_end, unit_end - number_end));
        if (number.empty() || number == "." || unit == 0) {
            return false;
        }
        total += std::stod(number) * unit;
        text.remove_prefix(unit_end);
    }
    out = std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(sign * total)));
    return true;
}

std::string GetTimestamp(std::string_view value, std::chrono::system_clock::time_point now) {
    std::chrono::nanoseconds duration{};
    if (value != "0" && ParseGoDuration(value, duration)) {
        const auto then = now - std::chrono::duration_cast<std::chrono::system_clock::duration>(duration);
        return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(then.time_since_epoch()).count());
    }
    std::int64_t seconds = 0;
    std::int64_t nanos = 0;
    if (ParseDateTime(value, seconds, nanos)) {
        char text[48];
        std::snprintf(text, sizeof text, "%lld.%09lld", static_cast<long long>(seconds), static_cast<long long>(nanos));
        return text;
    }
    static const std::regex kUnix(R"(\d+(\.\d{1,9})?)");
    if (!std::regex_match(std::string(value), kUnix)) {
        ThrowBadTime(value);
    }
    return std::string(value);
}

}  // namespace engine::cli
