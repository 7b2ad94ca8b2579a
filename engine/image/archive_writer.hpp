#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "engine/base/digest.hpp"
#include "engine/image/archive_tar_writer.hpp"

namespace engine::image {

/// One layer of an image to save: its uncompressed tar as the layer store keeps it.
struct SaveLayer {
    Digest diff_id;                  ///< sha256 of the tar; the config's rootfs.diff_ids entry
    std::filesystem::path tar_path;  ///< the uncompressed layer tar
    std::uint64_t size;              ///< its size in bytes
};

/// One image to save.
struct SaveImage {
    std::string config_json;             ///< the exact config bytes (their sha256 is the image ID)
    std::vector<SaveLayer> layers;       ///< bottom first, matching rootfs.diff_ids
    std::vector<std::string> repo_tags;  ///< "busybox:latest"; empty saves the image untagged
};

/// Writes `images` to `sink` as one tar in the format `docker save` writes since Docker 25,
/// which Docker 20.10+ (manifest.json), containerd and OCI tools (index.json) all load:
///
///   blobs/sha256/<hex>  every config, OCI image manifest and uncompressed layer tar, once
///                       each however many images share it
///   index.json          one manifest descriptor per tag, annotated io.containerd.image.name
///                       ("docker.io/library/busybox:latest") and
///                       org.opencontainers.image.ref.name ("latest"); one without
///                       annotations for an untagged image
///   manifest.json       [{"Config":"blobs/sha256/…","RepoTags":[…],"Layers":["blobs/sha256/…"]}]
///   oci-layout          {"imageLayoutVersion": "1.0.0"}
///   repositories        {"busybox":{"latest":"<top layer diff_id hex>"}}, when anything is tagged
///
/// Layer tars are streamed from disk, never held in memory. The output is deterministic:
/// blobs in digest order, then the other files; mtime 0, uid/gid 0.
///
/// Throws Error(kInvalidArgument) before writing anything when an image is inconsistent
/// (config not JSON, rootfs.diff_ids not the layers' diff_ids, a tag that is not "name:tag"),
/// Error(kInternal) when a layer file has not its recorded size, and whatever `sink` throws.
void WriteImageArchive(std::span<const SaveImage> images, const ArchiveSink& sink);

}  // namespace engine::image
