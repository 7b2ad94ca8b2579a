#include "engine/cli/units.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace engine::cli {
namespace {

constexpr std::array<const char*, 9> kDecimalUnits = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
constexpr std::array<const char*, 9> kBinaryUnits = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

std::string ScaledSize(double size, double base, const std::array<const char*, 9>& units, int precision) {
    std::size_t unit = 0;
    while (size >= base && unit + 1 < units.size()) {
        size /= base;
        ++unit;
    }
    // C's %g follows the same rules as Go's for these values (exponent when exp >= precision).
    char text[64];
    std::snprintf(text, sizeof text, "%.*g%s", precision, size, units[unit]);
    return text;
}

std::tm LocalTime(std::int64_t unix_seconds) {
    const std::time_t time = static_cast<std::time_t>(unix_seconds);
    std::tm local{};
    localtime_r(&time, &local);
    return local;
}

// Go's "Z07:00": "Z" for a zero offset, else "+hh:mm".
std::string ZoneOffset(const std::tm& local) {
    const long offset = local.tm_gmtoff;
    if (offset == 0) {
        return "Z";
    }
    const int minutes = static_cast<int>((offset < 0 ? -offset : offset) / 60) % (24 * 60);
    char text[16];
    std::snprintf(text, sizeof text, "%c%02d:%02d", offset < 0 ? '-' : '+', minutes / 60, minutes % 60);
    return text;
}

std::string FormatLocal(const std::tm& local, const char* format) {
    char text[64];
    const std::size_t size = std::strftime(text, sizeof text, format, &local);
    return std::string(text, size);
}

}  // namespace

std::string HumanSizeWithPrecision(double size, int precision) {
    return ScaledSize(size, 1000.0, kDecimalUnits, precision);
}

std::string HumanSize(double size) {
    return HumanSizeWithPrecision(size, 4);
}

std::string BytesSize(double size) {
    return ScaledSize(size, 1024.0, kBinaryUnits, 4);
}

std::string HumanDuration(std::chrono::nanoseconds duration) {
    using std::chrono::duration_cast;
    const auto seconds = duration_cast<std::chrono::seconds>(duration).count();
    if (seconds < 1) {
        return "Less than a second";
    }
    if (seconds == 1) {
        return "1 second";
    }
    if (seconds < 60) {
        return std::to_string(seconds) + " seconds";
    }
    const auto minutes = duration_cast<std::chrono::minutes>(duration).count();
    if (minutes == 1) {
        return "About a minute";
    }
    if (minutes < 60) {
        return std::to_string(minutes) + " minutes";
    }
    const double exact_hours = std::chrono::duration<double, std::ratio<3600>>(duration).count();
    const auto hours = static_cast<std::int64_t>(exact_hours + 0.5);  // go-units rounds hours
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
    return std::to_string(static_cast<std::int64_t>(exact_hours) / 24 / 365) + " years";
}

std::string CreatedSince(std::int64_t created_unix, std::chrono::system_clock::time_point now) {
    const auto created = std::chrono::system_clock::time_point(std::chrono::seconds(created_unix));
    return HumanDuration(now - created) + " ago";
}

std::string GoTimeString(std::int64_t unix_seconds) {
    return FormatLocal(LocalTime(unix_seconds), "%Y-%m-%d %H:%M:%S %z %Z");
}

std::string Rfc3339(std::int64_t unix_seconds) {
    const std::tm local = LocalTime(unix_seconds);
    return FormatLocal(local, "%Y-%m-%dT%H:%M:%S") + ZoneOffset(local);
}

std::string Rfc3339NanoFixed(std::int64_t unix_nanos) {
    std::int64_t seconds = unix_nanos / 1000000000;
    std::int64_t nanos = unix_nanos % 1000000000;
    if (nanos < 0) {
        nanos += 1000000000;
        --seconds;
    }
    const std::tm local = LocalTime(seconds);
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%09lld", static_cast<long long>(nanos));
    return FormatLocal(local, "%Y-%m-%dT%H:%M:%S") + fraction + ZoneOffset(local);
}

std::string TruncateId(std::string_view id) {
    const std::size_t colon = id.find(':');
    if (colon != std::string_view::npos) {
        id.remove_prefix(colon + 1);
    }
    return std::string(id.substr(0, 12));
}

std::string Ellipsis(std::string_view text, std::size_t max_width) {
    if (max_width == 0) {
        return "";
    }
    // Byte offsets of each code point start (UTF-8 continuation bytes are 10xxxxxx).
    std::size_t points = 0;
    std::size_t cut = text.size();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (points == max_width - 1) {
                cut = i;
            }
            ++points;
        }
    }
    if (points <= max_width) {
        return std::string(text);
    }
    if (max_width == 1) {
        // docker shows the first code point alone: no room for the ellipsis.
        std::size_t end = 1;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            ++end;
        }
        return std::string(text.substr(0, end));
    }
    return std::string(text.substr(0, cut)) + "…";
}

std::optional<std::int64_t> RamInBytes(std::string_view text) {
    std::size_t digits = 0;
    while (digits < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[digits])) != 0 || text[digits] == '.')) {
        ++digits;
    }
    if (digits == 0 || text.front() == '.' || text[digits - 1] == '.') {
        return std::nullopt;
    }
    double number = 0;
    try {
        number = std::stod(std::string(text.substr(0, digits)));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    std::string unit(text.substr(digits));
    if (unit.starts_with(' ')) {
        unit.erase(0, 1);
    }
    for (char& c : unit) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    static constexpr std::string_view kPrefixes = "kmgtp";
    double multiplier = 1;
    std::string_view rest = unit;
    if (!rest.empty() && kPrefixes.find(rest.front()) != std::string_view::npos) {
        for (std::size_t power = 0; power <= kPrefixes.find(rest.front()); ++power) {
            multiplier *= 1024;
        }
        rest.remove_prefix(1);
        if (rest.starts_with('i')) {
            rest.remove_prefix(1);
        }
    }
    if (rest.starts_with('b')) {
        rest.remove_prefix(1);
    }
    if (!rest.empty()) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(number * multiplier);
}

}  // namespace engine::cli
