#pragma once

// The byte-level pieces of logs, attach and exec streams: Docker's stdcopy framing, how a
// json-file entry goes on the wire, and the detach-key watch on a client's stdin. Pure, so
// they are tested without connections.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/api/query.hpp"
#include "engine/runtime/monitor/json_log.hpp"

namespace engine::daemon {

/// Docker's stdcopy stream ids (pkg/stdcopy): the first byte of a frame header.
enum class StdStream : std::uint8_t { kStdin = 0, kStdout = 1, kStderr = 2, kSystemErr = 3 };

/// One frame of a multiplexed stream: [stream, 0, 0, 0, size uint32 big-endian] + payload.
std::string MultiplexedFrame(StdStream stream, std::string_view payload);

/// A json-file entry as GET /containers/{id}/logs sends it: with `timestamps`, moby's
/// RFC3339NanoFixed time and a space before the text; framed by its stream unless `tty` (a
/// TTY container's log is raw, all of it stdout).
std::string LogEntryBytes(const runtime::LogEntry& entry, bool tty, bool timestamps);

/// What GET /containers/{id}/logs asks for.
struct LogsQuery {
    bool want_stdout = false;
    bool want_stderr = false;
    bool follow = false;
    bool timestamps = false;
    runtime::LogReadOptions read;
};

/// Reads the logs query as moby does: stdout, stderr, follow, timestamps (booleans), since
/// and until ("<seconds>[.<nanos>]"), tail ("all", "" or a negative number mean everything;
/// moby also reads an unparsable tail as everything). Throws Error(kInvalidArgument, "Bad
/// parameters: you must choose at least one stream") when neither stdout nor stderr is asked
/// for, or a bad since/until.
LogsQuery ParseLogsQuery(const api::Query& query);

/// moby's escapeProxy on a client's stdin: the detach keys (bytes, "\x10\x11" for ctrl-p,
/// ctrl-q) are recognised only when each arrives in a read of its own, as typed keys do, so
/// piped data that happens to contain them is passed on. Bytes of a partial match are held
/// back and passed on once the match fails.
class DetachKeyScanner final {
  public:
    explicit DetachKeyScanner(std::string keys) : keys_(std::move(keys)) {}

    struct Result {
        std::string forward;    ///< bytes for the process's stdin
        bool detached = false;  ///< the whole sequence was typed: end the attach
    };
    /// One read's worth of client bytes.
    Result Feed(std::string_view bytes);

  private:
    std::string keys_;
    std::size_t matched_ = 0;
};

/// The detach keys of an attach or exec: `requested` (moby's ctrl-<c> list) decoded, or
/// ctrl-p,ctrl-q when empty. Throws Error(kInvalidArgument, "Invalid detach keys (x)
/// provided").
std::string DetachKeyBytes(std::string_view requested);

}  // namespace engine::daemon
