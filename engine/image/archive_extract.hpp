#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace engine::image {

/// Bounds on what one extraction may create, so a hostile or broken upload cannot fill the
/// disk or the inode table beyond what the daemon already accepted as a request body.
struct ExtractLimits {
    /// Sum of the sizes of all regular files written (the upload limit of the API, 64 GiB).
    std::uint64_t max_total_bytes = std::uint64_t{64} << 30;
    /// Number of tar entries of any kind. An image archive has a handful per layer.
    std::size_t max_entries = 100'000;
};

/// Unpacks the tar stream read from `fd` (plain, or gzip/bzip2/xz/zstd compressed, as
/// `docker load` accepts) into the existing directory `destination`. Reads until the end of
/// the archive; does not close `fd`.
///
/// Only directories, regular files, hard links and symbolic links are accepted. Every entry
/// must stay inside `destination`: absolute names, ".." components, parents that are symbolic
/// links (from this or an earlier entry), hard links to outside, and symbolic links whose target
/// is absolute or leads above the root are refused, as are other entry types (devices, FIFOs).
/// Files get mode 0644 and directories 0755 whatever the archive says: the result is only read.
/// A later entry with the name of an earlier file replaces it, as tar does.
///
/// Throws Error(kInvalidArgument) naming the entry ("entry \"../x\": the name leaves the
/// archive") for a refused entry, a corrupt or truncated stream, or a limit exceeded; an Error
/// from the failed system call otherwise. Files written before the error stay: extract into a
/// fresh directory and remove it on failure.
void ExtractArchive(int fd, const std::filesystem::path& destination, const ExtractLimits& limits = {});

/// ExtractArchive on the file at `archive`; Error(kNotFound) when it does not exist.
void ExtractArchive(const std::filesystem::path& archive,
                    const std::filesystem::path& destination,
                    const ExtractLimits& limits = {});

/// The path of the file called `name` ("blobs/sha256/ab…", "ab…/layer.tar") inside the
/// extracted archive at `root`, with symbolic links inside it followed (Docker's legacy format
/// links a shared layer.tar to an earlier copy) but never out of `root`.
/// Throws Error(kNotFound) when no such file exists and Error(kInvalidArgument) when `name` is
/// absolute or it or a link on the way leads out of `root`; messages name `name` only, the
/// caller adds which file of the archive referenced it.
std::filesystem::path ResolveArchivePath(const std::filesystem::path& root, std::string_view name);

}  // namespace engine::image
