#pragma once

// GET /containers/{id}/changes: what the container's writable layer changed, computed from
// the overlay upper directory and the image's layer directories as moby's overlay driver
// does (pkg/archive OverlayChanges).

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace engine::daemon {

/// moby's archive.ChangeType values.
enum class ChangeKind : int { kModify = 0, kAdd = 1, kDelete = 2 };

struct ContainerChange {
    std::string path;  ///< absolute inside the container: "/etc/passwd"
    ChangeKind kind = ChangeKind::kModify;
};

/// Walks `upper` in lexical order (a directory before its content) and reports, as moby:
/// a whiteout (character device 0/0) or an opaque directory (trusted.overlay.opaque or
/// user.overlay.opaque "y") that exists in a lower layer as deleted; an entry no lower layer
/// has as added; one a lower layer has as modified, except directories whose size, mode and
/// mtime equal the lower one's (they are only parents of changes). The parent directory of
/// an added or deleted entry is reported as modified before it when not reported yet.
/// `lowers` are the image layers' directories, top first. Throws Error naming the path for
/// unreadable entries.
std::vector<ContainerChange> ComputeChanges(const std::filesystem::path& upper,
                                            std::span<const std::filesystem::path> lowers);

/// [{"Path": "/tmp", "Kind": 0}, ...], or null when nothing changed (moby's nil slice).
nlohmann::json ChangesJson(const std::vector<ContainerChange>& changes);

}  // namespace engine::daemon
