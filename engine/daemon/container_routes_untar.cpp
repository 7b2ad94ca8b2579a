// The extraction side of container_routes_archive.hpp: ExtractTarInto.

#include <algorithm>
#include <cerrno>
#include <memory>
#include <vector>

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/daemon/container_routes_archive.hpp"

namespace engine::daemon {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kReadBlock = 64 * 1024;

std::string ArchiveMessage(archive* handle) {
    const char* message = archive_error_string(handle);
    return message != nullptr ? message : "unknown libarchive error";
}

Error BadEntry(std::string_view entry, std::string_view why) {
    return Error(Errc::kInvalidArgument, "archive entry \"" + std::string(entry) + "\": " + std::string(why));
}

// The entry's path relative to the destination, cleaned as filepath.Join(dest, name) does;
// "" is the destination itself. A name that climbs above it is refused (moby's breakoutError).
std::string CleanEntryName(std::string_view raw) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= raw.size()) {
        const std::size_t slash = std::min(raw.find('/', start), raw.size());
        const std::string_view part = raw.substr(start, slash - start);
        if (part == "..") {
            if (parts.empty()) {
                throw BadEntry(raw, "the name leaves the destination directory");
            }
            parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = slash + 1;
    }
    std::string clean;
    for (const std::string_view part : parts) {
        clean += (clean.empty() ? "" : "/") + std::string(part);
    }
    return clean;
}

// Creates the missing parents of `relative` under `root` (0755, as moby's MkdirAll) and
// refuses to pass through anything but a directory: no symbolic link is ever followed.
void EnsureParents(const fs::path& root, const std::string& relative) {
    fs::path current = root;
    std::size_t start = 0;
    for (std::size_t slash = relative.find('/'); slash != std::string::npos; slash = relative.find('/', start)) {
        current /= relative.substr(start, slash - start);
        struct stat info {};
        if (::lstat(current.c_str(), &info) == 0) {
            if (!S_ISDIR(info.st_mode)) {
                throw BadEntry(
                    relative,
                    "refusing to write through \"" + relative.substr(0, slash) + "\", which is not a directory");
            }
        } else if (errno == ENOENT) {
            CheckSyscall(::mkdir(current.c_str(), 0755), "mkdir " + relative.substr(0, slash));
        } else {
            ThrowErrno("lstat " + relative.substr(0, slash), errno);
        }
        start = slash + 1;
    }
}

// A hard link's target must be reached without symbolic links too, or a link "d/x" through a
// planted link d -> /etc would hard-link a host file into the container.
void CheckLinkTarget(const fs::path& root, const std::string& relative, std::string_view entry) {
    fs::path current = root;
    std::size_t start = 0;
    for (std::size_t slash = relative.find('/'); slash != std::string::npos; slash = relative.find('/', start)) {
        current /= relative.substr(start, slash - start);
        struct stat info {};
        if (::lstat(current.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
            throw BadEntry(entry, "the hard link target \"" + relative + "\" is not reachable through directories");
        }
        start = slash + 1;
    }
}

struct ReadDeleter {
    void operator()(archive* handle) const { archive_read_free(handle); }
};
struct WriteDeleter {
    void operator()(archive* handle) const { archive_write_free(handle); }
};

std::unique_ptr<archive, WriteDeleter> OpenDiskWriter() {
    std::unique_ptr<archive, WriteDeleter> writer(archive_write_disk_new());
    if (!writer) {
        throw Error(Errc::kInternal, "libarchive: out of memory");
    }
    int flags = ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                ARCHIVE_EXTRACT_SECURE_NODOTDOT;
    if (::geteuid() == 0) {
        flags |= ARCHIVE_EXTRACT_OWNER;  // numeric ids as in the archive, never looked up by name
    }
    archive_write_disk_set_options(writer.get(), flags);
    return writer;
}

std::string Shown(std::string_view destination, const std::string& relative) {
    std::string shown(destination);
    if (relative.empty()) {
        return shown;
    }
    if (!shown.ends_with('/')) {
        shown += "/";
    }
    return shown + relative;
}

// Makes room for the entry at `full`: merges directory into directory, else removes what
// is there (moby's Untar), or refuses with no_overwrite_dir_non_dir. False: skip the entry.
bool PrepareTarget(const fs::path& full,
                   bool entry_is_dir,
                   bool is_root,
                   std::string_view shown_destination,
                   const std::string& relative,
                   bool no_overwrite_dir_non_dir) {
    struct stat existing {};
    if (::lstat(full.c_str(), &existing) != 0) {
        if (errno == ENOENT) {
            return true;
        }
        ThrowErrno("lstat " + Shown(shown_destination, relative), errno);
    }
    const bool existing_is_dir = S_ISDIR(existing.st_mode);
    const std::string quoted_path = "\"" + Shown(shown_destination, relative) + "\"";
    const std::string quoted_destination = "\"" + std::string(shown_destination) + "\"";
    if (no_overwrite_dir_non_dir && existing_is_dir && !entry_is_dir) {
        throw Error(Errc::kInvalidArgument,
                    "cannot overwrite directory " + quoted_path + " with non-directory " + quoted_destination);
    }
    if (no_overwrite_dir_non_dir && !existing_is_dir && entry_is_dir) {
        throw Error(Errc::kInvalidArgument,
                    "cannot overwrite non-directory " + quoted_path + " with directory " + quoted_destination);
    }
    if (existing_is_dir && is_root) {
        return false;  // the destination itself: keep it as it is
    }
    if (!(existing_is_dir && entry_is_dir)) {
        std::error_code error;
        fs::remove_all(full, error);  // never follows symbolic links
        if (error) {
            throw Error(Errc::kInternal, "remove " + Shown(shown_destination, relative) + ": " + error.message());
        }
    }
    return true;
}

void CopyData(archive* reader, archive* writer, const std::string& shown) {
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    for (;;) {
        const int status = archive_read_data_block(reader, &block, &size, &offset);
        if (status == ARCHIVE_EOF) {
            return;
        }
        if (status < ARCHIVE_WARN) {
            throw BadEntry(shown, "read: " + ArchiveMessage(reader));
        }
        if (archive_write_data_block(writer, block, size, offset) < ARCHIVE_WARN) {
            throw Error(Errc::kInternal, "write " + shown + ": " + ArchiveMessage(writer));
        }
    }
}

}  // namespace

void ExtractTarInto(const fs::path& archive_file,
                    const fs::path& destination,
                    std::string_view shown_destination,
                    bool no_overwrite_dir_non_dir) {
    std::unique_ptr<archive, ReadDeleter> reader(archive_read_new());
    if (!reader) {
        throw Error(Errc::kInternal, "libarchive: out of memory");
    }
    archive_read_support_filter_all(reader.get());
    archive_read_support_format_tar(reader.get());
    if (archive_read_open_filename(reader.get(), archive_file.c_str(), kReadBlock) != ARCHIVE_OK) {
        throw Error(Errc::kInvalidArgument, "read the uploaded archive: " + ArchiveMessage(reader.get()));
    }
    const auto writer = OpenDiskWriter();
    archive_entry* entry = nullptr;
    for (;;) {
        const int status = archive_read_next_header(reader.get(), &entry);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN) {
            throw Error(Errc::kInvalidArgument, "read the uploaded archive: " + ArchiveMessage(reader.get()));
        }
        const char* raw = archive_entry_pathname(entry);
        const std::string relative = CleanEntryName(raw != nullptr ? raw : "");
        const std::string shown = Shown(shown_destination, relative);
        const bool is_dir = archive_entry_filetype(entry) == AE_IFDIR;
        EnsureParents(destination, relative);
        const fs::path full = relative.empty() ? destination : destination / relative;
        if (!PrepareTarget(full, is_dir, relative.empty(), shown_destination, relative, no_overwrite_dir_non_dir)) {
            continue;
        }
        if (const char* link = archive_entry_hardlink(entry)) {
            const std::string target = CleanEntryName(link);
            CheckLinkTarget(destination, target, shown);
            archive_entry_copy_hardlink(entry, (destination / target).c_str());
        }
        archive_entry_copy_pathname(entry, full.c_str());
        if (archive_write_header(writer.get(), entry) < ARCHIVE_WARN) {
            throw Error(Errc::kInvalidArgument, "extract " + shown + ": " + ArchiveMessage(writer.get()));
        }
        if (archive_entry_size(entry) > 0) {
            CopyData(reader.get(), writer.get(), shown);
        }
        if (archive_write_finish_entry(writer.get()) < ARCHIVE_WARN) {
            throw Error(Errc::kInternal, "extract " + shown + ": " + ArchiveMessage(writer.get()));
        }
    }
    if (archive_write_close(writer.get()) < ARCHIVE_WARN) {
        throw Error(Errc::kInternal, "finish extracting: " + ArchiveMessage(writer.get()));
    }
}

}  // namespace engine::daemon
