#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "engine/base/digest.hpp"
#include "engine/image/content_store.hpp"

namespace engine::image {

/// The OCI chain ID of a layer on top of the layer whose chain ID is `parent` (none for a
/// base layer): the diff ID itself for a base layer, else sha256 of "<parent> <diff_id>" over
/// the "sha256:<hex>" strings (image-spec config.md).
Digest ChainId(const std::optional<Digest>& parent, const Digest& diff_id);

/// The chain IDs of a stack of layers given bottom first.
std::vector<Digest> ChainIds(std::span<const Digest> diff_ids);

/// What the store knows of one registered layer.
struct LayerInfo {
    Digest diff_id;                ///< sha256 of the uncompressed tar
    Digest chain_id;               ///< identifies the layer together with everything below it
    std::optional<Digest> parent;  ///< chain ID of the layer below; none for a base layer
    std::uint64_t size = 0;        ///< unpacked size (moby's DiffSize)
    std::uint64_t tar_size = 0;    ///< size of the uncompressed tar blob

    bool operator==(const LayerInfo&) const = default;
};

/// Layers, unpacked once per chain ID into <root>/layers/<chain-hex>/diff (the directory an
/// overlayfs lowerdir uses) with <root>/layers/<chain-hex>/metadata.json beside it. The
/// uncompressed tar of each layer is kept in the content store under its diff ID, so that
/// `docker save` reproduces the exact digests. A layer is unpacked into a temporary directory
/// and renamed into place, so a crash never leaves a half-unpacked layer registered; opening
/// the store removes such leftovers. Thread-safe. Which layers are still needed is the
/// caller's knowledge (the image store), so there is no reference counting here.
class LayerStore final {
  public:
    /// `content` must outlive the store. Throws Error when <root>/layers cannot be made.
    LayerStore(std::filesystem::path root, FileContentStore& content);

    /// Registers the layer tar `tar_file` (plain, gzip or zstd) on top of `parent` (a
    /// registered chain ID, or none for a base layer). Registering a layer that is already
    /// there returns it as it is, without unpacking again. Throws Error(kNotFound) for an
    /// unknown parent, Error(kInvalidArgument) for a tar that cannot be read or unpacked safely.
    LayerInfo Register(const std::filesystem::path& tar_file, const std::optional<Digest>& parent);

    /// The layer with this chain ID, if registered.
    std::optional<LayerInfo> Get(const Digest& chain_id) const;
    /// Every registered layer, sorted by chain ID.
    std::vector<LayerInfo> List() const;
    /// <root>/layers/<chain-hex>: the layer's directory (diff/ is the unpacked content; the
    /// overlay driver puts its work and merged directories beside it).
    std::filesystem::path LayerDirectory(const Digest& chain_id) const;
    /// The unpacked content of the layer: LayerDirectory(chain_id) / "diff".
    std::filesystem::path DiffDirectory(const Digest& chain_id) const { return LayerDirectory(chain_id) / "diff"; }
    /// Unregisters the layer and removes its directory. Its tar blob stays: another chain may
    /// have the same diff ID. Throws Error(kNotFound) when it is not registered.
    void Delete(const Digest& chain_id);

  private:
    LayerInfo Unpack(const Digest& diff_id, const Digest& chain_id, const std::optional<Digest>& parent);
    void RemoveTree(const std::filesystem::path& path) const;

    std::filesystem::path layers_dir_;
    FileContentStore& content_;
    mutable std::mutex mutex_;
};

}  // namespace engine::image
