#include "engine/cli/image_transfer_support.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "engine/cli/command_context.hpp"

namespace engine::cli {

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            close(fd_);
        }
        fd_ = other.Release();
    }
    return *this;
}

FileDescriptor::~FileDescriptor() {
    if (fd_ >= 0) {
        close(fd_);
    }
}

int FileDescriptor::Release() {
    return std::exchange(fd_, -1);
}

FileDescriptor OpenForReading(const std::filesystem::path& path) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw ExitError(1, "open " + path.string() + ": " + std::strerror(errno));
    }
    return FileDescriptor(fd);
}

PendingFile::PendingFile(std::filesystem::path target) : target_(std::move(target)) {
    std::filesystem::path directory = target_.parent_path();
    if (directory.empty()) {
        directory = ".";
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(directory, ec)) {
        throw ExitError(
            1, "failed to save image: invalid output path: directory \"" + directory.string() + "\" does not exist");
    }
    std::string pattern = (directory / ".berth_temp_XXXXXX").string();
    const int fd = mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0) {
        throw ExitError(1, "failed to create a temporary file in " + directory.string() + ": " + std::strerror(errno));
    }
    temp_ = pattern;
    fd_ = FileDescriptor(fd);
}

PendingFile::~PendingFile() {
    if (!committed_) {
        std::error_code ignored;
        std::filesystem::remove(temp_, ignored);
    }
}

void PendingFile::Commit() {
    // Docker's CopyToFile leaves the file with the temp file's 0600 mode; so do we.
    if (fsync(fd_.get()) != 0 || close(fd_.Release()) != 0) {
        throw ExitError(1, "failed to write " + target_.string() + ": " + std::strerror(errno));
    }
    std::error_code ec;
    std::filesystem::rename(temp_, target_, ec);
    if (ec) {
        throw ExitError(1, "failed to save image: " + ec.message());
    }
    committed_ = true;
}

}  // namespace engine::cli
