#pragma once

#include <filesystem>
#include <string>

namespace engine::cli {

/// A file descriptor closed when the object goes away.
class FileDescriptor final {
  public:
    explicit FileDescriptor(int fd = -1) : fd_(fd) {}
    FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.Release()) {}
    FileDescriptor& operator=(FileDescriptor&& other) noexcept;
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor();

    int get() const { return fd_; }
    int Release();

  private:
    int fd_;
};

/// Opens `path` for reading. Throws ExitError(1, "open <path>: <reason>") as docker words it.
FileDescriptor OpenForReading(const std::filesystem::path& path);

/// A file written under a temporary name in the target's directory and renamed over the target
/// by Commit, so a failed save never leaves a truncated archive (docker's CopyToFile).
class PendingFile final {
  public:
    /// Throws ExitError(1) when the directory does not exist or the file cannot be created.
    explicit PendingFile(std::filesystem::path target);
    ~PendingFile();
    PendingFile(const PendingFile&) = delete;
    PendingFile& operator=(const PendingFile&) = delete;

    int fd() const { return fd_.get(); }
    /// Syncs, closes and renames the file into place. Throws ExitError(1) on failure.
    void Commit();

  private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    FileDescriptor fd_;
    bool committed_ = false;
};

}  // namespace engine::cli
