#pragma once

#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <string_view>

#include <sys/types.h>

struct archive;

namespace engine::image {

/// Receives the bytes of an archive in order, in blocks of up to 64 KiB. It may throw to
/// abort the archive (a client that went away); the exception reaches the writer's caller.
using ArchiveSink = std::function<void(std::string_view)>;

/// Writes a POSIX (pax) tar stream to an ArchiveSink with libarchive, no temporary file.
/// Every entry is owned by uid/gid 0 with mtime 0, so the same content gives the same bytes;
/// files get mode 0644 and directories 0755. Add entries in the order they should appear,
/// then call Finish, which writes the end-of-archive marker. A writer destroyed without
/// Finish (an error on the way) sends nothing more, so a broken stream never ends like a
/// complete archive.
class TarStreamWriter final {
  public:
    explicit TarStreamWriter(ArchiveSink sink);
    ~TarStreamWriter();
    TarStreamWriter(const TarStreamWriter&) = delete;
    TarStreamWriter& operator=(const TarStreamWriter&) = delete;

    /// A directory entry; `name` ends without "/" ("blobs/sha256").
    void AddDirectory(std::string_view name);
    /// A file entry holding `content`.
    void AddFile(std::string_view name, std::string_view content);
    /// A file entry holding the `size` bytes of the file at `path`, streamed in 1 MiB blocks.
    /// Throws Error(kInternal) when the file does not have exactly `size` bytes, before writing
    /// anything if it can tell then, else when it ends early.
    void AddFileFrom(std::string_view name, const std::filesystem::path& path, std::uint64_t size);
    /// Ends the archive and flushes everything to the sink. Call exactly once, last.
    void Finish();

  private:
    static ssize_t WriteCallback(struct archive* archive, void* self, const void* buffer, std::size_t length);
    void WriteHeader(std::string_view name, unsigned type, unsigned permissions, std::uint64_t size);
    void WriteData(std::string_view bytes, std::string_view name);
    /// Throws the sink's own exception if it failed, else an Error with libarchive's message.
    [[noreturn]] void Fail(std::string_view what);

    ArchiveSink sink_;
    std::exception_ptr sink_error_;
    bool open_ = true;  ///< false once finished or abandoned: the callback drops everything
    struct archive* archive_;
};

}  // namespace engine::image
