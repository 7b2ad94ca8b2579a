#pragma once

#include <filesystem>
#include <vector>

#include "engine/image/archive_reader.hpp"

namespace engine::image {

/// The images of the OCI image layout at `root` (image-layout.md: `oci-layout`, `index.json`,
/// `blobs/<alg>/<hex>`), as containerd's importer and `docker load` read one without a
/// `manifest.json`:
///
/// - each index.json entry is an image manifest, or an index (or Docker manifest list) from
///   which the manifest for linux and this host's architecture is taken, nested indexes too;
/// - manifests whose config is not an image config (signatures, attestations) are skipped;
/// - entries naming the same manifest are one image with all their tags. A tag comes from the
///   annotation io.containerd.image.name (a full reference), else from
///   org.opencontainers.image.ref.name when that is a full "name:tag" reference; a bare tag
///   without a name leaves the image untagged, as containerd does without --base-name;
/// - every blob read (indexes, manifests, configs, layers) is checked against its descriptor's
///   digest and size, and the config's rootfs.diff_ids count against the manifest's layers.
///
/// Throws Error(kNotFound) for a missing blob, Error(kInvalidArgument) for anything else
/// wrong, with the path through the layout first ("index.json: manifest sha256:…: layer 2
/// sha256:…: blob digest mismatch: got sha256:…").
std::vector<ArchiveImage> ReadOciLayout(const std::filesystem::path& root);

}  // namespace engine::image
