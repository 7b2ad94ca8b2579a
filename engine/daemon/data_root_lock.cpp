#include "engine/daemon/data_root_lock.hpp"

#include <cerrno>
#include <string>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

namespace engine::daemon {
namespace {

std::string ReadOwnerPid(int fd) {
    char buffer[32] = {};
    const ssize_t count = pread(fd, buffer, sizeof buffer - 1, 0);
    std::string pid = count > 0 ? std::string(buffer, static_cast<std::size_t>(count)) : "";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) {
        pid.pop_back();
    }
    return pid.empty() ? "unknown" : pid;
}

}  // namespace

DataRootLock::DataRootLock(const std::filesystem::path& data_root) {
    std::error_code error;
    std::filesystem::create_directories(data_root, error);
    if (error) {
        throw Error(Errc::kInvalidArgument, "create data root " + data_root.string() + ": " + error.message());
    }
    const std::filesystem::path lock_path = data_root / "berthd.lock";
    fd_ = CheckSyscall(open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600), "open " + lock_path.string());
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int saved_errno = errno;
        const std::string owner = ReadOwnerPid(fd_);
        close(fd_);
        fd_ = -1;
        if (saved_errno == EWOULDBLOCK) {
            throw Error(Errc::kConflict,
                        "another berthd (pid " + owner + ") is using the data root " + data_root.string() +
                            "; stop it or pass another --data-root");
        }
        ThrowErrno("lock " + lock_path.string(), saved_errno);
    }
    const std::string pid = std::to_string(getpid()) + "\n";
    if (ftruncate(fd_, 0) != 0 || pwrite(fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        const int saved_errno = errno;
        close(fd_);
        ThrowErrno("write " + lock_path.string(), saved_errno);
    }
}

DataRootLock::~DataRootLock() {
    if (fd_ >= 0) {
        close(fd_);
    }
}

PidFile::PidFile(std::filesystem::path path) : path_(std::move(path)) {
    std::error_code error;
    std::filesystem::create_directories(path_.parent_path(), error);
    WriteFileAtomically(path_, std::to_string(getpid()) + "\n", 0644);
}

PidFile::~PidFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
}

}  // namespace engine::daemon
