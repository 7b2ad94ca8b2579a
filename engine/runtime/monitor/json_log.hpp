#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/runtime/monitor/unique_fd.hpp"

namespace engine::runtime {

/// Docker's json-file log driver, byte for byte: one JSON object per line,
///   {"log":"hello\n","stream":"stdout","time":"2026-11-28T14:00:00.123456789Z"}
/// with the time in UTC and always nine fractional digits (moby's RFC3339NanoFixed). A line
/// longer than kMaxLogMessage bytes is split into messages of that size without the newline,
/// as Docker's log copier does; readers concatenate them back.
inline constexpr std::size_t kMaxLogMessage = 16 * 1024;

/// "2026-11-28T14:00:00.123456789Z" for nanoseconds since the Unix epoch.
std::string FormatRfc3339Nano(std::int64_t unix_nanos);

/// Parses RFC 3339 with optional fraction (up to nine digits) and "Z" or "+hh:mm" offsets.
/// Throws Error(kInvalidArgument) naming the text otherwise.
std::int64_t ParseRfc3339Nano(std::string_view text);

/// Nanoseconds since the Unix epoch, now.
std::int64_t UnixNanosNow();

/// One log line as json-file stores it, with its "\n" at the end.
std::string FormatJsonLogLine(std::string_view stream, std::string_view message, std::int64_t unix_nanos);

/// Cuts a byte stream into log messages: each complete line (with its '\n'), and each
/// kMaxLogMessage-sized piece of a longer line. Keeps the incomplete rest until more bytes
/// arrive or Flush is called (end of stream).
class LogLineSplitter final {
  public:
    using Emit = std::function<void(std::string_view message)>;

    explicit LogLineSplitter(std::size_t max_message = kMaxLogMessage) : max_message_(max_message) {}

    void Feed(std::string_view bytes, const Emit& emit);
    /// Emits what is left (a last line without newline), if anything.
    void Flush(const Emit& emit);

  private:
    std::size_t max_message_;
    std::string pending_;
};

/// Where and how much a JsonLogWriter keeps. Rotation is Docker's: before a write, when the
/// current file holds max_size bytes or more, <path>.(max_file-2) → .(max_file-1), …,
/// <path>.1 → .2, <path> → .1, and a new <path> is started; with max_file 1 the file is
/// truncated instead. max_size 0 means unlimited (no rotation).
struct JsonLogOptions {
    std::filesystem::path path;
    std::uint64_t max_size = 0;
    int max_file = 1;
};

/// Appends json-file entries to a log file (created 0640 when missing), rotating by size.
/// Not thread-safe: the shim writes from its single loop.
class JsonLogWriter final {
  public:
    /// Opens (or creates) the log; throws Error naming the file.
    explicit JsonLogWriter(JsonLogOptions options);

    /// Writes one message (see LogLineSplitter) of `stream` ("stdout"/"stderr"). Throws Error
    /// on I/O failure (the disk is full, the directory is gone).
    void Write(std::string_view stream, std::string_view message, std::int64_t unix_nanos);

  private:
    void Rotate();
    void Open();

    JsonLogOptions options_;
    UniqueFd fd_;
    std::uint64_t size_ = 0;
};

/// One entry read back from a json-file log.
struct LogEntry {
    std::string stream;  ///< "stdout" or "stderr"
    std::int64_t time_nanos = 0;
    std::string text;  ///< the message, with its '\n' unless it was a split piece or the last line
};

/// Parses one json-file line (without or with its '\n'). Throws Error(kInvalidArgument).
LogEntry ParseJsonLogLine(std::string_view line);

/// What `docker logs` asks for.
struct LogReadOptions {
    std::int64_t since_nanos = 0;     ///< skip entries older than this; 0 = from the start
    std::int64_t until_nanos = 0;     ///< stop at entries newer than this; 0 = no bound
    std::optional<std::size_t> tail;  ///< only the last N entries (over all files); nullopt = all
    bool follow = false;              ///< keep reading new entries, across rotation
    std::chrono::milliseconds poll_interval{100};
};

/// Receives entries in order; returning false stops the reading.
using LogSink = std::function<bool(const LogEntry& entry)>;

/// Asked while following: true ends the follow (after what is already written was read).
using StopRequested = std::function<bool()>;

/// Reads the log at `path` and its rotated files (<path>.1, .2, … oldest last) in time order,
/// passing entries to `sink`. With follow, keeps waiting for new entries (noticing rotation
/// by the inode of `path`) until `stop` returns true or the sink returns false. A last line
/// without newline is being written: it is not passed on until complete. Lines that are not
/// json-file entries are skipped. A missing log is an empty one.
void ReadJsonLog(const std::filesystem::path& path,
                 const LogReadOptions& options,
                 const LogSink& sink,
                 const StopRequested& stop = {});

}  // namespace engine::runtime
