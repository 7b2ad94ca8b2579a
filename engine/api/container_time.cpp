#include "engine/api/container_time.hpp"

#include <chrono>
#include <cstdio>

namespace engine::api {

std::string FormatGoTime(std::int64_t unix_nanos) {
    if (unix_nanos == 0) {
        return "0001-01-01T00:00:00Z";
    }
    using std::chrono::days;
    const std::int64_t kNanosPerSecond = 1'000'000'000;
    std::int64_t seconds = unix_nanos / kNanosPerSecond;
    std::int64_t fraction = unix_nanos % kNanosPerSecond;
    if (fraction < 0) {  // floor toward the earlier second
        fraction += kNanosPerSecond;
        --seconds;
    }
    const std::chrono::sys_seconds time{std::chrono::seconds(seconds)};
    const auto day = std::chrono::floor<days>(time);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss clock{time - day};
    char buffer[64];
    std::snprintf(buffer,
                  sizeof buffer,
                  "%04d-%02u-%02uT%02d:%02d:%02lld",
                  static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()),
                  static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()),
                  static_cast<long long>(clock.seconds().count()));
    std::string out = buffer;
    if (fraction != 0) {
        std::snprintf(buffer, sizeof buffer, ".%09lld", static_cast<long long>(fraction));
        std::string digits = buffer;
        digits.erase(digits.find_last_not_of('0') + 1);
        out += digits;
    }
    return out + "Z";
}

std::string HumanDuration(std::int64_t nanos) {
    const std::int64_t seconds = nanos / 1'000'000'000;
    if (seconds < 1) {
        return "Less than a second";
    }
    if (seconds == 1) {
        return "1 second";
    }
    if (seconds < 60) {
        return std::to_string(seconds) + " seconds";
    }
    const std::int64_t minutes = seconds / 60;
    if (minutes == 1) {
        return "About a minute";
    }
    if (minutes < 60) {
        return std::to_string(minutes) + " minutes";
    }
    // go-units rounds hours to the nearest one.
    const auto hours = static_cast<std::int64_t>(static_cast<double>(nanos) / 3.6e12 + 0.5);
    if (hours == 1) {
        return "About an hour";
    }
    if (hours < 48) {
        return std::to_string(hours) + " hours";
    }
    if (hours < 24 * 7 * 2) {
        return std::to_string(hours / 24) + " days";
    }
    if (hours < 24 * 30 * 2) {
        return std::to_string(hours / 24 / 7) + " weeks";
    }
    if (hours < 24 * 365 * 2) {
        return std::to_string(hours / 24 / 30) + " months";
    }
    return std::to_string(static_cast<std::int64_t>(static_cast<double>(nanos) / 3.6e12) / 24 / 365) + " years";
}

}  // namespace engine::api
