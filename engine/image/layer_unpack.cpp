#include "engine/image/layer_unpack.hpp"

#include <cerrno>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

namespace engine::image {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kWhiteoutMetaPrefix = ".wh..wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
constexpr std::size_t kReadBlock = 1 << 16;

struct ReadArchiveDeleter {
    void operator()(archive* handle) const { archive_read_free(handle); }
};
struct WriteArchiveDeleter {
    void operator()(archive* handle) const { archive_write_free(handle); }
};
using ReadArchive = std::unique_ptr<archive, ReadArchiveDeleter>;
using WriteArchive = std::unique_ptr<archive, WriteArchiveDeleter>;

std::string ArchiveMessage(archive* handle) {
    const char* message = archive_error_string(handle);
    return message != nullptr ? message : "unknown libarchive error";
}

ReadArchive OpenForReading(const fs::path& file, bool raw) {
    ReadArchive reader(archive_read_new());
    if (!reader) {
        throw Error(Errc::kInternal, "libarchive: out of memory");
    }
    archive_read_support_filter_all(reader.get());
    if (raw) {
        archive_read_support_format_raw(reader.get());
    } else {
        archive_read_support_format_tar(reader.get());
    }
    if (archive_read_open_filename(reader.get(), file.c_str(), kReadBlock) != ARCHIVE_OK) {
        throw Error(Errc::kInvalidArgument, "open layer " + file.string() + ": " + ArchiveMessage(reader.get()));
    }
    return reader;
}

Error BadEntry(std::string_view entry, std::string_view why) {
    return Error(Errc::kInvalidArgument, "layer entry \"" + std::string(entry) + "\": " + std::string(why));
}

// The entry's path relative to the layer root, with "." parts and extra slashes dropped;
// "" is the root itself. Absolute paths and ".." are refused rather than rewritten: a layer
// that tries either is not one an honest tool produced.
std::string CleanEntryPath(std::string_view raw) {
    if (raw.starts_with('/')) {
        throw BadEntry(raw, "absolute paths are not allowed in a layer");
    }
    std::string clean;
    std::size_t start = 0;
    while (start <= raw.size()) {
        const std::size_t slash = std::min(raw.find('/', start), raw.size());
        const std::string_view part = raw.substr(start, slash - start);
        if (part == "..") {
            throw BadEntry(raw, "\"..\" would escape the layer root");
        }
        if (!part.empty() && part != ".") {
            clean += (clean.empty() ? "" : "/") + std::string(part);
        }
        start = slash + 1;
    }
    return clean;
}

std::pair<std::string, std::string> SplitParent(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) {
        return {"", path};
    }
    return {path.substr(0, slash), path.substr(slash + 1)};
}

// Creates the missing directories of `relative` under `root` (0755, as moby does for parents
// a tar omits), refusing to pass through a symlink: our own writes get the protection that
// ARCHIVE_EXTRACT_SECURE_SYMLINKS gives libarchive's.
fs::path SafeDirectory(const fs::path& root, const std::string& relative) {
    fs::path current = root;
    std::size_t start = 0;
    while (!relative.empty() && start <= relative.size()) {
        const std::size_t slash = std::min(relative.find('/', start), relative.size());
        current /= relative.substr(start, slash - start);
        struct stat info {};
        if (::lstat(current.c_str(), &info) == 0) {
            if (!S_ISDIR(info.st_mode)) {
                throw BadEntry(relative, "refusing to write through " + current.string() + ", not a directory");
            }
        } else if (errno == ENOENT) {
            CheckSyscall(::mkdir(current.c_str(), 0755), "mkdir " + current.string());
        } else {
            ThrowErrno("lstat " + current.string(), errno);
        }
        start = slash + 1;
    }
    return current;
}

// Rewrites one entry for extraction under `root`. Returns false when the entry is metadata
// to skip; records opaque-directory markers in `opaque_dirs`.
bool PrepareEntry(archive_entry* entry, const fs::path& root, std::vector<std::string>* opaque_dirs) {
    const char* raw_name = archive_entry_pathname(entry);
    const std::string clean = CleanEntryPath(raw_name != nullptr ? raw_name : "");
    const auto [parent, base] = SplitParent(clean);
    if (base == kOpaqueMarker) {
        opaque_dirs->push_back(parent);
        return false;
    }
    if (base.starts_with(kWhiteoutMetaPrefix)) {
        return false;  // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): no meaning for overlayfs
    }
    std::string target = clean;
    if (base.starts_with(kWhiteoutPrefix)) {
        // overlayfs marks a deleted name with a 0/0 character device of that name.
        target = (parent.empty() ? "" : parent + "/") + base.substr(kWhiteoutPrefix.size());
        archive_entry_set_hardlink(entry, nullptr);
        archive_entry_set_symlink(entry, nullptr);
        archive_entry_set_filetype(entry, AE_IFCHR);
        archive_entry_set_rdev(entry, 0);
        archive_entry_set_perm(entry, 0);
        archive_entry_set_size(entry, 0);
    } else if (const char* link = archive_entry_hardlink(entry)) {
        const std::string clean_link = CleanEntryPath(link);
        archive_entry_set_hardlink(entry, (root / clean_link).c_str());
    }
    archive_entry_set_pathname(entry, (target.empty() ? root : root / target).c_str());
    return true;
}

void CopyData(archive* reader, archive* writer, std::string_view name) {
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    for (;;) {
        const int status = archive_read_data_block(reader, &block, &size, &offset);
        if (status == ARCHIVE_EOF) {
            return;
        }
        if (status < ARCHIVE_WARN) {
            throw BadEntry(name, "read: " + ArchiveMessage(reader));
        }
        if (archive_write_data_block(writer, block, size, offset) < ARCHIVE_WARN) {
            throw BadEntry(name, "write: " + ArchiveMessage(writer));
        }
    }
}

WriteArchive OpenDiskWriter() {
    WriteArchive writer(archive_write_disk_new());
    if (!writer) {
        throw Error(Errc::kInternal, "libarchive: out of memory");
    }
    int flags = ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                ARCHIVE_EXTRACT_SECURE_NODOTDOT;
    // Only root can give files away; elsewhere (unit tests) files stay the caller's.
    if (::geteuid() == 0) {
        flags |= ARCHIVE_EXTRACT_OWNER;
    }
    archive_write_disk_set_options(writer.get(), flags);
    // No name lookup: layers carry numeric ids, which must not be remapped through the host's
    // /etc/passwd.
    return writer;
}

void MarkOpaque(const fs::path& root, const std::string& directory) {
    const fs::path path = SafeDirectory(root, directory);
    CheckSyscall(::lsetxattr(path.c_str(), "trusted.overlay.opaque", "y", 1, 0),
                 "set trusted.overlay.opaque on " + path.string());
}

}  // namespace

void DecompressInto(const fs::path& file, ContentWriter& writer) {
    ReadArchive reader = OpenForReading(file, /*raw=*/true);
    archive_entry* entry = nullptr;
    if (archive_read_next_header(reader.get(), &entry) != ARCHIVE_OK) {
        throw Error(Errc::kInvalidArgument, "read layer " + file.string() + ": " + ArchiveMessage(reader.get()));
    }
    std::string buffer(kReadBlock, '\0');
    for (;;) {
        const la_ssize_t got = archive_read_data(reader.get(), buffer.data(), buffer.size());
        if (got == 0) {
            return;
        }
        if (got < 0) {
            throw Error(Errc::kInvalidArgument,
                        "decompress layer " + file.string() + ": " + ArchiveMessage(reader.get()));
        }
        writer.Write(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
    }
}

void UnpackLayer(const fs::path& tar_file, const fs::path& target) {
    // Canonical so that no symlink above the layer root trips ARCHIVE_EXTRACT_SECURE_SYMLINKS.
    const fs::path root = fs::canonical(target);
    ReadArchive reader = OpenForReading(tar_file, /*raw=*/false);
    WriteArchive writer = OpenDiskWriter();
    std::vector<std::string> opaque_dirs;
    archive_entry* entry = nullptr;
    for (;;) {
        const int status = archive_read_next_header(reader.get(), &entry);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN) {
            throw Error(Errc::kInvalidArgument,
                        "read layer " + tar_file.string() + ": " + ArchiveMessage(reader.get()));
        }
        const char* raw_name = archive_entry_pathname(entry);
        const std::string name = raw_name != nullptr ? raw_name : "";
        if (!PrepareEntry(entry, root, &opaque_dirs)) {
            continue;
        }
        if (archive_write_header(writer.get(), entry) < ARCHIVE_WARN) {
            throw BadEntry(name, ArchiveMessage(writer.get()));
        }
        if (archive_entry_size(entry) > 0) {
            CopyData(reader.get(), writer.get(), name);
        }
        if (archive_write_finish_entry(writer.get()) < ARCHIVE_WARN) {
            throw BadEntry(name, ArchiveMessage(writer.get()));
        }
    }
    // Closing applies the deferred directory modes and times.
    if (archive_write_close(writer.get()) < ARCHIVE_WARN) {
        throw Error(Errc::kInternal, "unpack layer " + tar_file.string() + ": " + ArchiveMessage(writer.get()));
    }
    for (const std::string& directory : opaque_dirs) {
        MarkOpaque(root, directory);
    }
}

std::uint64_t DirectorySize(const fs::path& directory) {
    std::uint64_t total = 0;
    std::set<std::pair<dev_t, ino_t>> seen;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(directory)) {
        struct stat info {};
        CheckSyscall(::lstat(entry.path().c_str(), &info), "lstat " + entry.path().string());
        if (S_ISDIR(info.st_mode)) {
            continue;
        }
        if (info.st_nlink > 1 && !seen.insert({info.st_dev, info.st_ino}).second) {
            continue;
        }
        total += static_cast<std::uint64_t>(info.st_size);
    }
    return total;
}

}  // namespace engine::image
