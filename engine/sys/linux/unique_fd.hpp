#pragma once

#include <utility>

#include <unistd.h>

namespace engine::sys {

/// Owns one file descriptor and closes it when destroyed (close errors are ignored: by then
/// nothing can be done about them). -1 means "none".
class UniqueFd final {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) {
            Reset(std::exchange(other.fd_, -1));
        }
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { Reset(); }

    /// The descriptor, still owned.
    int get() const { return fd_; }
    /// True when a descriptor is owned.
    bool valid() const { return fd_ >= 0; }
    /// Gives up ownership without closing.
    int Release() { return std::exchange(fd_, -1); }
    /// Closes the current descriptor (if any) and owns `fd` instead.
    void Reset(int fd = -1) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = fd;
    }

  private:
    int fd_ = -1;
};

}  // namespace engine::sys
