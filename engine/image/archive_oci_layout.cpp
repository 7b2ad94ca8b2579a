#include "engine/image/archive_oci_layout.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/image/archive_content.hpp"
#include "engine/image/archive_extract.hpp"
#include "engine/image/reference.hpp"

namespace engine::image {
namespace {

#if defined(__x86_64__)
constexpr std::string_view kHostArchitecture = "amd64";
#elif defined(__aarch64__)
constexpr std::string_view kHostArchitecture = "arm64";
#elif defined(__arm__)
constexpr std::string_view kHostArchitecture = "arm";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr std::string_view kHostArchitecture = "ppc64le";
#elif defined(__s390x__)
constexpr std::string_view kHostArchitecture = "s390x";
#elif defined(__riscv) && __riscv_xlen == 64
constexpr std::string_view kHostArchitecture = "riscv64";
#else
#error "unknown host architecture: add its GOARCH name"
#endif

constexpr std::string_view kIndexFile = "index.json";
constexpr std::string_view kAnnotationImageName = "io.containerd.image.name";
constexpr std::string_view kAnnotationRefName = "org.opencontainers.image.ref.name";
/// Indexes pointing at indexes: real layouts nest at most once (an image index per tag).
constexpr int kMaxIndexDepth = 4;

bool IsManifestType(std::string_view media_type) {
    return media_type == "application/vnd.oci.image.manifest.v1+json" ||
           media_type == "application/vnd.docker.distribution.manifest.v2+json";
}

bool IsIndexType(std::string_view media_type) {
    return media_type == "application/vnd.oci.image.index.v1+json" ||
           media_type == "application/vnd.docker.distribution.manifest.list.v2+json";
}

bool IsImageConfigType(std::string_view media_type) {
    return media_type == "application/vnd.oci.image.config.v1+json" ||
           media_type == "application/vnd.docker.container.image.v1+json";
}

/// The parts of an OCI descriptor (descriptor.md) the reader uses.
struct Descriptor {
    std::string media_type;
    Digest digest;
    std::int64_t size;
    nlohmann::json annotations;
    nlohmann::json platform;
};

Descriptor ParseDescriptor(const nlohmann::json& value) {
    if (!value.is_object()) {
        throw Error(Errc::kInvalidArgument, "descriptor is not an object");
    }
    const auto media_type = value.find("mediaType");
    const auto digest = value.find("digest");
    const auto size = value.find("size");
    if (media_type == value.end() || !media_type->is_string() || digest == value.end() || !digest->is_string() ||
        size == value.end() || !size->is_number_integer() || size->get<std::int64_t>() < 0) {
        throw Error(Errc::kInvalidArgument, "descriptor needs mediaType, digest and size");
    }
    return Descriptor{.media_type = media_type->get<std::string>(),
                      .digest = Digest::Parse(digest->get<std::string>()),
                      .size = size->get<std::int64_t>(),
                      .annotations = value.value("annotations", nlohmann::json::object()),
                      .platform = value.value("platform", nlohmann::json::object())};
}

/// "manifest sha256:…" or "index sha256:…", to say where in the layout an error is.
std::string Describe(const Descriptor& descriptor) {
    return (IsIndexType(descriptor.media_type) ? "index " : "manifest ") + descriptor.digest.String();
}

std::string BlobName(const Digest& digest) {
    return "blobs/sha256/" + digest.hex();
}

/// The blob a descriptor names, checked against its size and digest before anyone reads it.
std::string ReadBlob(const std::filesystem::path& root, const Descriptor& descriptor) {
    std::string bytes = ReadArchiveFile(root, BlobName(descriptor.digest));
    if (static_cast<std::int64_t>(bytes.size()) != descriptor.size) {
        throw Error(Errc::kInvalidArgument,
                    "blob size mismatch: " + std::to_string(bytes.size()) + " bytes, the descriptor says " +
                        std::to_string(descriptor.size));
    }
    CheckBytesDigest(bytes, descriptor.digest);
    return bytes;
}

/// The "manifests" array of an index blob or of index.json.
nlohmann::json ManifestsOf(std::string_view index_json) {
    nlohmann::json index = ParseArchiveJson(index_json);
    if (!index.is_object() || !index.contains("manifests") || !index["manifests"].is_array()) {
        throw Error(Errc::kInvalidArgument, "not an image index: \"manifests\" is missing");
    }
    return std::move(index["manifests"]);
}

bool MatchesHost(const nlohmann::json& platform) {
    return platform.is_object() && platform.value("os", "") == "linux" &&
           platform.value("architecture", "") == kHostArchitecture;
}

/// The image manifest descriptor `descriptor` leads to: itself, or the host platform's entry
/// of the index it names (recursively). nullopt when an index has no entry for this host.
std::optional<Descriptor> SelectManifest(const std::filesystem::path& root, const Descriptor& descriptor, int depth) {
    if (IsManifestType(descriptor.media_type)) {
        return descriptor;
    }
    if (!IsIndexType(descriptor.media_type)) {
        throw Error(Errc::kInvalidArgument, "unsupported media type \"" + descriptor.media_type + "\"");
    }
    if (depth >= kMaxIndexDepth) {
        throw Error(Errc::kInvalidArgument, "indexes nested more than " + std::to_string(kMaxIndexDepth) + " deep");
    }
    const nlohmann::json manifests = ManifestsOf(ReadBlob(root, descriptor));
    for (std::size_t i = 0; i < manifests.size(); ++i) {
        const Descriptor entry =
            WithContext("entry " + std::to_string(i), [&] { return ParseDescriptor(manifests[i]); });
        if (IsManifestType(entry.media_type) && !MatchesHost(entry.platform)) {
            continue;
        }
        std::optional<Descriptor> selected =
            WithContext(Describe(entry), [&] { return SelectManifest(root, entry, depth + 1); });
        if (selected) {
            return selected;
        }
    }
    return std::nullopt;
}

/// The image a manifest blob describes; nullopt for a manifest of something that is not an
/// image (its config media type says so), which a layout may carry beside images.
std::optional<ArchiveImage> ReadManifest(const std::filesystem::path& root, const Descriptor& descriptor) {
    const nlohmann::json manifest = ParseArchiveJson(ReadBlob(root, descriptor));
    if (!manifest.is_object() || !manifest.contains("config") || !manifest.contains("layers") ||
        !manifest["layers"].is_array()) {
        throw Error(Errc::kInvalidArgument, "not an image manifest: \"config\" or \"layers\" is missing");
    }
    const Descriptor config = WithContext("config", [&] { return ParseDescriptor(manifest["config"]); });
    if (!IsImageConfigType(config.media_type)) {
        return std::nullopt;
    }
    ArchiveImage image;
    image.config_json = WithContext("config " + config.digest.String(), [&] { return ReadBlob(root, config); });
    image.config_digest_expected = config.digest;
    const nlohmann::json& layers = manifest["layers"];
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::string context = "layer " + std::to_string(i + 1);
        const Descriptor layer = WithContext(context, [&] { return ParseDescriptor(layers[i]); });
        WithContext(context + " " + layer.digest.String(), [&] {
            image.layer_files.push_back(ResolveArchivePath(root, BlobName(layer.digest)));
            CheckFileDigest(image.layer_files.back(), layer.digest, layer.size);
        });
    }
    WithContext("config " + config.digest.String(),
                [&] { CheckConfigLayerCount(image.config_json, image.layer_files.size()); });
    return image;
}

/// The familiar tag an index.json entry's annotations give, if any.
std::optional<std::string> TagOf(const nlohmann::json& annotations) {
    const std::string image_name = annotations.value(std::string(kAnnotationImageName), "");
    const std::string ref_name = annotations.value(std::string(kAnnotationRefName), "");
    if (!image_name.empty()) {
        return WithContext(std::string(kAnnotationImageName), [&] { return FamiliarTag(image_name); });
    }
    // OCI's ref.name is usually just a tag ("latest"); only a full "name:tag" names an image.
    if (ref_name.find(':') == std::string::npos) {
        return std::nullopt;
    }
    return WithContext(std::string(kAnnotationRefName), [&] { return FamiliarTag(ref_name); });
}

}  // namespace

std::vector<ArchiveImage> ReadOciLayout(const std::filesystem::path& root) {
    return WithContext(kIndexFile, [&] {
        const nlohmann::json manifests = ManifestsOf(ReadArchiveFile(root, kIndexFile));
        std::vector<ArchiveImage> images;
        std::map<std::string, std::size_t> image_of_manifest;  // manifest digest → index in images
        for (std::size_t i = 0; i < manifests.size(); ++i) {
            const Descriptor entry =
                WithContext("entry " + std::to_string(i), [&] { return ParseDescriptor(manifests[i]); });
            WithContext(Describe(entry), [&] {
                const std::optional<std::string> tag = TagOf(entry.annotations);
                auto known = image_of_manifest.find(entry.digest.String());
                if (known == image_of_manifest.end()) {
                    const std::optional<Descriptor> manifest = SelectManifest(root, entry, 0);
                    if (!manifest) {
                        throw Error(Errc::kNotFound, "no image for linux/" + std::string(kHostArchitecture));
                    }
                    std::optional<ArchiveImage> image = ReadManifest(root, *manifest);
                    if (!image) {
                        return;  // not an image: nothing to load, nothing to tag
                    }
                    images.push_back(std::move(*image));
                    known = image_of_manifest.emplace(entry.digest.String(), images.size() - 1).first;
                }
                if (tag) {
                    images[known->second].repo_tags.push_back(*tag);
                }
            });
        }
        return images;
    });
}

}  // namespace engine::image
