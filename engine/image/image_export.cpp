// ImageStore's export side: what `docker save` writes, picked as moby's tarexport does.

#include <algorithm>

#include "engine/image/image_store.hpp"
#include "engine/image/image_store_records.hpp"

namespace engine::image {

ImageExport ImageStore::ExportOf(const Entry& entry, std::vector<std::string> repo_tags) const {
    ImageExport result{content_.Read(Digest::Parse(entry.id)), entry.id, {}, std::move(repo_tags)};
    for (const LayerInfo& layer : entry.layers) {
        result.layers.push_back(ExportLayer{layer.diff_id, content_.Path(layer.diff_id), content_.Size(layer.diff_id)});
    }
    return result;
}

ImageExport ImageStore::ExportImage(const std::string& ref) const {
    const std::lock_guard lock(mutex_);
    const Entry& entry = records_->Find(ref);
    std::vector<std::string> tags;
    for (const std::string& tag : records_->TagsOf(entry.id)) {
        tags.push_back(FamiliarOf(tag));
    }
    return ExportOf(entry, std::move(tags));
}

std::vector<ImageExport> ImageStore::ExportImages(std::span<const std::string> names) const {
    const std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::vector<std::string>>> picked;  // id → tags, in order asked
    const auto add = [&picked](const std::string& id, const std::string& tag) {
        auto found = std::find_if(picked.begin(), picked.end(), [&id](const auto& item) { return item.first == id; });
        if (found == picked.end()) {
            found = picked.insert(picked.end(), {id, {}});
        }
        if (!tag.empty() && std::find(found->second.begin(), found->second.end(), tag) == found->second.end()) {
            found->second.push_back(tag);
        }
    };
    for (const std::string& name : names) {
        const Reference parsed = IsFullImageId(name) ? Reference{} : ParseReference(name);
        if (IsFullImageId(name) || !parsed.tag.empty() || !parsed.digest.empty()) {
            const Entry& entry = records_->Find(name);
            add(entry.id,
                IsFullImageId(name) || records_->tags.count(WithDefaultTag(parsed).String()) == 0
                    ? ""
                    : WithDefaultTag(parsed).Familiar());
            continue;
        }
        bool any = false;
        for (const auto& [tag, id] : records_->tags) {
            if (ParseReference(tag).Name() == parsed.Name()) {
                add(id, FamiliarOf(tag));
                any = true;
            }
        }
        if (!any) {
            add(records_->Find(name).id, "");
        }
    }
    std::vector<ImageExport> exports;
    for (auto& [id, tags] : picked) {
        exports.push_back(ExportOf(records_->images.at(id), std::move(tags)));
    }
    return exports;
}

}  // namespace engine::image
