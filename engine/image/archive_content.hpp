#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/base/digest.hpp"
#include "engine/base/error.hpp"

// Helpers shared by the readers of the archive formats (archive_reader.cpp,
// archive_oci_layout.cpp): reading files of an extracted archive safely and checking what
// they say. Errors carry the reason only; callers put the archive file and field in front.

namespace engine::image {

/// Runs `body`; an Error it throws comes out with `context` in front (Error::Wrap).
template <typename Body>
auto WithContext(std::string_view context, Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const Error& error) {
        throw error.Wrap(context);
    }
}

/// The content of the small file `name` (a JSON document) inside the extracted archive
/// `root`, found with ResolveArchivePath. Throws Error(kNotFound) "not found in the archive",
/// Error(kInvalidArgument) when it is not a regular file or larger than 16 MiB.
std::string ReadArchiveFile(const std::filesystem::path& root, std::string_view name);

/// `text` parsed as JSON; Error(kInvalidArgument) "invalid JSON: <parser message>" otherwise.
nlohmann::json ParseArchiveJson(std::string_view text);

/// Checks that `config_json` is an image config object whose rootfs.diff_ids lists exactly
/// `layer_count` layers, as moby's load does before touching any layer.
void CheckConfigLayerCount(std::string_view config_json, std::size_t layer_count);

/// Throws Error(kInvalidArgument) "blob digest mismatch: got sha256:…" unless `bytes` hash to
/// `expected`.
void CheckBytesDigest(std::string_view bytes, const Digest& expected);

/// Streams the regular file at `path` through sha256 and throws like CheckBytesDigest when it
/// does not hash to `expected` or, given `expected_size`, has another size.
void CheckFileDigest(const std::filesystem::path& path, const Digest& expected, std::int64_t expected_size = -1);

/// `text` checked as `docker load` checks a RepoTags entry (a normalized name with a tag and
/// no digest) and returned in the familiar form ("docker.io/library/busybox:1" → "busybox:1").
/// Throws Error(kInvalidArgument) "invalid tag \"x\"" or the reference parser's message.
std::string FamiliarTag(std::string_view text);

}  // namespace engine::image
