#include "engine/image/archive_tar_writer.hpp"

#include <cerrno>
#include <string>
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

/// libarchive hands the sink whole blocks of this size: large enough for few HTTP chunks,
/// small enough not to hold much in memory.
constexpr int kBlockBytes = 64 << 10;
constexpr std::size_t kFileReadBytes = std::size_t{1} << 20;

using EntryPtr = std::unique_ptr<struct archive_entry, decltype(&archive_entry_free)>;

/// A read-only descriptor closed on scope exit.
class ReadFd final {
  public:
    explicit ReadFd(const std::filesystem::path& path)
        : fd_(CheckSyscall(::open(path.c_str(), O_RDONLY | O_CLOEXEC), "open " + path.string())) {}
    ReadFd(const ReadFd&) = delete;
    ReadFd& operator=(const ReadFd&) = delete;
    ~ReadFd() { ::close(fd_); }
    int get() const { return fd_; }

  private:
    int fd_;
};

}  // namespace

TarStreamWriter::TarStreamWriter(ArchiveSink sink) : sink_(std::move(sink)), archive_(archive_write_new()) {
    if (archive_ == nullptr) {
        throw Error(Errc::kInternal, "libarchive: out of memory");
    }
    // pax_restricted is ustar unless a name or size needs a pax header, as Go's archive/tar.
    if (archive_write_set_format_pax_restricted(archive_) != ARCHIVE_OK ||
        archive_write_set_bytes_per_block(archive_, kBlockBytes) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(archive_, 1) != ARCHIVE_OK ||
        archive_write_open(archive_, this, nullptr, &TarStreamWriter::WriteCallback, nullptr) != ARCHIVE_OK) {
        const std::string message = archive_error_string(archive_) != nullptr ? archive_error_string(archive_) : "";
        archive_write_free(archive_);
        throw Error(Errc::kInternal, "libarchive: cannot start a tar stream: " + message);
    }
}

TarStreamWriter::~TarStreamWriter() {
    // Without Finish, libarchive's close would still write the end-of-archive marker; the
    // callback drops it so a failed stream cannot pass for a complete archive.
    open_ = false;
    archive_write_free(archive_);
}

ssize_t TarStreamWriter::WriteCallback(struct archive*, void* self, const void* buffer, std::size_t length) {
    auto* writer = static_cast<TarStreamWriter*>(self);
    if (!writer->open_ || writer->sink_error_) {
        return -1;
    }
    // Exceptions must not unwind through libarchive's C frames: keep it for Fail to rethrow.
    try {
        writer->sink_(std::string_view(static_cast<const char*>(buffer), length));
    } catch (...) {
        writer->sink_error_ = std::current_exception();
        return -1;
    }
    return static_cast<ssize_t>(length);
}

void TarStreamWriter::Fail(std::string_view what) {
    open_ = false;
    if (sink_error_) {
        std::rethrow_exception(sink_error_);
    }
    const char* message = archive_error_string(archive_);
    throw Error(Errc::kInternal, std::string(what) + ": " + (message != nullptr ? message : "libarchive failed"));
}

void TarStreamWriter::WriteHeader(std::string_view name, unsigned type, unsigned permissions, std::uint64_t size) {
    EntryPtr entry(archive_entry_new(), &archive_entry_free);
    if (!entry) {
        throw Error(Errc::kInternal, "libarchive: out of memory");
    }
    const std::string path(name);
    archive_entry_set_pathname(entry.get(), path.c_str());
    archive_entry_set_filetype(entry.get(), type);
    archive_entry_set_perm(entry.get(), permissions);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
    archive_entry_set_uid(entry.get(), 0);
    archive_entry_set_gid(entry.get(), 0);
    archive_entry_set_mtime(entry.get(), 0, 0);
    if (archive_write_header(archive_, entry.get()) != ARCHIVE_OK) {
        Fail("tar header for " + path);
    }
}

void TarStreamWriter::WriteData(std::string_view bytes, std::string_view name) {
    const la_ssize_t written = archive_write_data(archive_, bytes.data(), bytes.size());
    if (written < 0 || static_cast<std::size_t>(written) != bytes.size()) {
        Fail("tar data of " + std::string(name));
    }
}

void TarStreamWriter::AddDirectory(std::string_view name) {
    WriteHeader(std::string(name) + "/", AE_IFDIR, 0755, 0);
}

void TarStreamWriter::AddFile(std::string_view name, std::string_view content) {
    WriteHeader(name, AE_IFREG, 0644, content.size());
    WriteData(content, name);
}

void TarStreamWriter::AddFileFrom(std::string_view name, const std::filesystem::path& path, std::uint64_t size) {
    const ReadFd fd(path);
    struct stat info {};
    CheckSyscall(::fstat(fd.get(), &info), "stat " + path.string());
    if (!S_ISREG(info.st_mode) || static_cast<std::uint64_t>(info.st_size) != size) {
        throw Error(Errc::kInternal,
                    path.string() + " has " + std::to_string(info.st_size) + " bytes, " + std::to_string(size) +
                        " were recorded");
    }
    WriteHeader(name, AE_IFREG, 0644, size);
    std::vector<char> buffer(kFileReadBytes);
    std::uint64_t left = size;
    while (left > 0) {
        const ssize_t got = ::read(fd.get(), buffer.data(), std::min<std::uint64_t>(buffer.size(), left));
        if (got == -1) {
            const int saved_errno = errno;
            if (saved_errno == EINTR) {
                continue;
            }
            open_ = false;
            ThrowErrno("read " + path.string(), saved_errno);
        }
        if (got == 0) {
            open_ = false;
            throw Error(Errc::kInternal, path.string() + " ended " + std::to_string(left) + " bytes early");
        }
        WriteData(std::string_view(buffer.data(), static_cast<std::size_t>(got)), name);
        left -= static_cast<std::uint64_t>(got);
    }
}

void TarStreamWriter::Finish() {
    if (archive_write_close(archive_) != ARCHIVE_OK) {
        Fail("end of tar stream");
    }
    open_ = false;
}

}  // namespace engine::image
