#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace engine::cli {

/// go-units HumanSizeWithPrecision: decimal units (B, kB, MB, GB, ...) and `precision` significant
/// digits as Go's "%.*g" prints them: 4270000 → "4.27MB" (precision 3), 999 → "999B",
/// 999500 with precision 3 → "1e+03kB" (the same quirk docker shows).
std::string HumanSizeWithPrecision(double size, int precision);

/// go-units HumanSize: HumanSizeWithPrecision(size, 4) ("Total reclaimed space: 1.234MB").
std::string HumanSize(double size);

/// go-units BytesSize: binary units (B, KiB, MiB, ...) with "%.4g" ("15.61GiB").
std::string BytesSize(double size);

/// go-units HumanDuration: "Less than a second", "1 second", "5 seconds", "About a minute",
/// "3 minutes", "About an hour", "5 hours", "3 days", "2 weeks", "4 months", "2 years".
std::string HumanDuration(std::chrono::nanoseconds duration);

/// What docker shows in CREATED columns: HumanDuration(now - created) + " ago".
std::string CreatedSince(std::int64_t created_unix, std::chrono::system_clock::time_point now);

/// Go's time.Unix(t, 0).String() in the local zone: "2024-01-31 12:00:00 +0100 CET".
std::string GoTimeString(std::int64_t unix_seconds);

/// Go's time.Unix(t, 0).Format(time.RFC3339) in the local zone: "2024-01-31T12:00:00+01:00"
/// ("Z" for UTC).
std::string Rfc3339(std::int64_t unix_seconds);

/// Go's RFC3339NanoFixed for an event time in the local zone: "2024-01-31T12:00:00.000000001Z".
std::string Rfc3339NanoFixed(std::int64_t unix_nanos);

/// docker's stringid.TruncateID: drops an "algo:" prefix and keeps 12 characters.
std::string TruncateId(std::string_view id);

/// docker's formatter.Ellipsis for ASCII and UTF-8 text (counting code points, not display
/// width): `text` when it fits in `max_width`, else its first max_width - 1 code points + "…".
std::string Ellipsis(std::string_view text, std::size_t max_width);

/// go-units RAMInBytes, as docker's memory flags parse: "64m", "1g", "1.5GiB", "512" (bytes);
/// binary multipliers, case-insensitive units. nullopt for anything else.
std::optional<std::int64_t> RamInBytes(std::string_view text);

}  // namespace engine::cli
