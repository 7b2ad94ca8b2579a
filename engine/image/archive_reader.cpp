#include "engine/image/archive_reader.hpp"

#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/image/archive_content.hpp"
#include "engine/image/archive_extract.hpp"
#include "engine/image/archive_oci_layout.hpp"

namespace engine::image {
namespace {

constexpr std::string_view kManifestFile = "manifest.json";
constexpr std::string_view kIndexFile = "index.json";
constexpr std::string_view kRepositoriesFile = "repositories";
constexpr std::string_view kBlobPrefix = "blobs/sha256/";

bool ArchiveHas(const std::filesystem::path& root, std::string_view name) {
    try {
        ResolveArchivePath(root, name);
        return true;
    } catch (const Error& error) {
        if (error.code() == Errc::kNotFound) {
            return false;
        }
        throw;
    }
}

/// The digest a Docker ≥ 25 "blobs/sha256/<hex>" name stands for; nullopt for other names
/// (Docker ≤ 24's "<hex>.json" and "<id>/layer.tar", which promise nothing).
std::optional<Digest> DigestOfBlobName(std::string_view name) {
    if (name.starts_with("./")) {
        name.remove_prefix(2);
    }
    if (!name.starts_with(kBlobPrefix)) {
        return std::nullopt;
    }
    try {
        return Digest::FromSha256Hex(name.substr(kBlobPrefix.size()));
    } catch (const Error&) {
        return std::nullopt;
    }
}

std::string StringField(const nlohmann::json& item, const char* key) {
    const auto field = item.find(key);
    if (field == item.end() || !field->is_string()) {
        throw Error(Errc::kInvalidArgument, std::string("\"") + key + "\" must be a string");
    }
    return field->get<std::string>();
}

/// An array of strings; a missing or null field (Go's nil slice) is empty.
std::vector<std::string> StringsField(const nlohmann::json& item, const char* key) {
    const auto field = item.find(key);
    if (field == item.end() || field->is_null()) {
        return {};
    }
    std::vector<std::string> strings;
    if (field->is_array()) {
        for (const nlohmann::json& value : *field) {
            if (!value.is_string()) {
                break;
            }
            strings.push_back(value.get<std::string>());
        }
    }
    if (!field->is_array() || strings.size() != field->size()) {
        throw Error(Errc::kInvalidArgument, std::string("\"") + key + "\" must be an array of strings");
    }
    return strings;
}

std::filesystem::path LayerFile(const std::filesystem::path& root, const std::string& name) {
    return WithContext("Layers \"" + name + "\"", [&] {
        std::filesystem::path path = ResolveArchivePath(root, name);
        if (!std::filesystem::is_regular_file(path)) {
            throw Error(Errc::kInvalidArgument, "not a regular file");
        }
        return path;
    });
}

/// One element of manifest.json: {"Config": name, "RepoTags": [...], "Layers": [names]}.
ArchiveImage ReadManifestItem(const std::filesystem::path& root, const nlohmann::json& item) {
    if (!item.is_object()) {
        throw Error(Errc::kInvalidArgument, "not an object");
    }
    ArchiveImage image;
    const std::string config_name = StringField(item, "Config");
    const std::vector<std::string> layer_names = StringsField(item, "Layers");
    for (const std::string& tag : StringsField(item, "RepoTags")) {
        image.repo_tags.push_back(WithContext("RepoTags", [&] { return FamiliarTag(tag); }));
    }
    WithContext("Config \"" + config_name + "\"", [&] {
        image.config_json = ReadArchiveFile(root, config_name);
        image.config_digest_expected = DigestOfBlobName(config_name);
        if (image.config_digest_expected) {
            CheckBytesDigest(image.config_json, *image.config_digest_expected);
        }
        CheckConfigLayerCount(image.config_json, layer_names.size());
    });
    for (const std::string& name : layer_names) {
        image.layer_files.push_back(LayerFile(root, name));
    }
    return image;
}

std::vector<ArchiveImage> ReadDockerManifest(const std::filesystem::path& root) {
    return WithContext(kManifestFile, [&] {
        const nlohmann::json manifest = ParseArchiveJson(ReadArchiveFile(root, kManifestFile));
        // moby refuses null too: it "usually indicates a bug"; [] is a valid empty archive.
        if (!manifest.is_array()) {
            throw Error(Errc::kInvalidArgument, "not a JSON array of images");
        }
        std::vector<ArchiveImage> images;
        for (std::size_t i = 0; i < manifest.size(); ++i) {
            images.push_back(
                WithContext("image " + std::to_string(i + 1), [&] { return ReadManifestItem(root, manifest[i]); }));
        }
        return images;
    });
}

}  // namespace

std::vector<ArchiveImage> ReadImageArchive(const std::filesystem::path& extracted_dir) {
    if (ArchiveHas(extracted_dir, kManifestFile)) {
        return ReadDockerManifest(extracted_dir);
    }
    if (ArchiveHas(extracted_dir, kIndexFile)) {
        return ReadOciLayout(extracted_dir);
    }
    if (ArchiveHas(extracted_dir, kRepositoriesFile)) {
        throw Error(Errc::kInvalidArgument,
                    "the archive has only the pre-1.10 \"repositories\" format (no manifest.json or index.json); "
                    "save it again with a newer Docker");
    }
    throw Error(Errc::kInvalidArgument, "not an image archive: it has neither manifest.json nor index.json");
}

}  // namespace engine::image
