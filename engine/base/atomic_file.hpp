#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace engine {

/// Replaces `path` with `content` so that a crash at any moment leaves either the old file or
/// the new one, never a mix: the bytes go to a temporary file in the same directory (created
/// with O_EXCL and a random suffix, see IsTempFileName), which is fsynced, renamed over `path`,
/// and then the directory is fsynced so the rename itself survives a power loss. The file gets
/// exactly `mode` (the umask does not apply). On failure the temporary file is removed and
/// Error is thrown ("write /x/y.json: No space left on device").
///
/// kProcessCrash skips both fsyncs: the replacement is still all-or-nothing when the process
/// dies, not when the machine does. For runtime state under the exec root, which a reboot
/// clears anyway, so container starts do not wait on the disk for it.
enum class Durability { kPowerLoss, kProcessCrash };
void WriteFileAtomically(const std::filesystem::path& path,
                         std::string_view content,
                         mode_t mode = 0644,
                         Durability durability = Durability::kPowerLoss);

/// True for the names WriteFileAtomically gives its temporary files (".<target>.tmp-<hex>").
/// A directory scan can delete such leftovers of a crash.
bool IsTempFileName(std::string_view file_name);

/// The whole content of a regular file. Throws Error (kNotFound when it does not exist).
std::string ReadFile(const std::filesystem::path& path);

/// fsyncs a directory, making renames, creations and unlinks in it durable.
void FsyncDirectory(const std::filesystem::path& directory);

/// Unlinks `path` and fsyncs its directory. Throws Error(kNotFound) when it does not exist.
void RemoveFileDurably(const std::filesystem::path& path);

}  // namespace engine
