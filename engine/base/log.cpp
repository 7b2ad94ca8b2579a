#include "engine/base/log.hpp"

#include <cstdio>
#include <ctime>
#include <string>

namespace engine {
namespace {

/// RFC 3339 UTC with milliseconds, the form Docker's daemon logs use.
std::string FormatTime(std::chrono::system_clock::time_point time) {
    const auto since_epoch = time.time_since_epoch();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
    const std::time_t as_time_t = static_cast<std::time_t>(seconds.count());
    std::tm utc{};
    gmtime_r(&as_time_t, &utc);
    char buffer[32];
    const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>(millis));
    return std::string(buffer, length) + fraction;
}

bool NeedsQuotes(std::string_view value) {
    return value.empty() || value.find_first_of(" \"=\\\t\n") != std::string_view::npos;
}

void AppendValue(std::string& line, std::string_view value) {
    if (!NeedsQuotes(value)) {
        line += value;
        return;
    }
    line += '"';
    for (const char c : value) {
        if (c == '"' || c == '\\') {
            line += '\\';
            line += c;
        } else if (c == '\n') {
            line += "\\n";
        } else {
            line += c;
        }
    }
    line += '"';
}

}  // namespace

std::string_view LogLevelName(LogLevel level) {
    switch (level) {
        case LogLevel::kDebug:
            return "debug";
        case LogLevel::kInfo:
            return "info";
        case LogLevel::kWarn:
            return "warn";
        case LogLevel::kError:
            return "error";
    }
    return "unknown";
}

Logger::Logger(std::ostream& out, LogLevel min_level, Clock clock)
    : out_(out), min_level_(min_level), clock_(clock ? std::move(clock) : Clock(&std::chrono::system_clock::now)) {}

void Logger::Log(LogLevel level, std::string_view message, std::initializer_list<LogField> fields) {
    if (!Enabled(level)) {
        return;
    }
    // The line is built first so the lock covers one write, and lines never interleave.
    std::string line = FormatTime(clock_());
    line += ' ';
    line += LogLevelName(level);
    line += ' ';
    line += message;
    for (const auto& [key, value] : fields) {
        line += ' ';
        line += key;
        line += '=';
        AppendValue(line, value);
    }
    line += '\n';
    const std::lock_guard lock(mutex_);
    out_ << line << std::flush;
}

}  // namespace engine
