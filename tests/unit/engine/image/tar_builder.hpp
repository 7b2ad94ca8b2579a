#pragma once

// Builds small layer tars for the image tests with libarchive: exact entries (whiteouts,
// devices, hostile names), plain or compressed, with fixed times so digests are stable.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace engine::image::tar_builder {

struct TarEntry {
    std::string name;
    char type = 'f';      ///< 'f' file, 'd' directory, 'l' symlink, 'h' hardlink, 'c' char device
    std::string content;  ///< file content, or the link target for 'l' and 'h'
    unsigned mode = 0644;
    unsigned uid = 0;
    unsigned gid = 0;
};

enum class Compression { kNone, kGzip, kZstd };

inline void WriteTar(const std::filesystem::path& path,
                     const std::vector<TarEntry>& entries,
                     Compression compression = Compression::kNone) {
    archive* out = archive_write_new();
    archive_write_set_format_pax_restricted(out);
    if (compression == Compression::kGzip) {
        archive_write_add_filter_gzip(out);
    } else if (compression == Compression::kZstd) {
        archive_write_add_filter_zstd(out);
    }
    if (archive_write_open_filename(out, path.c_str()) != ARCHIVE_OK) {
        throw std::runtime_error(archive_error_string(out));
    }
    for (const TarEntry& item : entries) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, item.name.c_str());
        archive_entry_set_uid(entry, item.uid);
        archive_entry_set_gid(entry, item.gid);
        archive_entry_set_mtime(entry, 1700000000, 0);
        archive_entry_set_perm(entry, item.mode);
        switch (item.type) {
            case 'd':
                archive_entry_set_filetype(entry, AE_IFDIR);
                break;
            case 'l':
                archive_entry_set_filetype(entry, AE_IFLNK);
                archive_entry_set_symlink(entry, item.content.c_str());
                break;
            case 'h':
                archive_entry_set_filetype(entry, AE_IFREG);
                archive_entry_set_hardlink(entry, item.content.c_str());
                break;
            case 'c':
                archive_entry_set_filetype(entry, AE_IFCHR);
                archive_entry_set_rdev(entry, makedev(1, 3));
                break;
            default:
                archive_entry_set_filetype(entry, AE_IFREG);
                archive_entry_set_size(entry, static_cast<la_int64_t>(item.content.size()));
        }
        archive_write_header(out, entry);
        if (item.type == 'f' && !item.content.empty()) {
            archive_write_data(out, item.content.data(), item.content.size());
        }
        archive_entry_free(entry);
    }
    archive_write_close(out);
    archive_write_free(out);
}

}  // namespace engine::image::tar_builder
