#include "engine/daemon/container_routes_changes.hpp"

#include <algorithm>
#include <cerrno>
#include <set>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

namespace engine::daemon {
namespace {

namespace fs = std::filesystem;

// lstat, with "does not exist" as nullopt. ENOTDIR counts as absent too: a lower layer with
// a file where the path needs a directory does not have the path.
std::optional<struct stat> LstatIfExists(const fs::path& path) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) == 0) {
        return info;
    }
    if (errno == ENOENT || errno == ENOTDIR) {
        return std::nullopt;
    }
    ThrowErrno("lstat " + path.string(), errno);
}

bool IsOpaque(const fs::path& directory) {
    // Rootless and userxattr mounts mark opaque directories in the user namespace.
    for (const char* name : {"trusted.overlay.opaque", "user.overlay.opaque"}) {
        char value[2] = {};
        const ssize_t size = ::lgetxattr(directory.c_str(), name, value, sizeof value);
        if (size == 1 && value[0] == 'y') {
            return true;
        }
    }
    return false;
}

bool ExistsInLayers(std::span<const fs::path> lowers, const std::string& path) {
    return std::any_of(lowers.begin(), lowers.end(), [&](const fs::path& lower) {
        return LstatIfExists(lower / path.substr(1)).has_value();
    });
}

// moby's overlayDeletedFile.
bool IsDeleted(std::span<const fs::path> lowers,
               const fs::path& upper_path,
               const std::string& path,
               const struct stat& info) {
    if (S_ISCHR(info.st_mode) && major(info.st_rdev) == 0 && minor(info.st_rdev) == 0) {
        return true;
    }
    return S_ISDIR(info.st_mode) && IsOpaque(upper_path) && ExistsInLayers(lowers, path);
}

// moby's sameFsTime: equal, or equal seconds when either side lost its nanoseconds.
bool SameTime(const struct timespec& a, const struct timespec& b) {
    return a.tv_sec == b.tv_sec && (a.tv_nsec == b.tv_nsec || a.tv_nsec == 0 || b.tv_nsec == 0);
}

std::string ParentOf(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == 0 ? "/" : path.substr(0, slash);
}

class ChangeWalker final {
  public:
    ChangeWalker(const fs::path& upper, std::span<const fs::path> lowers) : upper_(upper), lowers_(lowers) {}

    std::vector<ContainerChange> Run() {
        WalkChildren("/");
        return std::move(changes_);
    }

  private:
    void WalkChildren(const std::string& directory) {
        const fs::path host = directory == "/" ? upper_ : upper_ / directory.substr(1);
        std::vector<std::string> names;
        std::error_code error;
        for (fs::directory_iterator it(host, error), end; !error && it != end; it.increment(error)) {
            names.push_back(it->path().filename().string());
        }
        if (error) {
            throw Error(Errc::kInternal, "read directory " + host.string() + ": " + error.message());
        }
        std::sort(names.begin(), names.end());  // filepath.Walk's lexical order
        for (const std::string& name : names) {
            Visit(directory == "/" ? "/" + name : directory + "/" + name);
        }
    }

    void Visit(const std::string& path) {
        const fs::path host = upper_ / path.substr(1);
        const std::optional<struct stat> info = LstatIfExists(host);
        if (!info) {
            return;  // removed while we walked (the container runs)
        }
        Record(path, host, *info);
        if (S_ISDIR(info->st_mode)) {
            WalkChildren(path);
        }
    }

    void Record(const std::string& path, const fs::path& host, const struct stat& info) {
        ContainerChange change{path, ChangeKind::kAdd};
        if (IsDeleted(lowers_, host, path, info)) {
            change.kind = ChangeKind::kDelete;
        } else {
            for (const fs::path& lower : lowers_) {
                const std::optional<struct stat> below = LstatIfExists(lower / path.substr(1));
                if (!below) {
                    continue;
                }
                // A directory only copied up because something inside it changed is not a
                // change itself (its parents-of-changes entry comes below).
                if (S_ISDIR(below->st_mode) && S_ISDIR(info.st_mode) && below->st_size == info.st_size &&
                    below->st_mode == info.st_mode && SameTime(below->st_mtim, info.st_mtim)) {
                    return;
                }
                change.kind = ChangeKind::kModify;
                break;
            }
        }
        if (S_ISDIR(info.st_mode)) {
            changed_dirs_.insert(path);
        }
        if (change.kind != ChangeKind::kModify) {
            const std::string parent = ParentOf(path);
            if (parent != "/" && changed_dirs_.insert(parent).second) {
                changes_.push_back({parent, ChangeKind::kModify});
            }
        }
        changes_.push_back(std::move(change));
    }

    const fs::path& upper_;
    std::span<const fs::path> lowers_;
    std::set<std::string> changed_dirs_;
    std::vector<ContainerChange> changes_;
};

}  // namespace

std::vector<ContainerChange> ComputeChanges(const fs::path& upper, std::span<const fs::path> lowers) {
    return ChangeWalker(upper, lowers).Run();
}

nlohmann::json ChangesJson(const std::vector<ContainerChange>& changes) {
    if (changes.empty()) {
        return nullptr;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const ContainerChange& change : changes) {
        list.push_back({{"Path", change.path}, {"Kind", static_cast<int>(change.kind)}});
    }
    return list;
}

}  // namespace engine::daemon
