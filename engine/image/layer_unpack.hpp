#pragma once

#include <cstdint>
#include <filesystem>

#include "engine/image/content_store.hpp"

namespace engine::image {

/// Streams the uncompressed content of `file` into `writer`: a tar as it is, or one compressed
/// with any filter libarchive detects (gzip, zstd, xz, bzip2). The content itself is not
/// parsed. Throws Error(kInvalidArgument) naming the file when it cannot be decompressed.
void DecompressInto(const std::filesystem::path& file, ContentWriter& writer);

/// Unpacks the uncompressed layer tar `tar_file` into the existing directory `target`, as a
/// directory an overlayfs lowerdir can use: ownership, modes, mtimes, xattrs, hardlinks,
/// symlinks and devices kept (ownership, devices and trusted.* xattrs need root); OCI
/// whiteouts become overlayfs ones (".wh.<name>" → character device 0/0 <name>;
/// ".wh..wh..opq" → xattr trusted.overlay.opaque="y" on its directory). Entries that are
/// absolute, contain "..", or would be written through a symlink are refused with
/// Error(kInvalidArgument, "<entry>: ..."); what was already written stays for the caller to
/// remove (it unpacks into a temporary directory).
void UnpackLayer(const std::filesystem::path& tar_file, const std::filesystem::path& target);

/// The disk usage moby reports for a layer (pkg/directory.Size): the sizes of everything
/// under `directory` except directories, each hardlinked inode counted once.
std::uint64_t DirectorySize(const std::filesystem::path& directory);

}  // namespace engine::image
