// GET /containers/{id}/changes, GET /containers/{id}/export, GET/HEAD/PUT /containers/{id}/archive.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/daemon/container_routes_archive.hpp"
#include "engine/daemon/container_routes_changes.hpp"
#include "engine/daemon/container_routes_internal.hpp"

namespace engine::daemon {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTarContentType = "application/x-tar";
constexpr std::string_view kStatHeader = "X-Docker-Container-Path-Stat";

// moby's containerFileNotFound.
Error FileNotFound(std::string_view path, std::string_view container) {
    return Error(Errc::kNotFound,
                 "Could not find the file " + std::string(path) + " in container " + std::string(container));
}

std::string RequiredPath(const api::Query& query) {
    std::string path = query.Get("path");
    if (path.empty()) {
        throw Error(Errc::kInvalidArgument, "path cannot be empty");
    }
    return path;
}

// A path of `docker cp` from the container: its parent directory resolved inside the root
// filesystem (moby's ResolvePath), the last element not followed.
struct CopySource {
    std::string absolute;  // AbsoluteContainerPath of the request's path
    sys::UniqueFd parent;  // the resolved parent directory (or the path itself, see `base`)
    std::string base;      // the last element; "" when `parent` is the path itself
    struct stat info {};
};

CopySource LocateSource(const fs::path& rootfs, const std::string& path, std::string_view container) {
    CopySource source;
    source.absolute = AbsoluteContainerPath(path);
    const std::size_t slash = source.absolute.rfind('/');
    source.base = source.absolute.substr(slash + 1);
    if (source.base == ".") {
        source.base.clear();  // "dir/." is the directory itself
    }
    try {
        source.parent = OpenInRoot(rootfs, source.absolute.substr(0, slash + 1), O_RDONLY | O_DIRECTORY);
    } catch (const Error& error) {
        if (error.code() == Errc::kNotFound) {
            throw FileNotFound(path, container);
        }
        throw;
    }
    const int status = source.base.empty()
                           ? ::fstat(source.parent.get(), &source.info)
                           : ::fstatat(source.parent.get(), source.base.c_str(), &source.info, AT_SYMLINK_NOFOLLOW);
    if (status != 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            throw FileNotFound(path, container);
        }
        ThrowErrno("stat " + source.absolute, errno);
    }
    return source;
}

// moby's StatPath: a symbolic link's target is given fully resolved inside the container.
std::string LinkTarget(const fs::path& rootfs, const CopySource& source) {
    try {
        const sys::UniqueFd target = OpenInRoot(rootfs, source.absolute, O_PATH);
        const sys::UniqueFd root = OpenInRoot(rootfs, "/", O_PATH);
        const fs::path relative = FdPath(target.get()).lexically_relative(FdPath(root.get()));
        return relative == "." ? "/" : "/" + relative.string();
    } catch (const Error&) {
        // A dangling link: its text, made absolute beside the link.
        std::string text(4096, '\0');
        const ssize_t length = ::readlinkat(source.parent.get(), source.base.c_str(), text.data(), text.size());
        text.resize(static_cast<std::size_t>(std::max<ssize_t>(length, 0)));
        if (text.starts_with('/')) {
            return text;
        }
        return (fs::path(source.absolute).parent_path() / text).lexically_normal().string();
    }
}

PathStat StatOf(const fs::path& rootfs, const CopySource& source) {
    PathStat stat;
    stat.name = GoBase(source.absolute);
    stat.size = source.info.st_size;
    stat.mode = GoFileMode(source.info.st_mode);
    stat.mtime_nanos = source.info.st_mtim.tv_sec * 1'000'000'000LL + source.info.st_mtim.tv_nsec;
    if (S_ISLNK(source.info.st_mode)) {
        stat.link_target = LinkTarget(rootfs, source);
    }
    return stat;
}

void HandleArchiveGet(ContainerRoutesContext& context,
                      ApiRequest& request,
                      http::ResponseWriter& response,
                      bool head_only) {
    const std::string path = RequiredPath(request.query);
    const std::string& container = request.Param("id");
    const api::ContainerView view = context.containers.View(container);
    context.containers.WithRootfs(view.id, [&](const fs::path& rootfs) {
        const CopySource source = LocateSource(rootfs, path, container);
        const http::Headers headers = {{std::string(kStatHeader), PathStatHeader(StatOf(rootfs, source))}};
        if (head_only) {
            response.Send(200, "", "", headers);
            return;
        }
        // moby's TarResourceRebase: a directory is archived from inside, a file from its parent,
        // and either way the entries are named after the last element the user asked for.
        TarTreeOptions options{.include = ".", .include_source_dir = true, .rebase = GoBase(source.absolute)};
        sys::UniqueFd directory;
        int tree = source.parent.get();
        if (S_ISDIR(source.info.st_mode) && !source.base.empty()) {
            directory.Reset(
                ::openat(source.parent.get(), source.base.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
            if (!directory.valid()) {
                ThrowErrno("open " + source.absolute, errno);
            }
            tree = directory.get();
        } else if (!S_ISDIR(source.info.st_mode)) {
            options.include = source.base;
        }
        response.BeginStream(200, kTarContentType, headers);
        WriteTreeTar(tree, options, [&response](std::string_view bytes) {
            if (!response.WriteChunk(bytes)) {
                throw Error(Errc::kUnavailable, "copy from the container: the client went away");
            }
        });
        response.EndStream();
    });
    if (!head_only) {
        EmitContainerEvent(context, view, "archive-path");
    }
}

void HandleArchivePut(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const std::string path = RequiredPath(request.query);
    const std::string& container = request.Param("id");
    const bool no_overwrite_dir_non_dir = request.query.BoolValue("noOverwriteDirNonDir");
    const api::ContainerView view = context.containers.View(container);
    if (view.host_config.readonly_rootfs) {
        throw Error(Errc::kInvalidArgument, "container rootfs is marked read-only");
    }
    if (request.http.body_file.empty()) {
        throw Error(Errc::kInvalidArgument, "the request has no body: send a tar archive");
    }
    context.containers.WithRootfs(view.id, [&](const fs::path& rootfs) {
        // Unlike a copy from the container, the last element is followed too: extracting to a
        // link to a directory extracts into that directory (moby's GetResourcePath).
        const std::string absolute = AbsoluteContainerPath(path);
        sys::UniqueFd target;
        try {
            target = OpenInRoot(rootfs, absolute, O_PATH);
        } catch (const Error& error) {
            if (error.code() == Errc::kNotFound) {
                throw FileNotFound(path, container);
            }
            throw;
        }
        struct stat info {};
        CheckSyscall(::fstat(target.get(), &info), "stat " + absolute);
        if (!S_ISDIR(info.st_mode)) {
            throw Error(Errc::kInvalidArgument, "extraction point is not a directory");
        }
        ExtractTarInto(request.http.body_file, FdPath(target.get()), absolute, no_overwrite_dir_non_dir);
    });
    EmitContainerEvent(context, view, "extract-to-dir");
    response.Send(200, "", "");
}

// moby's export: the whole root filesystem, entries named relative to it ("bin/sh").
void HandleExport(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const api::ContainerView view = context.containers.View(request.Param("id"));
    context.containers.WithRootfs(view.id, [&](const fs::path& rootfs) {
        const sys::UniqueFd root = OpenInRoot(rootfs, "/", O_RDONLY | O_DIRECTORY);
        response.BeginStream(200, kTarContentType);
        WriteTreeTar(root.get(), TarTreeOptions{}, [&response](std::string_view bytes) {
            if (!response.WriteChunk(bytes)) {
                throw Error(Errc::kUnavailable, "export: the client went away");
            }
        });
        response.EndStream();
    });
    EmitContainerEvent(context, view, "export");
}

void HandleChanges(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const std::string id = context.containers.Resolve(request.Param("id"));
    const std::vector<fs::path> lowers = context.containers.LowerDirectories(id);
    SendJson(response, 200, ChangesJson(ComputeChanges(context.containers.UpperDirectory(id), lowers)));
}

}  // namespace

void AddContainerFilesystemRoutes(Router& router, ContainerRoutesContext& context) {
    router.Add("GET", "/containers/{id}/changes", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleChanges(context, request, response);
    });
    router.Add("GET", "/containers/{id}/export", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleExport(context, request, response);
    });
    router.Add("GET", "/containers/{id}/archive", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleArchiveGet(context, request, response, false);
    });
    router.Add("HEAD", "/containers/{id}/archive", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleArchiveGet(context, request, response, true);
    });
    router.Add(
        "PUT",
        "/containers/{id}/archive",
        [&context](ApiRequest& request, http::ResponseWriter& response) {
            HandleArchivePut(context, request, response);
        },
        kUploadBody);
}

}  // namespace engine::daemon
