#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "engine/api/filters.hpp"

namespace engine::daemon {

/// The filters moby's container and network prunes take: until (created at or before that
/// time), label and label! (key or key=value).
class PruneFilter final {
  public:
    /// Throws Error(kInvalidArgument) for other keys ("invalid filter 'x'"), several until
    /// values or a malformed time. `now` (Unix nanoseconds) anchors durations such as "10m".
    static PruneFilter Parse(const api::Filters& filters, std::int64_t now);

    bool Matches(std::int64_t created, const std::map<std::string, std::string, std::less<>>& labels) const;

  private:
    explicit PruneFilter(api::Filters filters) : filters_(std::move(filters)) {}

    api::Filters filters_;
    std::optional<std::int64_t> until_;
};

}  // namespace engine::daemon
