#include "engine/image/image_store.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/image/changes.hpp"
#include "engine/image/image_store_records.hpp"

namespace engine::image {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kIdPrefix = "sha256:";

// What the store reads out of an image config.
struct ParsedConfig {
    json document;
    std::vector<Digest> diff_ids;
    std::optional<UnixNanos> created;
};

ParsedConfig ParseImageConfig(std::string_view config_json) {
    ParsedConfig parsed;
    try {
        parsed.document = json::parse(config_json);
        if (!parsed.document.is_object()) {
            throw Error(Errc::kInvalidArgument, "not a JSON object");
        }
        const json& rootfs = parsed.document.at("rootfs");
        if (rootfs.value("type", "") != "layers") {
            throw Error(Errc::kInvalidArgument, "rootfs.type must be \"layers\"");
        }
        for (const json& diff_id : rootfs.value("diff_ids", json::array())) {
            parsed.diff_ids.push_back(Digest::Parse(diff_id.get<std::string>()));
        }
        if (parsed.document.contains("created") && parsed.document["created"].is_string()) {
            parsed.created = ParseRfc3339Nano(parsed.document["created"].get<std::string>());
        }
    } catch (const json::exception& error) {
        throw Error(Errc::kInvalidArgument, std::string("invalid image config: ") + error.what());
    } catch (const Error& error) {
        throw error.Wrap("invalid image config");
    }
    return parsed;
}

bool IsTagChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

// distribution/reference's tag grammar: [\w][\w.-]{0,127}.
void CheckTag(std::string_view tag) {
    const bool valid = !tag.empty() && tag.size() <= 128 && tag.front() != '.' && tag.front() != '-' &&
                       std::all_of(tag.begin(), tag.end(), IsTagChar);
    if (!valid) {
        throw Error(Errc::kInvalidArgument, "invalid tag format");
    }
}

// moby's AddTag checks: a tag never carries a digest, and "sha256" would read as an ID.
Reference TagReference(Reference reference) {
    if (!reference.digest.empty()) {
        throw Error(Errc::kInvalidArgument, "refusing to create a tag with a digest reference");
    }
    reference = WithDefaultTag(std::move(reference));
    if (reference.FamiliarName() == "sha256") {
        throw Error(Errc::kInvalidArgument, "refusing to create an ambiguous tag using digest algorithm as name");
    }
    return reference;
}

UnixNanos SystemNow() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

std::string FamiliarOf(const std::string& normalized) {
    return ParseReference(normalized).Familiar();
}

Labels LabelsOf(const json& image_config) {
    Labels labels;
    const auto found = image_config.find("config");
    if (found == image_config.end()) {
        return labels;
    }
    const json& config = *found;
    if (config.is_object() && config.contains("Labels") && config["Labels"].is_object()) {
        for (const auto& [key, value] : config["Labels"].items()) {
            labels[key] = value.is_string() ? value.get<std::string>() : value.dump();
        }
    }
    return labels;
}

std::vector<std::string> ImageStore::Records::TagsOf(const std::string& id) const {
    std::vector<std::string> result;
    for (const auto& [tag, image_id] : tags) {
        if (image_id == id) {
            result.push_back(tag);
        }
    }
    return result;
}

std::vector<std::string> ImageStore::Records::ChildrenOf(const std::string& id) const {
    std::vector<std::string> result;
    for (const auto& [image_id, entry] : images) {
        if (entry.parent == id) {
            result.push_back(image_id);
        }
    }
    return result;
}

const ImageStore::Entry& ImageStore::Records::Find(std::string_view ref) const {
    if (IsFullImageId(ref)) {
        const std::string id =
            ref.starts_with(kIdPrefix) ? std::string(ref) : std::string(kIdPrefix) + std::string(ref);
        const auto found = images.find(id);
        if (found == images.end()) {
            throw Error(Errc::kNotFound, "No such image: " + id);
        }
        return found->second;
    }
    const Reference parsed = ParseReference(ref);
    if (parsed.digest.empty()) {
        if (const auto tagged = tags.find(WithDefaultTag(parsed).String()); tagged != tags.end()) {
            return images.at(tagged->second);
        }
    }
    // Last, a prefix of the hex ID (moby's imageStore.Search), with or without "sha256:".
    const std::string_view hex = ref.starts_with(kIdPrefix) ? ref.substr(kIdPrefix.size()) : ref;
    const bool is_hex = !hex.empty() && std::all_of(hex.begin(), hex.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
    const std::string prefix = std::string(kIdPrefix) + std::string(hex);
    auto match = is_hex ? images.lower_bound(prefix) : images.end();
    if (match != images.end() && match->first.starts_with(prefix)) {
        const auto next = std::next(match);
        if (next == images.end() || !next->first.starts_with(prefix)) {
            return match->second;
        }
        throw Error(
            Errc::kNotFound,
            "No such image: " + parsed.Familiar() + " (the ID prefix matches several images; give more of the ID)");
    }
    throw Error(Errc::kNotFound, "No such image: " + parsed.Familiar());
}

TagChange ImageStore::Records::AddTag(const Reference& reference, const std::string& id, UnixNanos now) {
    std::string& target = tags[reference.String()];
    TagChange change{reference.Familiar(), target == id ? "" : target};
    target = id;
    images.at(id).last_tag_time = now;
    return change;
}

ImageStore::ImageStore(fs::path root, Clock clock)
    : records_file_(root / "images.json"),
      clock_(clock ? std::move(clock) : Clock(SystemNow)),
      content_(root),
      layers_(root, content_),
      records_(std::make_unique<Records>()) {
    Load();
}

ImageStore::~ImageStore() = default;

ImageStore::Entry ImageStore::LoadEntry(const std::string& id, const json& record) const {
    const ParsedConfig parsed = ParseImageConfig(content_.Read(Digest::Parse(id)));
    Entry entry{id,
                record.value("parent", ""),
                record.value("stored_at", UnixNanos{0}),
                record.value("last_tag_time", UnixNanos{0}),
                0,
                std::make_shared<const json>(parsed.document),
                {}};
    entry.created = parsed.created.value_or(entry.stored_at);
    for (const Digest& chain_id : ChainIds(parsed.diff_ids)) {
        std::optional<LayerInfo> layer = layers_.Get(chain_id);
        if (!layer) {
            throw Error(Errc::kNotFound, "layer " + chain_id.String() + " missing");
        }
        entry.layers.push_back(*layer);
    }
    return entry;
}

void ImageStore::Load() {
    if (!fs::exists(records_file_)) {
        RemoveUnreferenced();
        return;
    }
    json stored;
    try {
        stored = json::parse(ReadFile(records_file_));
        if (!stored.at("images").is_object() || !stored.at("tags").is_object()) {
            throw Error(Errc::kInternal, "read " + records_file_.string() + ": images and tags must be objects");
        }
    } catch (const json::exception& error) {
        throw Error(Errc::kInternal, "read " + records_file_.string() + ": " + error.what());
    }
    Records records;
    for (const auto& [id, record] : stored.at("images").items()) {
        try {
            records.images.emplace(id, LoadEntry(id, record));
        } catch (const Error& error) {
            open_problems_.push_back("image " + id + ": " + error.what() + "; dropped");
        }
    }
    for (const auto& [tag, id] : stored.at("tags").items()) {
        if (records.images.contains(id.get<std::string>())) {
            records.tags[tag] = id.get<std::string>();
        }
    }
    *records_ = std::move(records);
    if (!open_problems_.empty()) {
        Persist(*records_);
    }
    RemoveUnreferenced();
}

void ImageStore::Persist(const Records& records) const {
    json images = json::object();
    for (const auto& [id, entry] : records.images) {
        images[id] = {{"parent", entry.parent}, {"stored_at", entry.stored_at}, {"last_tag_time", entry.last_tag_time}};
    }
    const json document = {{"images", images}, {"tags", records.tags}};
    WriteFileAtomically(records_file_, document.dump(2) + "\n");
}

void ImageStore::Commit(Records next) {
    Persist(next);
    *records_ = std::move(next);
}

void ImageStore::RemoveUnreferenced() {
    std::set<std::string> used_layers;
    std::set<std::string> used_blobs;
    for (const auto& [id, entry] : records_->images) {
        used_blobs.insert(Digest::Parse(id).hex());
        for (const LayerInfo& layer : entry.layers) {
            used_layers.insert(layer.chain_id.hex());
            used_blobs.insert(layer.diff_id.hex());
        }
    }
    for (const LayerInfo& layer : layers_.List()) {
        if (!used_layers.contains(layer.chain_id.hex())) {
            layers_.Delete(layer.chain_id);
        }
    }
    for (const Digest& blob : content_.List()) {
        if (!used_blobs.contains(blob.hex())) {
            content_.Delete(blob);
        }
    }
}

CreatedImage ImageStore::Create(std::string_view config_json,
                                std::span<const fs::path> layer_files,
                                std::span<const std::string> tags) {
    std::vector<Reference> references;
    for (const std::string& tag : tags) {
        references.push_back(TagReference(ParseReference(tag)));
    }
    const ParsedConfig parsed = ParseImageConfig(config_json);
    if (parsed.diff_ids.size() != layer_files.size()) {
        throw Error(Errc::kInvalidArgument,
                    "image config lists " + std::to_string(parsed.diff_ids.size()) + " layers (rootfs.diff_ids) but " +
                        std::to_string(layer_files.size()) + " layer files were given");
    }
    const std::lock_guard lock(mutex_);
    try {
        std::vector<LayerInfo> layers;
        std::optional<Digest> parent;
        for (std::size_t i = 0; i < layer_files.size(); ++i) {
            layers.push_back(layers_.Register(layer_files[i], parent));
            if (layers.back().diff_id != parsed.diff_ids[i]) {
                throw Error(Errc::kInvalidArgument,
                            "layer " + std::to_string(i) + " (" + layer_files[i].string() + ") has diff ID " +
                                layers.back().diff_id.String() + " but the config's rootfs.diff_ids[" +
                                std::to_string(i) + "] is " + parsed.diff_ids[i].String());
            }
            parent = layers.back().chain_id;
        }
        return CreateLocked(config_json, layers, references);
    } catch (...) {
        RemoveUnreferenced();  // the layers and blobs just added, unless another image has them
        throw;
    }
}

CreatedImage ImageStore::CreateLocked(std::string_view config_json,
                                      const std::vector<LayerInfo>& layers,
                                      const std::vector<Reference>& tags) {
    const ParsedConfig parsed = ParseImageConfig(config_json);
    const std::string id = content_.Put(config_json).String();
    const UnixNanos now = clock_();
    Records next = *records_;
    if (!next.images.contains(id)) {
        next.images.emplace(
            id,
            Entry{id, "", now, 0, parsed.created.value_or(now), std::make_shared<const json>(parsed.document), layers});
    }
    CreatedImage created{id, {}};
    for (const Reference& tag : tags) {
        created.tags.push_back(next.AddTag(tag, id, now));
    }
    Commit(std::move(next));
    return created;
}

CreatedImage ImageStore::Import(const fs::path& rootfs_tar, const ImportOptions& options) {
    std::vector<Reference> tags;
    if (!options.repository.empty()) {
        Reference reference = ParseReference(options.repository);
        if (!reference.digest.empty()) {
            throw Error(Errc::kInvalidArgument, "cannot import digest reference");
        }
        if (!options.tag.empty()) {
            CheckTag(options.tag);
            reference.tag = options.tag;
        }
        tags.push_back(TagReference(reference));
    }
    const json container_config = ApplyChanges(EmptyContainerConfig(), options.changes);
    const std::string message = options.message.empty() ? "Imported from " + options.source : options.message;
    const std::lock_guard lock(mutex_);
    try {
        const LayerInfo layer = layers_.Register(rootfs_tar, std::nullopt);
        const std::string created = FormatRfc3339Nano(clock_());
        json config = {
            {"architecture", options.architecture},
            {"comment", message},
            {"config", container_config},
            {"container_config", EmptyContainerConfig()},
            {"created", created},
            {"history", json::array({{{"created", created}, {"comment", message}}})},
            {"os", options.os},
            {"rootfs", {{"type", "layers"}, {"diff_ids", {layer.diff_id.String()}}}},
        };
        if (!options.variant.empty()) {
            config["variant"] = options.variant;
        }
        return CreateLocked(config.dump(), {layer}, tags);
    } catch (...) {
        RemoveUnreferenced();
        throw;
    }
}

std::string ImageStore::Resolve(std::string_view ref) const {
    const std::lock_guard lock(mutex_);
    return records_->Find(ref).id;
}

TagChange ImageStore::Tag(std::string_view source, std::string_view repository, std::string_view tag) {
    Reference reference = ParseReference(repository);
    if (!tag.empty()) {
        CheckTag(tag);
        reference.tag = std::string(tag);
        reference.digest.clear();
    }
    reference = TagReference(std::move(reference));
    const std::lock_guard lock(mutex_);
    const std::string id = records_->Find(source).id;
    Records next = *records_;
    TagChange change = next.AddTag(reference, id, clock_());
    Commit(std::move(next));
    return change;
}

std::size_t ImageStore::Count() const {
    const std::lock_guard lock(mutex_);
    return records_->images.size();
}

}  // namespace engine::image
