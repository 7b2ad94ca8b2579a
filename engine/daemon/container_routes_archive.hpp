#pragma once

// `docker cp` and `docker export` on the daemon side: container paths resolved inside the
// root filesystem (never out of it), moby's path stat header, tars of a tree, and extraction
// of an uploaded tar into a directory.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <sys/stat.h>

#include "engine/image/archive_tar_writer.hpp"
#include "engine/sys/linux/unique_fd.hpp"

namespace engine::daemon {

/// Go's filepath.Base: the last element without trailing slashes; "." for "", "/" for "/".
std::string GoBase(std::string_view path);

/// moby's path argument as an absolute container path: filepath.Join("/", path) (cleaned, ".."
/// stopped at the root), keeping a trailing "/" or "/." the user wrote
/// (archive.PreserveTrailingDotOrSeparator): "tmp/" → "/tmp/", "/tmp/." → "/tmp/.".
std::string AbsoluteContainerPath(std::string_view path);

/// Go's os.FileMode bits for a stat mode (os.ModeDir, ModeSymlink, ... | permissions), as
/// moby's ContainerPathStat carries it.
std::uint32_t GoFileMode(mode_t mode);

/// moby's types.ContainerPathStat.
struct PathStat {
    std::string name;
    std::int64_t size = 0;
    std::uint32_t mode = 0;  ///< GoFileMode
    std::int64_t mtime_nanos = 0;
    std::string link_target;  ///< for a symbolic link, its target resolved in the container
};

/// {"name","size","mode","mtime","linkTarget"} as JSON text.
std::string PathStatJson(const PathStat& stat);

/// The X-Docker-Container-Path-Stat header value: PathStatJson in standard base64.
std::string PathStatHeader(const PathStat& stat);

/// Opens `path` (absolute inside the container) below `rootfs` with openat2's
/// RESOLVE_IN_ROOT: symbolic links and ".." resolve as inside the container. `flags` as for
/// open (O_PATH, O_DIRECTORY, ...). Throws Error(kNotFound) for ENOENT/ENOTDIR, else an Error
/// naming the path.
sys::UniqueFd OpenInRoot(const std::filesystem::path& rootfs, std::string_view path, int flags);

/// The host path of an open file (its /proc/self/fd link): where OpenInRoot arrived.
std::filesystem::path FdPath(int fd);

/// Which part of a directory a tar holds and how it names the entries, as moby's
/// TarWithOptions: `include` is "." (the directory itself) or one name in it; with
/// `include_source_dir` the directory's own entry is written too; `rebase` replaces the first
/// `include` in every name ("/" replaces it with nothing).
struct TarTreeOptions {
    std::string include = ".";
    bool include_source_dir = false;
    std::string rebase;
};

/// The entry name for `relative` ("." or "a/b" relative to the source directory; directories
/// get their "/" from the writer). "" means the entry is not written.
std::string TarEntryName(std::string_view relative, const TarTreeOptions& options);

/// Writes a pax tar of the tree under the open directory `source_dir` (see TarTreeOptions) to
/// `sink`: every file type, owners, modes, mtimes, symbolic link targets, hard links within
/// the tree, security.capability. Walks with *at() calls and O_NOFOLLOW, so nothing outside
/// `source_dir` is read even if the tree changes meanwhile. Throws Error naming the path, or
/// what `sink` throws.
void WriteTreeTar(int source_dir, const TarTreeOptions& options, const image::ArchiveSink& sink);

/// Extracts the tar (optionally compressed) in `archive_file` into the existing directory
/// `destination` (a resolved host path) as moby's Untar for `docker cp`: owners (when root),
/// modes, mtimes and xattrs kept; an existing entry is replaced unless both are directories
/// (which merge). With `no_overwrite_dir_non_dir`, replacing a directory by a non-directory
/// or the other way round fails ("cannot overwrite directory \"/x/a\" with non-directory
/// \"/x\""; paths in messages are shown below `shown_destination`, the container path).
/// Entries are refused (kInvalidArgument) when their name leaves `destination` or a symbolic
/// link would be followed on the way. Files written before an error stay.
void ExtractTarInto(const std::filesystem::path& archive_file,
                    const std::filesystem::path& destination,
                    std::string_view shown_destination,
                    bool no_overwrite_dir_non_dir);

}  // namespace engine::daemon
