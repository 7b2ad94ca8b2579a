#include "engine/daemon/container_routes_archive.hpp"

#include <cerrno>
#include <vector>

#include <fcntl.h>
#include <linux/openat2.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine/api/container_time.hpp"
#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

namespace engine::daemon {
namespace {

// Go's os.FileMode type and special bits (io/fs).
constexpr std::uint32_t kGoModeDir = 1u << 31;
constexpr std::uint32_t kGoModeSymlink = 1u << 27;
constexpr std::uint32_t kGoModeDevice = 1u << 26;
constexpr std::uint32_t kGoModeNamedPipe = 1u << 25;
constexpr std::uint32_t kGoModeSocket = 1u << 24;
constexpr std::uint32_t kGoModeSetuid = 1u << 23;
constexpr std::uint32_t kGoModeSetgid = 1u << 22;
constexpr std::uint32_t kGoModeCharDevice = 1u << 21;
constexpr std::uint32_t kGoModeSticky = 1u << 20;

// Go's filepath.Clean of a rooted path: single slashes, no "." elements, ".." applied (and
// dropped at the root).
std::string CleanRooted(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = std::min(path.find('/', start), path.size());
        const std::string_view part = path.substr(start, slash - start);
        if (part == "..") {
            if (!parts.empty()) {
                parts.pop_back();
            }
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = slash + 1;
    }
    std::string clean;
    for (const std::string_view part : parts) {
        clean += "/";
        clean += part;
    }
    return clean.empty() ? "/" : clean;
}

}  // namespace

std::string GoBase(std::string_view path) {
    if (path.empty()) {
        return ".";
    }
    while (path.size() > 1 && path.ends_with('/')) {
        path.remove_suffix(1);
    }
    if (path == "/") {
        return "/";
    }
    const std::size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string AbsoluteContainerPath(std::string_view path) {
    std::string clean = CleanRooted(path);
    if (GoBase(clean) != "." && GoBase(path) == ".") {
        if (!clean.ends_with('/')) {
            clean += "/";
        }
        clean += ".";
    }
    if (!clean.ends_with('/') && path.ends_with('/')) {
        clean += "/";
    }
    return clean;
}

std::uint32_t GoFileMode(mode_t mode) {
    std::uint32_t go = mode & 0777;
    switch (mode & S_IFMT) {
        case S_IFBLK:
            go |= kGoModeDevice;
            break;
        case S_IFCHR:
            go |= kGoModeDevice | kGoModeCharDevice;
            break;
        case S_IFDIR:
            go |= kGoModeDir;
            break;
        case S_IFIFO:
            go |= kGoModeNamedPipe;
            break;
        case S_IFLNK:
            go |= kGoModeSymlink;
            break;
        case S_IFSOCK:
            go |= kGoModeSocket;
            break;
        default:
            break;
    }
    if ((mode & S_ISUID) != 0) {
        go |= kGoModeSetuid;
    }
    if ((mode & S_ISGID) != 0) {
        go |= kGoModeSetgid;
    }
    if ((mode & S_ISVTX) != 0) {
        go |= kGoModeSticky;
    }
    return go;
}

std::string PathStatJson(const PathStat& stat) {
    const nlohmann::ordered_json json{{"name", stat.name},
                                      {"size", stat.size},
                                      {"mode", stat.mode},
                                      {"mtime", api::FormatGoTime(stat.mtime_nanos)},
                                      {"linkTarget", stat.link_target}};
    return json.dump();
}

std::string PathStatHeader(const PathStat& stat) {
    const std::string json = PathStatJson(stat);
    std::string encoded(4 * ((json.size() + 2) / 3) + 1, '\0');
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                       reinterpret_cast<const unsigned char*>(json.data()),
                                       static_cast<int>(json.size()));
    encoded.resize(static_cast<std::size_t>(length));
    return encoded;
}

sys::UniqueFd OpenInRoot(const std::filesystem::path& rootfs, std::string_view path, int flags) {
    const sys::UniqueFd root(
        CheckSyscall(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC), "open rootfs " + rootfs.string()));
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
    // Magic links (/proc/self/root, ...) would leave the root whatever RESOLVE_IN_ROOT says.
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const std::string relative = path.empty() ? std::string(".") : std::string(path);
    const long fd = ::syscall(SYS_openat2, root.get(), relative.c_str(), &how, sizeof how);
    if (fd < 0) {
        const int saved_errno = errno;
        if (saved_errno == ENOENT || saved_errno == ENOTDIR) {
            throw Error(Errc::kNotFound, "no such file or directory: " + std::string(path));
        }
        ThrowErrno("open " + std::string(path) + " in " + rootfs.string(), saved_errno);
    }
    return sys::UniqueFd(static_cast<int>(fd));
}

std::filesystem::path FdPath(int fd) {
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    std::string target(4096, '\0');
    const ssize_t length = ::readlink(link.c_str(), target.data(), target.size());
    if (length < 0) {
        ThrowErrno("readlink " + link, errno);
    }
    target.resize(static_cast<std::size_t>(length));
    return target;
}

std::string TarEntryName(std::string_view relative, const TarTreeOptions& options) {
    std::string name(relative);
    if (options.include_source_dir && options.include == "." && name != ".") {
        name = "./" + name;
    }
    if (!options.rebase.empty()) {
        const std::size_t found = name.find(options.include);
        if (found != std::string::npos) {
            name.replace(found, options.include.size(), options.rebase == "/" ? "" : options.rebase);
        }
    }
    return name;
}

}  // namespace engine::daemon
