// The tar side of container_routes_archive.hpp: WriteTreeTar (the extraction is in
// container_routes_untar.cpp).

#include <algorithm>
#include <cerrno>
#include <exception>
#include <memory>
#include <vector>

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/daemon/container_routes_archive.hpp"

namespace engine::daemon {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kCopyBlock = 64 * 1024;
constexpr std::string_view kCapabilityXattr = "security.capability";

std::string ArchiveMessage(archive* handle) {
    const char* message = archive_error_string(handle);
    return message != nullptr ? message : "unknown libarchive error";
}

struct EntryDeleter {
    void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};
using Entry = std::unique_ptr<archive_entry, EntryDeleter>;

// The names in an open directory, sorted as filepath.Walk visits them.
std::vector<std::string> SortedNames(int directory, const std::string& shown) {
    const int copy = ::openat(directory, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (copy < 0) {
        ThrowErrno("open directory " + shown, errno);
    }
    DIR* stream = ::fdopendir(copy);
    if (stream == nullptr) {
        const int saved_errno = errno;
        ::close(copy);
        ThrowErrno("read directory " + shown, saved_errno);
    }
    std::vector<std::string> names;
    while (const dirent* item = ::readdir(stream)) {
        const std::string_view name = item->d_name;
        if (name != "." && name != "..") {
            names.emplace_back(name);
        }
    }
    ::closedir(stream);
    std::sort(names.begin(), names.end());
    return names;
}

// Streams one tree into a libarchive pax writer feeding the sink.
class TreeTarWriter final {
  public:
    TreeTarWriter(const TarTreeOptions& options, const image::ArchiveSink& sink)
        : options_(options), sink_(sink), archive_(archive_write_new()), links_(archive_entry_linkresolver_new()) {
        if (archive_ == nullptr || links_ == nullptr) {
            throw Error(Errc::kInternal, "libarchive: out of memory");
        }
        archive_write_set_format_pax_restricted(archive_);
        archive_write_set_bytes_in_last_block(archive_, 1);
        archive_entry_linkresolver_set_strategy(links_, archive_format(archive_));
        if (archive_write_open2(archive_, this, nullptr, &TreeTarWriter::Write, nullptr, nullptr) != ARCHIVE_OK) {
            Fail("open tar stream");
        }
    }
    ~TreeTarWriter() {
        archive_entry_linkresolver_free(links_);
        if (!finished_) {
            archive_write_fail(archive_);  // a broken stream must not end like a complete tar
        }
        archive_write_free(archive_);
    }
    TreeTarWriter(const TreeTarWriter&) = delete;
    TreeTarWriter& operator=(const TreeTarWriter&) = delete;

    void Run(int source_dir) {
        if (options_.include == ".") {
            struct stat info {};
            CheckSyscall(::fstat(source_dir, &info), "stat the source directory");
            if (options_.include_source_dir) {
                AddEntry(source_dir, "", ".", info);
            }
            WalkDirectory(source_dir, "");
        } else {
            Visit(source_dir, options_.include, options_.include);
        }
        if (archive_write_close(archive_) != ARCHIVE_OK) {
            Fail("finish tar stream");
        }
        finished_ = true;
    }

  private:
    static la_ssize_t Write(archive* /*handle*/, void* self, const void* buffer, std::size_t length) {
        auto* writer = static_cast<TreeTarWriter*>(self);
        try {
            writer->sink_(std::string_view(static_cast<const char*>(buffer), length));
            return static_cast<la_ssize_t>(length);
        } catch (...) {
            writer->sink_error_ = std::current_exception();
            return -1;
        }
    }

    [[noreturn]] void Fail(const std::string& what) {
        if (sink_error_) {
            std::rethrow_exception(sink_error_);
        }
        throw Error(Errc::kInternal, what + ": " + ArchiveMessage(archive_));
    }

    void WalkDirectory(int directory, const std::string& relative) {
        for (const std::string& name : SortedNames(directory, relative.empty() ? "." : relative)) {
            Visit(directory, name, relative.empty() ? name : relative + "/" + name);
        }
    }

    void Visit(int parent, const std::string& name, const std::string& relative) {
        struct stat info {};
        if (::fstatat(parent, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT) {
                return;  // gone while we walked (the container runs)
            }
            ThrowErrno("stat " + relative, errno);
        }
        if (S_ISSOCK(info.st_mode)) {
            return;  // tar cannot hold sockets; moby skips them too
        }
        if (!S_ISDIR(info.st_mode)) {
            AddEntry(parent, name, relative, info);
            return;
        }
        const int directory = ::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (directory < 0) {
            ThrowErrno("open directory " + relative, errno);
        }
        const sys::UniqueFd owned(directory);
        AddEntry(directory, "", relative, info);
        WalkDirectory(directory, relative);
    }

    // `name` "" means `parent` is the entry itself (an open directory).
    void AddEntry(int parent, const std::string& name, const std::string& relative, struct stat info) {
        std::string entry_name = TarEntryName(relative, options_);
        if (entry_name.empty()) {
            return;
        }
        sys::UniqueFd file;
        if (S_ISREG(info.st_mode)) {
            file.Reset(::openat(parent, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC));
            if (!file.valid() || ::fstat(file.get(), &info) != 0) {
                ThrowErrno("open " + relative, errno);
            }
        }
        Entry entry(archive_entry_new());
        archive_entry_copy_stat(entry.get(), &info);
        // moby truncates times to seconds and leaves atime and ctime out.
        archive_entry_set_mtime(entry.get(), info.st_mtim.tv_sec, 0);
        archive_entry_unset_atime(entry.get());
        archive_entry_unset_ctime(entry.get());
        archive_entry_unset_birthtime(entry.get());
        if (S_ISDIR(info.st_mode) && !entry_name.ends_with('/')) {
            entry_name += "/";
        }
        archive_entry_copy_pathname(entry.get(), entry_name.c_str());
        if (!S_ISREG(info.st_mode)) {
            archive_entry_set_size(entry.get(), 0);
        }
        if (S_ISLNK(info.st_mode)) {
            std::string target(4096, '\0');
            const ssize_t length = ::readlinkat(parent, name.c_str(), target.data(), target.size());
            if (length < 0) {
                ThrowErrno("readlink " + relative, errno);
            }
            target.resize(static_cast<std::size_t>(length));
            archive_entry_copy_symlink(entry.get(), target.c_str());
        }
        const int xattr_fd = file.valid() ? file.get() : (S_ISDIR(info.st_mode) && name.empty() ? parent : -1);
        if (xattr_fd >= 0) {
            AddCapability(entry.get(), xattr_fd);
        }
        WriteEntry(std::move(entry), file.get(), relative);
    }

    // moby keeps only this one extended attribute (file capabilities) in copies.
    static void AddCapability(archive_entry* entry, int fd) {
        char value[256];
        const ssize_t size = ::fgetxattr(fd, kCapabilityXattr.data(), value, sizeof value);
        if (size > 0) {
            archive_entry_xattr_add_entry(entry, kCapabilityXattr.data(), value, static_cast<std::size_t>(size));
        }
    }

    void WriteEntry(Entry entry, int fd, const std::string& relative) {
        archive_entry* linked = entry.release();
        archive_entry* spare = nullptr;
        // Later names of a hard-linked file become hard links to the first one.
        archive_entry_linkify(links_, &linked, &spare);
        const Entry owned(linked);
        const Entry owned_spare(spare);
        if (linked == nullptr) {
            return;
        }
        const int status = archive_write_header(archive_, linked);
        if (status < ARCHIVE_WARN) {
            Fail("write tar entry " + relative);
        }
        if (fd < 0 || archive_entry_size(linked) == 0 || archive_entry_hardlink(linked) != nullptr) {
            return;
        }
        std::vector<char> buffer(kCopyBlock);
        for (;;) {
            const ssize_t count = ::read(fd, buffer.data(), buffer.size());
            if (count < 0 && errno == EINTR) {
                continue;
            }
            if (count < 0) {
                ThrowErrno("read " + relative, errno);
            }
            if (count == 0) {
                break;  // a file that shrank meanwhile is padded by libarchive
            }
            if (archive_write_data(archive_, buffer.data(), static_cast<std::size_t>(count)) < 0) {
                Fail("write tar data of " + relative);
            }
        }
    }

    const TarTreeOptions& options_;
    const image::ArchiveSink& sink_;
    std::exception_ptr sink_error_;
    archive* archive_;
    archive_entry_linkresolver* links_;
    bool finished_ = false;
};

}  // namespace

void WriteTreeTar(int source_dir, const TarTreeOptions& options, const image::ArchiveSink& sink) {
    TreeTarWriter(options, sink).Run(source_dir);
}

}  // namespace engine::daemon
