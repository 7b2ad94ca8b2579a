#include "engine/base/atomic_file.hpp"

#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/base/syscall.hpp"

namespace engine {
namespace {

constexpr std::string_view kTempMarker = ".tmp-";
constexpr std::size_t kTempSuffixBytes = 8;

/// Owns a file descriptor; Close() reports errors, the destructor (error paths) ignores them.
class FileDescriptor final {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }

    int get() const { return fd_; }

    void Close(std::string_view what) {
        const int fd = fd_;
        fd_ = -1;
        CheckSyscall(::close(fd), what);
    }

  private:
    int fd_;
};

std::filesystem::path ParentOf(const std::filesystem::path& path) {
    const std::filesystem::path parent = path.parent_path();
    return parent.empty() ? std::filesystem::path(".") : parent;
}

void WriteAll(int fd, std::string_view content, const std::filesystem::path& path) {
    while (!content.empty()) {
        const ssize_t written = ::write(fd, content.data(), content.size());
        if (written == -1) {
            const int saved_errno = errno;
            if (saved_errno == EINTR) {
                continue;
            }
            ThrowErrno("write " + path.string(), saved_errno);
        }
        content.remove_prefix(static_cast<std::size_t>(written));
    }
}

void WriteTempFile(const std::filesystem::path& temp, std::string_view content, mode_t mode, bool sync) {
    FileDescriptor fd(
        CheckSyscall(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode), "create " + temp.string()));
    CheckSyscall(::fchmod(fd.get(), mode), "chmod " + temp.string());
    WriteAll(fd.get(), content, temp);
    if (sync) {
        CheckSyscall(::fsync(fd.get()), "fsync " + temp.string());
    }
    fd.Close("close " + temp.string());
}

}  // namespace

void WriteFileAtomically(const std::filesystem::path& path,
                         std::string_view content,
                         mode_t mode,
                         Durability durability) {
    const bool sync = durability == Durability::kPowerLoss;
    const std::filesystem::path directory = ParentOf(path);
    const std::filesystem::path temp =
        directory / ("." + path.filename().string() + std::string(kTempMarker) + RandomHex(kTempSuffixBytes));
    try {
        WriteTempFile(temp, content, mode, sync);
        CheckSyscall(::rename(temp.c_str(), path.c_str()), "rename " + temp.string() + " to " + path.string());
    } catch (const Error&) {
        // O_EXCL guarantees the temp name is ours, so removing it cannot hurt anyone else.
        ::unlink(temp.c_str());
        throw;
    }
    if (sync) {
        FsyncDirectory(directory);
    }
}

bool IsTempFileName(std::string_view file_name) {
    if (file_name.size() < 2 || file_name.front() != '.') {
        return false;
    }
    const std::size_t marker = file_name.rfind(kTempMarker);
    if (marker == std::string_view::npos || marker < 2) {
        return false;
    }
    const std::string_view suffix = file_name.substr(marker + kTempMarker.size());
    if (suffix.size() != kTempSuffixBytes * 2) {
        return false;
    }
    for (const char c : suffix) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::string ReadFile(const std::filesystem::path& path) {
    FileDescriptor fd(CheckSyscall(::open(path.c_str(), O_RDONLY | O_CLOEXEC), "open " + path.string()));
    std::string content;
    char buffer[16384];
    for (;;) {
        const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
        if (got == -1) {
            const int saved_errno = errno;
            if (saved_errno == EINTR) {
                continue;
            }
            ThrowErrno("read " + path.string(), saved_errno);
        }
        if (got == 0) {
            return content;
        }
        content.append(buffer, static_cast<std::size_t>(got));
    }
}

void FsyncDirectory(const std::filesystem::path& directory) {
    FileDescriptor fd(CheckSyscall(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC),
                                   "open directory " + directory.string()));
    CheckSyscall(::fsync(fd.get()), "fsync directory " + directory.string());
    fd.Close("close directory " + directory.string());
}

void RemoveFileDurably(const std::filesystem::path& path) {
    CheckSyscall(::unlink(path.c_str()), "remove " + path.string());
    FsyncDirectory(ParentOf(path));
}

}  // namespace engine
