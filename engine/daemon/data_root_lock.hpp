#pragma once

#include <filesystem>

namespace engine::daemon {

/// Exclusive ownership of a data root for the life of the daemon: an flock on
/// <data-root>/berthd.lock, which the kernel drops when the process dies (even by SIGKILL), so a
/// crash never leaves a stale lock. The file holds the owner's PID for the error message.
class DataRootLock final {
  public:
    /// Creates the data root (0711) when missing and takes the lock. Throws Error(kConflict)
    /// "another berthd (pid N) is using the data root /x; stop it or pass another --data-root".
    explicit DataRootLock(const std::filesystem::path& data_root);
    ~DataRootLock();
    DataRootLock(const DataRootLock&) = delete;
    DataRootLock& operator=(const DataRootLock&) = delete;

  private:
    int fd_ = -1;
};

/// The daemon's PID file: written atomically at start, removed at a clean exit. A leftover file
/// from a crash is simply replaced (the data-root lock, not this file, keeps daemons apart).
class PidFile final {
  public:
    explicit PidFile(std::filesystem::path path);
    ~PidFile();
    PidFile(const PidFile&) = delete;
    PidFile& operator=(const PidFile&) = delete;

  private:
    std::filesystem::path path_;
};

}  // namespace engine::daemon
