#include "engine/image/archive_writer.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/image/reference.hpp"

namespace engine::image {
namespace {

constexpr std::string_view kIndexMediaType = "application/vnd.oci.image.index.v1+json";
constexpr std::string_view kManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
constexpr std::string_view kConfigMediaType = "application/vnd.oci.image.config.v1+json";
constexpr std::string_view kLayerMediaType = "application/vnd.oci.image.layer.v1.tar";
constexpr std::string_view kAnnotationImageName = "io.containerd.image.name";
constexpr std::string_view kAnnotationRefName = "org.opencontainers.image.ref.name";
/// moby's ociLayoutContent, space included.
constexpr std::string_view kOciLayoutContent = R"({"imageLayoutVersion": "1.0.0"})";
constexpr std::string_view kBlobDirectory = "blobs/sha256/";

/// Go's encoding/json keeps struct field order; ordered_json lets the documents match moby's.
using OrderedJson = nlohmann::ordered_json;

/// A blob of the layout: bytes in memory (configs, manifests) or a layer tar on disk.
struct Blob {
    std::string bytes;
    std::filesystem::path file;
    std::uint64_t size = 0;
};

OrderedJson DescriptorJson(std::string_view media_type, const Digest& digest, std::uint64_t size) {
    return OrderedJson{{"mediaType", media_type}, {"digest", digest.String()}, {"size", size}};
}

/// The OCI platform of a config (image.Platform() in moby), null when it names none.
OrderedJson PlatformOf(const nlohmann::json& config) {
    if (!config.contains("architecture") || !config.contains("os")) {
        return nullptr;
    }
    OrderedJson platform{{"architecture", config["architecture"]}, {"os", config["os"]}};
    for (const char* key : {"os.version", "os.features", "variant"}) {
        if (config.contains(key) && !config[key].empty()) {
            platform[key] = config[key];
        }
    }
    return platform;
}

/// The config, checked to list exactly the layers' diff IDs so the archive loads anywhere.
nlohmann::json CheckedConfig(const SaveImage& image) {
    nlohmann::json config;
    try {
        config = nlohmann::json::parse(image.config_json);
    } catch (const nlohmann::json::exception& error) {
        throw Error(Errc::kInvalidArgument, std::string("config: invalid JSON: ") + error.what());
    }
    const nlohmann::json* diff_ids = nullptr;
    if (config.is_object() && config.contains("rootfs") && config["rootfs"].is_object()) {
        const nlohmann::json& rootfs = config["rootfs"];
        diff_ids = rootfs.contains("diff_ids") ? &rootfs["diff_ids"] : nullptr;
    }
    bool same = diff_ids != nullptr && diff_ids->is_array() && diff_ids->size() == image.layers.size();
    for (std::size_t i = 0; same && i < image.layers.size(); ++i) {
        same = (*diff_ids)[i] == image.layers[i].diff_id.String();
    }
    if (!same) {
        throw Error(Errc::kInvalidArgument, "config: rootfs.diff_ids do not match the layers given");
    }
    return config;
}

std::vector<Reference> ParseTags(const std::vector<std::string>& repo_tags) {
    std::vector<Reference> tags;
    for (const std::string& text : repo_tags) {
        Reference reference = WithDefaultTag(ParseReference(text));
        if (!reference.digest.empty()) {
            throw Error(Errc::kInvalidArgument, "tag \"" + text + "\": a digest reference cannot be saved as a tag");
        }
        if (std::find(tags.begin(), tags.end(), reference) == tags.end()) {
            tags.push_back(std::move(reference));
        }
    }
    return tags;
}

/// Collects the documents and blobs of the archive, image by image, then writes them.
class LayoutBuilder final {
  public:
    void Add(const SaveImage& image) {
        const nlohmann::json config = CheckedConfig(image);
        const std::vector<Reference> tags = ParseTags(image.repo_tags);
        const OrderedJson platform = PlatformOf(config);

        const Digest config_digest = Sha256Of(image.config_json);
        OrderedJson config_descriptor = DescriptorJson(kConfigMediaType, config_digest, image.config_json.size());
        if (!platform.is_null()) {
            config_descriptor["platform"] = platform;
        }
        OrderedJson layers = OrderedJson::array();
        OrderedJson layer_names = OrderedJson::array();
        for (const SaveLayer& layer : image.layers) {
            layers.push_back(DescriptorJson(kLayerMediaType, layer.diff_id, layer.size));
            layer_names.push_back(std::string(kBlobDirectory) + layer.diff_id.hex());
            blobs_.try_emplace(layer.diff_id.hex(), Blob{.bytes = {}, .file = layer.tar_path, .size = layer.size});
        }
        const std::string manifest = OrderedJson{
            {"schemaVersion", 2},
            {"mediaType", kManifestMediaType},
            {"config", std::move(config_descriptor)},
            {"layers",
             std::move(layers)}}.dump();
        const Digest manifest_digest = Sha256Of(manifest);
        AddIndexEntries(tags, DescriptorJson(kManifestMediaType, manifest_digest, manifest.size()), platform);
        AddManifestItem(image, tags, config_digest, std::move(layer_names));
        blobs_.try_emplace(config_digest.hex(),
                           Blob{.bytes = image.config_json, .file = {}, .size = image.config_json.size()});
        blobs_.try_emplace(manifest_digest.hex(), Blob{.bytes = manifest, .file = {}, .size = manifest.size()});
    }

    void Write(const ArchiveSink& sink) const {
        TarStreamWriter tar(sink);
        tar.AddDirectory("blobs");
        tar.AddDirectory("blobs/sha256");
        for (const auto& [hex, blob] : blobs_) {
            const std::string name = std::string(kBlobDirectory) + hex;
            if (blob.file.empty()) {
                tar.AddFile(name, blob.bytes);
            } else {
                tar.AddFileFrom(name, blob.file, blob.size);
            }
        }
        const OrderedJson index{{"schemaVersion", 2}, {"mediaType", kIndexMediaType}, {"manifests", index_manifests_}};
        tar.AddFile("index.json", index.dump());
        // moby writes these two with json.Encoder, hence the newline; null for no items.
        tar.AddFile("manifest.json", manifest_items_.dump() + "\n");
        tar.AddFile("oci-layout", kOciLayoutContent);
        if (!repositories_.empty()) {
            tar.AddFile("repositories", repositories_.dump() + "\n");
        }
        tar.Finish();
    }

  private:
    void AddIndexEntries(const std::vector<Reference>& tags,
                         const OrderedJson& descriptor,
                         const OrderedJson& platform) {
        if (tags.empty()) {
            index_manifests_.push_back(descriptor);
            if (!platform.is_null()) {
                index_manifests_.back()["platform"] = platform;
            }
        }
        for (const Reference& tag : tags) {
            OrderedJson entry = descriptor;
            entry["annotations"] = OrderedJson{{kAnnotationImageName, tag.String()}, {kAnnotationRefName, tag.tag}};
            if (!platform.is_null()) {
                entry["platform"] = platform;
            }
            index_manifests_.push_back(std::move(entry));
        }
    }

    void AddManifestItem(const SaveImage& image,
                         const std::vector<Reference>& tags,
                         const Digest& config_digest,
                         OrderedJson layer_names) {
        OrderedJson repo_tags = tags.empty() ? OrderedJson(nullptr) : OrderedJson::array();
        for (const Reference& tag : tags) {
            repo_tags.push_back(tag.Familiar());
            if (!image.layers.empty()) {
                repositories_[tag.FamiliarName()][tag.tag] = image.layers.back().diff_id.hex();
            }
        }
        manifest_items_.push_back(OrderedJson{{"Config", std::string(kBlobDirectory) + config_digest.hex()},
                                              {"RepoTags", std::move(repo_tags)},
                                              {"Layers", std::move(layer_names)}});
    }

    std::map<std::string, Blob> blobs_;  ///< by hex digest: sorted output, one copy of shared layers
    OrderedJson index_manifests_ = OrderedJson::array();
    OrderedJson manifest_items_ = OrderedJson::array();
    nlohmann::json repositories_ = nlohmann::json::object();  ///< sorted keys, as Go writes a map
};

}  // namespace

void WriteImageArchive(std::span<const SaveImage> images, const ArchiveSink& sink) {
    LayoutBuilder layout;
    for (std::size_t i = 0; i < images.size(); ++i) {
        try {
            layout.Add(images[i]);
        } catch (const Error& error) {
            const SaveImage& image = images[i];
            throw error.Wrap(
                "image " + (image.repo_tags.empty() ? Sha256Of(image.config_json).String() : image.repo_tags.front()));
        }
    }
    layout.Write(sink);
}

}  // namespace engine::image
