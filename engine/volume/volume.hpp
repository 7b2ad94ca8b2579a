#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace engine::volume {

/// Labels and driver options: string → string, ordered so JSON output is stable. The
/// transparent comparator lets api::Filters::MatchKVList take it as is.
using StringMap = std::map<std::string, std::string, std::less<>>;

/// The only driver Berth has, Docker's default ("local": a directory under the data root,
/// optionally a filesystem mounted there on first use).
inline constexpr std::string_view kLocalDriver = "local";

/// One volume as the store keeps it.
struct Volume {
    std::string name{};
    std::string driver{kLocalDriver};
    /// Where the data lives on the host: <root>/<name>/_data, as Docker's.
    std::filesystem::path mountpoint{};
    std::chrono::system_clock::time_point created_at{};
    /// As the client sent them: absent (JSON null) differs from empty ({}) on the wire.
    std::optional<StringMap> labels{};
    std::optional<StringMap> options{};
    /// Created by the daemon for an image VOLUME or `-v /path` (not named by anyone), so that
    /// `rm -v` removes it with its container.
    bool anonymous = false;
    /// The image content was copied in once (CopyImageContentIfFresh); it never is again.
    bool populated = false;
};

/// Container IDs using a volume (by name); the daemon answers from its containers.
using UsersLookup = std::function<std::vector<std::string>(const std::string& name)>;

/// `time` as Go's time.RFC3339 in UTC, which is what moby shows as CreatedAt:
/// "2016-06-07T20:31:11Z" (whole seconds).
std::string FormatRfc3339(std::chrono::system_clock::time_point time);

}  // namespace engine::volume
