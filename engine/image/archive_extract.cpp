#include "engine/image/archive_extract.hpp"

#include <cerrno>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

namespace engine::image {
namespace {

/// Symbolic links followed while resolving one name, as Linux's MAXSYMLINKS.
constexpr int kMaxSymlinkHops = 40;

/// Owns a file descriptor; closing errors are irrelevant here since nothing is written through
/// directory descriptors and file writes are checked by pwrite.
class UniqueFd final {
  public:
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    ~UniqueFd() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    int get() const { return fd_; }

  private:
    int fd_;
};

using ArchivePtr = std::unique_ptr<struct archive, decltype(&archive_read_free)>;

std::string EntryPrefix(std::string_view name) {
    return "entry \"" + std::string(name) + "\": ";
}

Error EntryError(std::string_view name, std::string_view reason) {
    return Error(Errc::kInvalidArgument, EntryPrefix(name) + std::string(reason));
}

/// The components of a relative '/'-separated name, "." and empty ones dropped. Throws
/// Error(kInvalidArgument) with `prefix` and the reason for an absolute name or a ".."
/// component: names inside an archive must not climb, whatever the directories would make of it.
std::vector<std::string> SplitRelative(std::string_view name, std::string_view prefix) {
    if (name.starts_with('/')) {
        throw Error(Errc::kInvalidArgument, std::string(prefix) + "absolute names are not allowed in an image archive");
    }
    std::vector<std::string> parts;
    while (!name.empty()) {
        const std::size_t slash = name.find('/');
        const std::string_view part = name.substr(0, slash);
        name = slash == std::string_view::npos ? std::string_view() : name.substr(slash + 1);
        if (part == "..") {
            throw Error(Errc::kInvalidArgument, std::string(prefix) + "the name leaves the archive (\"..\")");
        }
        if (!part.empty() && part != ".") {
            parts.emplace_back(part);
        }
    }
    return parts;
}

/// Opens (creating when missing) the directory holding `parts`' last component, walking from
/// `root` without following any symbolic link, so no entry can be written through a link.
UniqueFd OpenParent(int root, const std::vector<std::string>& parts, std::string_view name) {
    UniqueFd dir(CheckSyscall(::fcntl(root, F_DUPFD_CLOEXEC, 0), "dup archive root"));
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        const char* part = parts[i].c_str();
        if (::mkdirat(dir.get(), part, 0755) == -1 && errno != EEXIST) {
            const int saved_errno = errno;
            ThrowErrno(EntryPrefix(name) + "mkdir " + parts[i], saved_errno);
        }
        const int next = ::openat(dir.get(), part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next == -1) {
            const int saved_errno = errno;
            if (saved_errno == ELOOP || saved_errno == ENOTDIR) {
                throw EntryError(name, "parent \"" + parts[i] + "\" is not a directory (links cannot be parents)");
            }
            ThrowErrno(EntryPrefix(name) + "open " + parts[i], saved_errno);
        }
        dir = UniqueFd(next);
    }
    return dir;
}

/// Removes a non-directory at `leaf` so a later entry can replace it; a directory stays and
/// makes the caller's create fail with a clear error.
void RemoveExisting(int dir, const std::string& leaf, std::string_view name) {
    if (::unlinkat(dir, leaf.c_str(), 0) == -1 && errno != ENOENT && errno != EISDIR) {
        const int saved_errno = errno;
        ThrowErrno(EntryPrefix(name) + "replace", saved_errno);
    }
}

/// Checks that `target`, read relative to the directory of a link at `link_parts`, stays
/// inside the root lexically. Links through other links are caught later by
/// ResolveArchivePath, which is the only way anything here follows a link.
void CheckSymlinkTarget(const std::vector<std::string>& link_parts, std::string_view target, std::string_view name) {
    if (target.empty() || target.starts_with('/')) {
        throw EntryError(name, "symbolic link to \"" + std::string(target) + "\" is not relative to the archive");
    }
    std::size_t depth = link_parts.size() - 1;
    std::string_view rest = target;
    while (!rest.empty()) {
        const std::size_t slash = rest.find('/');
        const std::string_view part = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (part == "..") {
            if (depth == 0) {
                throw EntryError(name, "symbolic link to \"" + std::string(target) + "\" leaves the archive");
            }
            --depth;
        } else if (!part.empty() && part != ".") {
            ++depth;
        }
    }
}

class Extractor final {
  public:
    Extractor(int root, const ExtractLimits& limits) : root_(root), limits_(limits) {}

    void Entry(struct archive* reader, struct archive_entry* entry) {
        const char* raw_name = archive_entry_pathname(entry);
        const std::string name = raw_name != nullptr ? raw_name : "";
        if (++entries_ > limits_.max_entries) {
            throw EntryError(name, "more than " + std::to_string(limits_.max_entries) + " entries");
        }
        const std::vector<std::string> parts = SplitRelative(name, EntryPrefix(name));
        if (parts.empty()) {
            return;  // "./": the root itself
        }
        const UniqueFd parent = OpenParent(root_, parts, name);
        const std::string& leaf = parts.back();
        if (const char* link = archive_entry_hardlink(entry); link != nullptr) {
            HardLink(parent.get(), leaf, link, name);
            return;
        }
        switch (archive_entry_filetype(entry)) {
            case AE_IFDIR:
                Directory(parent.get(), leaf, name);
                return;
            case AE_IFREG:
                File(reader, entry, parent.get(), leaf, name);
                return;
            case AE_IFLNK:
                Symlink(parent.get(), parts, archive_entry_symlink(entry), name);
                return;
            default:
                throw EntryError(name, "only files, directories and links are allowed in an image archive");
        }
    }

  private:
    void Directory(int parent, const std::string& leaf, std::string_view name) {
        if (::mkdirat(parent, leaf.c_str(), 0755) == 0) {
            return;
        }
        if (errno != EEXIST) {
            const int saved_errno = errno;
            ThrowErrno(EntryPrefix(name) + "mkdir", saved_errno);
        }
        struct stat info {};
        if (::fstatat(parent, leaf.c_str(), &info, AT_SYMLINK_NOFOLLOW) == -1 || !S_ISDIR(info.st_mode)) {
            throw EntryError(name, "cannot create the directory over an earlier entry that is not one");
        }
    }

    void File(struct archive* reader,
              struct archive_entry* entry,
              int parent,
              const std::string& leaf,
              std::string_view name) {
        RemoveExisting(parent, leaf, name);
        const std::string what = EntryPrefix(name);
        UniqueFd file(
            CheckSyscall(::openat(parent, leaf.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644),
                         what + "create"));
        const void* block = nullptr;
        std::size_t size = 0;
        la_int64_t offset = 0;
        for (;;) {
            const int status = archive_read_data_block(reader, &block, &size, &offset);
            if (status == ARCHIVE_EOF) {
                break;
            }
            if (status < ARCHIVE_WARN) {
                throw EntryError(name, archive_error_string(reader));
            }
            total_bytes_ += size;
            if (total_bytes_ > limits_.max_total_bytes) {
                throw EntryError(
                    name, "the archive holds more than " + std::to_string(limits_.max_total_bytes) + " bytes of files");
            }
            WriteAt(file.get(), static_cast<const char*>(block), size, offset, what);
        }
        // A sparse entry may end in a hole, which no block covers: give the file its full size.
        if (archive_entry_size_is_set(entry) != 0) {
            CheckSyscall(::ftruncate(file.get(), archive_entry_size(entry)), what + "truncate");
        }
    }

    static void WriteAt(int fd, const char* data, std::size_t size, la_int64_t offset, const std::string& what) {
        while (size > 0) {
            const ssize_t written = ::pwrite(fd, data, size, offset);
            if (written == -1) {
                const int saved_errno = errno;
                if (saved_errno == EINTR) {
                    continue;
                }
                ThrowErrno(what + "write", saved_errno);
            }
            data += written;
            size -= static_cast<std::size_t>(written);
            offset += written;
        }
    }

    void HardLink(int parent, const std::string& leaf, std::string_view target, std::string_view name) {
        const std::vector<std::string> target_parts =
            SplitRelative(target, EntryPrefix(name) + "hard link to \"" + std::string(target) + "\": ");
        if (target_parts.empty()) {
            throw EntryError(name, "hard link to the archive root");
        }
        const UniqueFd target_parent = OpenParent(root_, target_parts, name);
        RemoveExisting(parent, leaf, name);
        // Flags 0: a link to a symbolic link links the symbolic link itself, never its target.
        CheckSyscall(::linkat(target_parent.get(), target_parts.back().c_str(), parent, leaf.c_str(), 0),
                     EntryPrefix(name) + "hard link to " + std::string(target));
    }

    void Symlink(int parent, const std::vector<std::string>& parts, const char* target, std::string_view name) {
        const std::string_view target_text = target != nullptr ? target : "";
        CheckSymlinkTarget(parts, target_text, name);
        RemoveExisting(parent, parts.back(), name);
        CheckSyscall(::symlinkat(std::string(target_text).c_str(), parent, parts.back().c_str()),
                     EntryPrefix(name) + "symlink");
    }

    int root_;
    const ExtractLimits& limits_;
    std::size_t entries_ = 0;
    std::uint64_t total_bytes_ = 0;
};

}  // namespace

void ExtractArchive(int fd, const std::filesystem::path& destination, const ExtractLimits& limits) {
    const UniqueFd root(
        CheckSyscall(::open(destination.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC), "open " + destination.string()));
    ArchivePtr reader(archive_read_new(), &archive_read_free);
    if (!reader) {
        throw Error(Errc::kInternal, "libarchive: out of memory");
    }
    archive_read_support_format_tar(reader.get());
    archive_read_support_filter_gzip(reader.get());
    archive_read_support_filter_bzip2(reader.get());
    archive_read_support_filter_xz(reader.get());
    archive_read_support_filter_zstd(reader.get());
    if (archive_read_open_fd(reader.get(), fd, 1 << 16) != ARCHIVE_OK) {
        throw Error(
            Errc::kInvalidArgument,
            "not a tar archive (plain, gzip, bzip2, xz or zstd): " + std::string(archive_error_string(reader.get())));
    }
    Extractor extractor(root.get(), limits);
    struct archive_entry* entry = nullptr;
    for (;;) {
        const int status = archive_read_next_header(reader.get(), &entry);
        if (status == ARCHIVE_EOF) {
            return;
        }
        if (status < ARCHIVE_WARN) {
            throw Error(Errc::kInvalidArgument,
                        "corrupt tar archive: " + std::string(archive_error_string(reader.get())));
        }
        extractor.Entry(reader.get(), entry);
    }
}

void ExtractArchive(const std::filesystem::path& archive,
                    const std::filesystem::path& destination,
                    const ExtractLimits& limits) {
    const UniqueFd fd(CheckSyscall(::open(archive.c_str(), O_RDONLY | O_CLOEXEC), "open " + archive.string()));
    ExtractArchive(fd.get(), destination, limits);
}

std::filesystem::path ResolveArchivePath(const std::filesystem::path& root, std::string_view name) {
    const std::vector<std::string> parts = SplitRelative(name, "");
    std::deque<std::string> pending(parts.begin(), parts.end());
    std::vector<std::string> resolved;
    int hops = 0;
    while (!pending.empty()) {
        std::string part = std::move(pending.front());
        pending.pop_front();
        if (part == "..") {
            if (resolved.empty()) {
                throw Error(Errc::kInvalidArgument, "a symbolic link on the way leaves the archive");
            }
            resolved.pop_back();
            continue;
        }
        std::filesystem::path current = root;
        for (const std::string& done : resolved) {
            current /= done;
        }
        current /= part;
        struct stat info {};
        if (::lstat(current.c_str(), &info) == -1) {
            const int saved_errno = errno;
            if (saved_errno == ENOENT || saved_errno == ENOTDIR) {
                throw Error(Errc::kNotFound, "not found in the archive");
            }
            ThrowErrno("stat " + current.string(), saved_errno);
        }
        if (!S_ISLNK(info.st_mode)) {
            resolved.push_back(std::move(part));
            continue;
        }
        if (++hops > kMaxSymlinkHops) {
            throw Error(Errc::kInvalidArgument, "too many levels of symbolic links");
        }
        std::error_code error;
        const std::string target = std::filesystem::read_symlink(current, error).string();
        if (error || target.starts_with('/')) {
            throw Error(Errc::kInvalidArgument, "a symbolic link on the way leaves the archive");
        }
        // The target's components replace the link; ".." among them is handled above.
        std::vector<std::string> target_parts;
        for (const auto& piece : std::filesystem::path(target)) {
            if (!piece.empty() && piece != ".") {
                target_parts.push_back(piece.string());
            }
        }
        pending.insert(pending.begin(), target_parts.begin(), target_parts.end());
    }
    std::filesystem::path result = root;
    for (const std::string& done : resolved) {
        result /= done;
    }
    return result;
}

}  // namespace engine::image
