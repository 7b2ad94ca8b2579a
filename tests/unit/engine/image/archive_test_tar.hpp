#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <archive.h>
#include <archive_entry.h>

#include "engine/base/atomic_file.hpp"

// Builds tar files for the archive tests with libarchive directly, so fixtures can hold what
// our writer never produces (escaping names, links, devices, gzip).

namespace engine::image::testing {

struct TarEntry {
    enum class Kind { kFile, kDirectory, kSymlink, kHardLink, kFifo };
    std::string name;
    std::string content;  ///< file bytes
    Kind kind = Kind::kFile;
    std::string link;  ///< symlink target or hard link target
};

inline TarEntry File(std::string name, std::string content) {
    return {std::move(name), std::move(content), TarEntry::Kind::kFile, ""};
}
inline TarEntry Directory(std::string name) {
    return {std::move(name), "", TarEntry::Kind::kDirectory, ""};
}
inline TarEntry Symlink(std::string name, std::string target) {
    return {std::move(name), "", TarEntry::Kind::kSymlink, std::move(target)};
}
inline TarEntry HardLink(std::string name, std::string target) {
    return {std::move(name), "", TarEntry::Kind::kHardLink, std::move(target)};
}

enum class Compression { kNone, kGzip, kZstd };

/// The bytes of a tar holding `entries` in order.
inline std::string MakeTar(const std::vector<TarEntry>& entries, Compression compression = Compression::kNone) {
    std::unique_ptr<struct archive, decltype(&archive_write_free)> tar(archive_write_new(), &archive_write_free);
    archive_write_set_format_pax_restricted(tar.get());
    if (compression == Compression::kGzip) {
        archive_write_add_filter_gzip(tar.get());
        // No mtime in the gzip header, so two calls give the same bytes (tests compare them).
        archive_write_set_filter_option(tar.get(), "gzip", "timestamp", nullptr);
    } else if (compression == Compression::kZstd) {
        archive_write_add_filter_zstd(tar.get());
    }
    std::vector<char> buffer(std::size_t{16} << 20);
    std::size_t used = 0;
    if (archive_write_open_memory(tar.get(), buffer.data(), buffer.size(), &used) != ARCHIVE_OK) {
        throw std::runtime_error("test tar: open");
    }
    for (const TarEntry& entry : entries) {
        std::unique_ptr<struct archive_entry, decltype(&archive_entry_free)> header(archive_entry_new(),
                                                                                    &archive_entry_free);
        archive_entry_set_pathname(header.get(), entry.name.c_str());
        archive_entry_set_perm(header.get(), 0644);
        switch (entry.kind) {
            case TarEntry::Kind::kFile:
                archive_entry_set_filetype(header.get(), AE_IFREG);
                archive_entry_set_size(header.get(), static_cast<la_int64_t>(entry.content.size()));
                break;
            case TarEntry::Kind::kDirectory:
                archive_entry_set_filetype(header.get(), AE_IFDIR);
                break;
            case TarEntry::Kind::kSymlink:
                archive_entry_set_filetype(header.get(), AE_IFLNK);
                archive_entry_set_symlink(header.get(), entry.link.c_str());
                break;
            case TarEntry::Kind::kHardLink:
                archive_entry_set_filetype(header.get(), AE_IFREG);
                archive_entry_set_hardlink(header.get(), entry.link.c_str());
                break;
            case TarEntry::Kind::kFifo:
                archive_entry_set_filetype(header.get(), AE_IFIFO);
                break;
        }
        if (archive_write_header(tar.get(), header.get()) != ARCHIVE_OK) {
            throw std::runtime_error("test tar: header " + entry.name);
        }
        if (!entry.content.empty()) {
            archive_write_data(tar.get(), entry.content.data(), entry.content.size());
        }
    }
    if (archive_write_close(tar.get()) != ARCHIVE_OK) {
        throw std::runtime_error("test tar: close");
    }
    return std::string(buffer.data(), used);
}

/// Writes MakeTar(entries) to `path`.
inline void WriteTar(const std::filesystem::path& path,
                     const std::vector<TarEntry>& entries,
                     Compression compression = Compression::kNone) {
    WriteFileAtomically(path, MakeTar(entries, compression));
}

}  // namespace engine::image::testing
