#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace engine {

/// Log levels, lowest first. Values are explicit because they appear in configuration.
enum class LogLevel : int {
    kDebug = 0,
    kInfo = 1,
    kWarn = 2,
    kError = 3,
};

/// "debug", "info", "warn", "error".
std::string_view LogLevelName(LogLevel level);

/// One key=value pair of a log line.
using LogField = std::pair<std::string_view, std::string>;

/// A leveled logger writing one line per call to the stream given at construction:
///   2026-11-28T06:01:16.123Z info container started id=4f2a… name="web 1"
/// Values with spaces, quotes, '=' or nothing at all are quoted with '"' and '\' escaped.
/// Lines below `min_level` are dropped. Thread-safe: lines never interleave. The stream must
/// outlive the logger. There is no global logger; the daemon's main owns one and passes it on.
class Logger final {
  public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    /// `clock` defaults to the system clock; tests pass a fixed one.
    explicit Logger(std::ostream& out, LogLevel min_level = LogLevel::kInfo, Clock clock = {});

    void Log(LogLevel level, std::string_view message, std::initializer_list<LogField> fields = {});
    void Debug(std::string_view message, std::initializer_list<LogField> fields = {}) {
        Log(LogLevel::kDebug, message, fields);
    }
    void Info(std::string_view message, std::initializer_list<LogField> fields = {}) {
        Log(LogLevel::kInfo, message, fields);
    }
    void Warn(std::string_view message, std::initializer_list<LogField> fields = {}) {
        Log(LogLevel::kWarn, message, fields);
    }
    void Error(std::string_view message, std::initializer_list<LogField> fields = {}) {
        Log(LogLevel::kError, message, fields);
    }

    bool Enabled(LogLevel level) const { return level >= min_level_; }

  private:
    std::ostream& out_;
    LogLevel min_level_;
    Clock clock_;
    std::mutex mutex_;
};

}  // namespace engine
