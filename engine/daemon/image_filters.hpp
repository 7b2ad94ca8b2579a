#pragma once

#include <string_view>

#include "engine/api/filters.hpp"
#include "engine/api/query.hpp"
#include "engine/image/go_time.hpp"
#include "engine/image/image_store.hpp"

namespace engine::daemon {

/// GET /images/json's `all` and `filters` (dangling, label, before, since, reference) as moby
/// v20.10 reads them. Throws Error(kInvalidArgument) for an unknown filter ("invalid filter
/// 'x'") or a dangling value other than true/false/1/0.
image::ListOptions ImageListOptions(const api::Query& query);

/// POST /images/prune's filters (dangling, label, label!, until) as moby's ImagesPrune reads
/// them; `now` anchors a relative until ("24h"). Throws Error(kInvalidArgument) likewise.
image::PruneOptions ImagePruneOptions(const api::Filters& filters, image::UnixNanos now);

/// moby's timetypes.GetTimestamp for filter values: a Go duration before `now` ("10m"), an
/// RFC 3339 date or time ("2024-01-02", "2024-01-02T15:04:05Z", zone-less read as UTC), or
/// unix seconds with optional fraction. Throws Error(kInvalidArgument,
/// "failed to parse value as time or duration: \"x\"").
image::UnixNanos ParseFilterTime(std::string_view value, image::UnixNanos now);

}  // namespace engine::daemon
