#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace engine::cli {

/// docker's timetypes.GetTimestamp for --since/--until: a Go duration ("10m", "1h30m", "1.5s")
/// becomes the Unix second that long before `now`; an RFC 3339 time ("2024-01-31T12:00:00Z",
/// with fraction or offset, or without zone meaning local time) or a date ("2024-01-31", local)
/// becomes "seconds.nanoseconds"; a Unix timestamp ("1700000000", "1700000000.5") passes as is.
/// Throws ExitError(1, "failed to parse value as time or duration: \"x\"") otherwise.
std::string GetTimestamp(std::string_view value, std::chrono::system_clock::time_point now);

/// Parses a Go duration ("300ms", "-1.5h", "2h45m"); false when `text` is not one.
bool ParseGoDuration(std::string_view text, std::chrono::nanoseconds& out);

}  // namespace engine::cli
