#pragma once

#include <cstdint>
#include <string>

namespace engine::api {

/// Go's time.Format(time.RFC3339Nano) of a UTC time given as Unix nanoseconds: trailing zeros
/// of the fraction dropped, no fraction when zero ("2024-05-01T10:20:30.12345Z"). 0 gives Go's
/// zero time "0001-01-01T00:00:00Z", which is what moby shows for "never".
std::string FormatGoTime(std::int64_t unix_nanos);

/// go-units HumanDuration of a duration in nanoseconds: "Less than a second", "1 second",
/// "5 seconds", "About a minute", "3 minutes", "About an hour", "5 hours", "3 days",
/// "2 weeks", "4 months", "2 years".
std::string HumanDuration(std::int64_t nanos);

}  // namespace engine::api
