// The read side of ImageStore: list, inspect, history and disk usage, shaped as moby v20.10's
// daemon/images/images.go, image_history.go and disk usage compute them.

#include <algorithm>
#include <map>

#include <fnmatch.h>

#include "engine/base/error.hpp"
#include "engine/image/image_store.hpp"
#include "engine/image/image_store_records.hpp"

namespace engine::image {
namespace {

using nlohmann::json;

// reference.FamiliarMatch: the pattern against "name:tag", then against the name alone.
bool FamiliarMatch(const std::string& pattern, const std::string& normalized) {
    const Reference reference = ParseReference(normalized);
    return fnmatch(pattern.c_str(), reference.Familiar().c_str(), FNM_PATHNAME) == 0 ||
           fnmatch(pattern.c_str(), reference.FamiliarName().c_str(), FNM_PATHNAME) == 0;
}

bool MatchesAny(const std::vector<std::string>& patterns, const std::string& normalized) {
    return std::any_of(patterns.begin(), patterns.end(), [&normalized](const std::string& pattern) {
        return FamiliarMatch(pattern, normalized);
    });
}

UnixNanos HistoryTime(const json& item) {
    if (item.contains("created") && item["created"].is_string()) {
        return ParseRfc3339Nano(item["created"].get<std::string>());
    }
    return 0;
}

}  // namespace

ImageDetails ImageStore::DetailsOf(const Records& records, const Entry& entry) const {
    ImageDetails details;
    details.id = entry.id;
    details.parent = entry.parent;
    for (const std::string& tag : records.TagsOf(entry.id)) {
        details.repo_tags.push_back(FamiliarOf(tag));
    }
    details.config = entry.config;
    details.layers = entry.layers;
    for (const LayerInfo& layer : entry.layers) {
        details.size += layer.size;
    }
    details.created = entry.created;
    details.last_tag_time = entry.last_tag_time;
    details.labels = LabelsOf(*entry.config);
    return details;
}

ImageDetails ImageStore::Inspect(std::string_view ref) const {
    const std::lock_guard lock(mutex_);
    return DetailsOf(*records_, records_->Find(ref));
}

std::vector<ImageDetails> ImageStore::List(const ListOptions& options) const {
    const std::lock_guard lock(mutex_);
    const Records& records = *records_;
    const bool dangling_only = options.dangling.value_or(false);
    const std::optional<UnixNanos> before =
        options.before ? std::optional(records.Find(*options.before).created) : std::nullopt;
    const std::optional<UnixNanos> since =
        options.since ? std::optional(records.Find(*options.since).created) : std::nullopt;
    std::vector<ImageDetails> result;
    for (const auto& [id, entry] : records.images) {
        const bool has_children = !records.ChildrenOf(id).empty();
        if ((dangling_only && has_children) || (before && entry.created >= *before) ||
            (since && entry.created <= *since)) {
            continue;
        }
        if (options.label_match && !options.label_match(LabelsOf(*entry.config))) {
            continue;
        }
        ImageDetails details = DetailsOf(records, entry);
        details.repo_tags.clear();
        for (const std::string& tag : records.TagsOf(id)) {
            if (options.references.empty() || MatchesAny(options.references, tag)) {
                details.repo_tags.push_back(FamiliarOf(tag));
            }
        }
        if (details.repo_tags.empty()) {
            // Untagged: shown as <none>:<none> when it is a head (or `all`), unless a filter
            // asked for tagged images only.
            if ((!options.all && has_children) || (options.dangling && !dangling_only) || !options.references.empty()) {
                continue;
            }
        } else if (dangling_only) {
            continue;
        }
        result.push_back(std::move(details));
    }
    std::stable_sort(result.begin(), result.end(), [](const ImageDetails& a, const ImageDetails& b) {
        return a.created > b.created;
    });
    return result;
}

std::vector<HistoryEntry> ImageStore::History(std::string_view ref) const {
    const std::lock_guard lock(mutex_);
    const Entry& entry = records_->Find(ref);
    std::vector<HistoryEntry> history;
    std::size_t layer = 0;
    for (const json& item : entry.config->value("history", json::array())) {
        HistoryEntry step{
            "<missing>", HistoryTime(item), item.value("created_by", ""), {}, 0, item.value("comment", "")};
        if (!item.value("empty_layer", false)) {
            if (layer >= entry.layers.size()) {
                throw Error(Errc::kInternal, "image " + entry.id + ": too many non-empty layers in History section");
            }
            step.size = entry.layers[layer++].size;
        }
        history.insert(history.begin(), std::move(step));
    }
    // The top entry is the image itself; parents (commit chains) name the entries below.
    const Entry* image = &entry;
    for (HistoryEntry& step : history) {
        step.id = image->id;
        for (const std::string& tag : records_->TagsOf(image->id)) {
            step.tags.push_back(FamiliarOf(tag));
        }
        const auto parent = records_->images.find(image->parent);
        if (parent == records_->images.end()) {
            break;
        }
        image = &parent->second;
    }
    return history;
}

DiskUsage ImageStore::GetDiskUsage(const ContainerUseLookup& uses) const {
    std::vector<ImageDetails> images = List(ListOptions{});
    const std::lock_guard lock(mutex_);
    std::map<std::string, int> layer_refs;
    for (const ImageDetails& image : images) {
        for (const LayerInfo& layer : image.layers) {
            ++layer_refs[layer.chain_id.String()];
        }
    }
    DiskUsage usage;
    for (ImageDetails& image : images) {
        image.containers = uses ? static_cast<std::int64_t>(uses(image.id).size()) : 0;
        image.shared_size = 0;
        for (const LayerInfo& layer : image.layers) {
            if (layer_refs[layer.chain_id.String()] > 1) {
                image.shared_size += static_cast<std::int64_t>(layer.size);
            }
        }
    }
    std::map<std::string, std::uint64_t> used_layers;
    for (const auto& [id, entry] : records_->images) {
        for (const LayerInfo& layer : entry.layers) {
            used_layers[layer.chain_id.String()] = layer.size;
        }
    }
    for (const auto& [chain, size] : used_layers) {
        usage.layers_size += size;
    }
    usage.images = std::move(images);
    return usage;
}

}  // namespace engine::image
