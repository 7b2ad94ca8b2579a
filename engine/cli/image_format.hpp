#pragma once

#include <chrono>
#include <vector>

#include <nlohmann/json.hpp>

namespace engine::cli {

using TimePoint = std::chrono::system_clock::time_point;

/// Columns of `berth images` (docker's formatter/image.go). Default table, with --digests, and
/// the column titles for each field.
inline constexpr std::string_view kImagesTableFormat =
    "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
inline constexpr std::string_view kImagesDigestsTableFormat =
    "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
nlohmann::json ImageHeaders();

/// One display row per repository:tag of each ImageSummary in `images` (GET /images/json), as
/// docker builds them: repositories sorted, "<none>" for untagged images, a row per digest when
/// `digests`, full "sha256:" ids when `no_trunc`. Fields: ID, Repository, Tag, Digest,
/// CreatedSince, CreatedAt, Size, Containers, VirtualSize, SharedSize, UniqueSize.
std::vector<nlohmann::json> ImageRows(const nlohmann::json& images, bool digests, bool no_trunc, TimePoint now);

/// Columns of `berth image history`.
inline constexpr std::string_view kHistoryTableFormat =
    "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
nlohmann::json HistoryHeaders();

/// Rows for GET /images/{name}/history: human sizes and ages when `human` (else RFC 3339 dates
/// and byte counts), CreatedBy cut to 45 columns with "…" unless `no_trunc`.
/// Fields: ID, CreatedSince, CreatedAt, CreatedBy, Size, Comment.
std::vector<nlohmann::json> HistoryRows(const nlohmann::json& history, bool human, bool no_trunc, TimePoint now);

/// Columns of `berth system df`.
inline constexpr std::string_view kDiskUsageTableFormat =
    "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
nlohmann::json DiskUsageHeaders();

/// The four summary rows (Images, Containers, Local Volumes, Build Cache) of GET /system/df,
/// computed as docker's formatter/disk_usage.go does. Fields: Type, TotalCount, Active, Size,
/// Reclaimable.
std::vector<nlohmann::json> DiskUsageRows(const nlohmann::json& usage);

}  // namespace engine::cli
