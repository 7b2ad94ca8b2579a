#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/digest.hpp"

namespace engine::image {

/// One image found in an extracted `docker save` archive or OCI image layout.
struct ArchiveImage {
    /// The image config exactly as stored: its sha256 is the image ID.
    std::string config_json;
    /// The layer tars, bottom first, one per config rootfs.diff_ids entry. Each may be plain,
    /// gzip or zstd compressed (OCI layouts may hold compressed blobs); the file names say
    /// nothing about it. Paths point into the extracted directory.
    std::vector<std::filesystem::path> layer_files;
    /// Tags in the familiar form, as `docker load` prints them: "busybox:latest",
    /// "localhost:5000/app:1". Empty for an untagged image ("Loaded image ID: …").
    std::vector<std::string> repo_tags;
    /// The digest the archive names the config by (OCI descriptors, Docker ≥ 25's
    /// "blobs/sha256/<hex>" paths). config_json has already been checked against it; the image
    /// store can use it as the expected image ID. Empty for legacy "<hex>.json" names.
    std::optional<Digest> config_digest_expected;
};

/// The images of an archive extracted by ExtractArchive into `extracted_dir`, found the way
/// `docker load` looks: `manifest.json` (Docker's legacy format and the Docker ≥ 25 dual
/// format), else `index.json` of an OCI image layout (see ReadOciLayout). Archives with
/// neither (Docker < 1.10's `repositories` + per-layer `json` only) are refused.
///
/// Checks what can be checked without unpacking layers: every referenced file exists inside
/// the directory (symbolic links are followed but never out of it), blobs named by digest
/// match it (configs, OCI manifests and indexes, OCI layer blobs), each config is JSON whose
/// rootfs.diff_ids count equals its layer count, and tags are valid "name:tag" references.
/// The diff IDs themselves are the layer store's to verify when it unpacks the layers.
///
/// Throws Error(kInvalidArgument) (kNotFound for a missing file) with the file of the archive
/// that is wrong first: `manifest.json: Config "x.json": not found in the archive`,
/// `index.json: manifest sha256:…: blob digest mismatch: got sha256:…`.
std::vector<ArchiveImage> ReadImageArchive(const std::filesystem::path& extracted_dir);

}  // namespace engine::image
