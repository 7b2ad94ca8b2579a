#include "engine/daemon/image_json.hpp"

#include <string>

#include "engine/image/changes.hpp"
#include "engine/image/go_time.hpp"

namespace engine::daemon {
namespace {

using nlohmann::json;

std::int64_t UnixSeconds(image::UnixNanos time) {
    // Go's Unix() rounds toward the earlier second.
    return time >= 0 ? time / 1'000'000'000 : (time - 999'999'999) / 1'000'000'000;
}

// Go's container.Config always has its non-omitempty fields; stored configs may lack some.
json FullContainerConfig(const json& stored) {
    json config = image::EmptyContainerConfig();
    if (stored.is_object()) {
        for (const auto& [key, value] : stored.items()) {
            config[key] = value;
        }
    }
    return config;
}

std::string Comment(const json& config) {
    if (config.contains("comment") && config["comment"].is_string() && !config["comment"].get<std::string>().empty()) {
        return config["comment"].get<std::string>();
    }
    const json history = config.value("history", json::array());
    return history.is_array() && !history.empty() ? history.back().value("comment", "") : "";
}

// moby's overlay2 driver metadata for the top layer: its own diff is the UpperDir, the layers
// below (nearest first) the LowerDir.
json GraphDriverData(const image::ImageDetails& image, const image::LayerStore& layers) {
    if (image.layers.empty()) {
        return json::object();
    }
    const Digest& top = image.layers.back().chain_id;
    json data = {{"MergedDir", (layers.LayerDirectory(top) / "merged").string()},
                 {"UpperDir", layers.DiffDirectory(top).string()},
                 {"WorkDir", (layers.LayerDirectory(top) / "work").string()}};
    std::string lower;
    for (auto layer = image.layers.rbegin() + 1; layer < image.layers.rend(); ++layer) {
        lower += (lower.empty() ? "" : ":") + layers.DiffDirectory(layer->chain_id).string();
    }
    if (!lower.empty()) {
        data["LowerDir"] = lower;
    }
    return data;
}

}  // namespace

json ImageSummaryJson(const image::ImageDetails& image) {
    const bool dangling = image.repo_tags.empty() && image.repo_digests.empty();
    return {
        {"Containers", image.containers},
        {"Created", UnixSeconds(image.created)},
        {"Id", image.id},
        {"Labels", image.labels},
        {"ParentId", image.parent},
        {"RepoDigests", dangling ? json::array({"<none>@<none>"}) : json(image.repo_digests)},
        {"RepoTags", dangling ? json::array({"<none>:<none>"}) : json(image.repo_tags)},
        {"SharedSize", image.shared_size},
        {"Size", image.size},
        {"VirtualSize", image.size},
    };
}

json ImageInspectJson(const image::ImageDetails& image, const image::LayerStore& layers) {
    const json& config = *image.config;
    json diff_ids = json::array();
    for (const image::LayerInfo& layer : image.layers) {
        diff_ids.push_back(layer.diff_id.String());
    }
    json inspect = {
        {"Id", image.id},
        {"RepoTags", image.repo_tags},
        {"RepoDigests", image.repo_digests},
        {"Parent", image.parent},
        {"Comment", Comment(config)},
        {"Created", image::FormatRfc3339Nano(image.created)},
        {"Container", config.value("container", "")},
        {"ContainerConfig", FullContainerConfig(config.value("container_config", json::object()))},
        {"DockerVersion", config.value("docker_version", "")},
        {"Author", config.value("author", "")},
        {"Config", FullContainerConfig(config.value("config", json::object()))},
        {"Architecture", config.value("architecture", "")},
        {"Os", config.value("os", "")},
        {"Size", image.size},
        {"VirtualSize", image.size},
        {"GraphDriver", {{"Data", GraphDriverData(image, layers)}, {"Name", "overlay2"}}},
        {"RootFS", {{"Type", "layers"}, {"Layers", diff_ids}}},
        {"Metadata",
         {{"LastTagTime",
           image.last_tag_time == 0 ? std::string(image::kGoZeroTime)
                                    : image::FormatRfc3339Nano(image.last_tag_time)}}},
    };
    if (config.contains("variant")) {
        inspect["Variant"] = config["variant"];
    }
    if (config.contains("os.version")) {
        inspect["OsVersion"] = config["os.version"];
    }
    return inspect;
}

json HistoryJson(const std::vector<image::HistoryEntry>& history) {
    json items = json::array();
    for (const image::HistoryEntry& entry : history) {
        items.push_back({{"Comment", entry.comment},
                         {"Created", UnixSeconds(entry.created)},
                         {"CreatedBy", entry.created_by},
                         {"Id", entry.id},
                         {"Size", entry.size},
                         {"Tags", entry.tags}});
    }
    return items;
}

json DeleteRecordsJson(const std::vector<image::DeleteRecord>& records) {
    json items = json::array();
    for (const image::DeleteRecord& record : records) {
        items.push_back(record.untagged.empty() ? json{{"Deleted", record.deleted}}
                                                : json{{"Untagged", record.untagged}});
    }
    return items;
}

json PruneReportJson(const image::PruneReport& report) {
    return {{"ImagesDeleted", DeleteRecordsJson(report.deleted)}, {"SpaceReclaimed", report.space_reclaimed}};
}

json DiskUsageJson(const image::DiskUsage& usage) {
    json images = json::array();
    for (const image::ImageDetails& image : usage.images) {
        images.push_back(ImageSummaryJson(image));
    }
    return {{"LayersSize", usage.layers_size}, {"Images", images}};
}

}  // namespace engine::daemon
