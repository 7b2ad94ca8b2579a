#pragma once

#include <cstdint>
#include <filesystem>

namespace engine::volume {

/// `unsafe_path` (e.g. a mount destination "/var/lib/data") joined to `root` the way a path is
/// resolved inside a chroot: symlinks are followed but absolute targets and ".." start from and
/// stop at `root`, so the result never leaves it (the securejoin rule Docker uses). Components
/// that do not exist are appended as they are. Throws Error(kInvalidArgument) after 40 links
/// (a loop), Error for a component that cannot be examined.
std::filesystem::path ResolveInRoot(const std::filesystem::path& root, const std::filesystem::path& unsafe_path);

/// Copies the content of directory `source` into the existing directory `destination`, then
/// gives `destination` the owner, mode and timestamps of `source`, as Docker fills a fresh
/// volume: directories, regular files, symlinks (copied as links, never followed), device
/// nodes and fifos, each with owner, mode, timestamps and extended attributes (attributes the
/// destination refuses are skipped). Hard links become separate copies; sockets are skipped.
/// Throws Error naming the entry that failed.
void CopyTree(const std::filesystem::path& source, const std::filesystem::path& destination);

/// Gives `destination` the owner, mode, extended attributes and timestamps of `source` (not
/// following a symlink at either). Throws Error naming the step that failed.
void CopyMetadata(const std::filesystem::path& source, const std::filesystem::path& destination);

/// Bytes used by the files under `directory` as moby's directory.Size counts them: the sizes of
/// everything but directories, each inode once (hard links), not crossing into other
/// filesystems. Throws Error when `directory` cannot be read.
std::int64_t DirectorySize(const std::filesystem::path& directory);

}  // namespace engine::volume
