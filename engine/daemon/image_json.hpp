#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "engine/image/image_store.hpp"
#include "engine/image/layer_store.hpp"

namespace engine::daemon {

/// An ImageSummary of GET /images/json (API v1.41), as moby v20.10 fills it: Created in unix
/// seconds, Size = VirtualSize, SharedSize and Containers -1 unless computed (system df), and
/// an image with neither tags nor digests shown as RepoTags ["<none>:<none>"], RepoDigests
/// ["<none>@<none>"].
nlohmann::json ImageSummaryJson(const image::ImageDetails& image);

/// The ImageInspect document of GET /images/{name}/json: Created in RFC 3339 with
/// nanoseconds, Config and ContainerConfig with every field of Go's container.Config,
/// RootFS {Type: "layers", Layers: diff IDs}, GraphDriver overlay2 with the layer directories
/// `layers` holds, Metadata.LastTagTime (Go's zero time when never tagged).
nlohmann::json ImageInspectJson(const image::ImageDetails& image, const image::LayerStore& layers);

/// The HistoryResponseItem array of GET /images/{name}/history (Created in unix seconds).
nlohmann::json HistoryJson(const std::vector<image::HistoryEntry>& history);

/// The ImageDeleteResponseItem array: [{"Untagged": "busybox:latest"}, {"Deleted": "sha256:…"}].
nlohmann::json DeleteRecordsJson(const std::vector<image::DeleteRecord>& records);

/// The POST /images/prune reply: {"ImagesDeleted": [...], "SpaceReclaimed": n}.
nlohmann::json PruneReportJson(const image::PruneReport& report);

/// The image part of GET /system/df: {"LayersSize": n, "Images": [ImageSummary...]}, the
/// shape SystemRoutesContext::image_disk_usage returns.
nlohmann::json DiskUsageJson(const image::DiskUsage& usage);

}  // namespace engine::daemon
