#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace engine::image {

/// Nanoseconds since the Unix epoch, UTC: how the image store keeps times.
using UnixNanos = std::int64_t;

/// Formats like Go's time.Format(time.RFC3339Nano) on a UTC time, as moby shows image times:
/// "2024-05-01T10:20:30.12345Z" (trailing zeros of the fraction dropped, no fraction when it is
/// zero). 0 gives "1970-01-01T00:00:00Z"; use kGoZeroTime for Go's zero time.Time.
std::string FormatRfc3339Nano(UnixNanos time);

/// What Go prints for a zero time.Time ("never", e.g. Metadata.LastTagTime of an untagged image).
inline constexpr std::string_view kGoZeroTime = "0001-01-01T00:00:00Z";

/// Parses RFC 3339 with an optional fraction of up to 9 digits and a "Z" or "+hh:mm" zone
/// ("2024-05-01T10:20:30.5+02:00"), the form of an image config's "created". Throws
/// Error(kInvalidArgument) naming the text otherwise.
UnixNanos ParseRfc3339Nano(std::string_view text);

/// Parses a Go duration (time.ParseDuration): a sequence of decimal numbers with units
/// "ns", "us", "µs", "ms", "s", "m", "h" ("1h30m", "1.5s", "-2m"); "0" alone is allowed.
/// Throws Error(kInvalidArgument, "time: invalid duration \"x\"") as Go says it.
std::chrono::nanoseconds ParseGoDuration(std::string_view text);

}  // namespace engine::image
