#pragma once

// The image store's in-memory records, shared by its implementation files (image_store.cpp,
// image_delete.cpp, image_query.cpp). Not part of the store's interface.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/image/image_store.hpp"

namespace engine::image {

struct ImageStore::Entry {
    std::string id;  ///< "sha256:<hex>"
    std::string parent;
    UnixNanos stored_at = 0;      ///< when this store got the image
    UnixNanos last_tag_time = 0;  ///< 0: never tagged
    UnixNanos created = 0;        ///< config "created", else stored_at
    /// Shared and immutable: records are copied for every change and listed often.
    std::shared_ptr<const nlohmann::json> config;
    std::vector<LayerInfo> layers;  ///< bottom first
};

/// Values, so an operation can work on a copy and commit it only once it fully succeeded.
struct ImageStore::Records {
    std::map<std::string, Entry> images;      ///< by ID
    std::map<std::string, std::string> tags;  ///< "docker.io/library/busybox:latest" → ID

    /// The normalized tags pointing at `id`, sorted.
    std::vector<std::string> TagsOf(const std::string& id) const;
    /// IDs of the images whose parent is `id`.
    std::vector<std::string> ChildrenOf(const std::string& id) const;
    /// The entry `ref` names (see ImageStore::Resolve). Throws like Resolve.
    const Entry& Find(std::string_view ref) const;
    /// Points the tag `reference` (normalized, with a tag) at `id`, noting the time on the image.
    TagChange AddTag(const Reference& reference, const std::string& id, UnixNanos now);
};

/// "busybox:latest" for a normalized "docker.io/library/busybox:latest".
std::string FamiliarOf(const std::string& normalized);

/// A config's labels (config.Labels), empty when there are none.
Labels LabelsOf(const nlohmann::json& image_config);

}  // namespace engine::image
