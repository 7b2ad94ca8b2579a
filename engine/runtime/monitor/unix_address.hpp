#pragma once

#include <filesystem>
#include <string>

#include <sys/socket.h>
#include <sys/un.h>

#include "engine/runtime/monitor/unique_fd.hpp"

namespace engine::runtime {

/// The address of a UNIX socket file, also when its path is longer than sun_path (107 bytes,
/// easily passed by <exec-root>/containers/<64 hex>/attach.sock under a temporary root): the
/// directory is then opened and the socket named through /proc/self/fd/<dir>/<name>, which
/// the kernel resolves like the long path. Valid (and bind/connect usable) while this object
/// lives.
class UnixAddress final {
  public:
    /// Throws Error when a long path's directory cannot be opened or the name alone is too long.
    explicit UnixAddress(const std::filesystem::path& path);

    const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&address_); }
    socklen_t size() const { return sizeof address_; }
    /// A path another process (the runtime, for --console-socket) can connect to while this
    /// process lives and this object exists: the plain path, or /proc/<pid>/fd/<dir>/<name>.
    std::string ForOtherProcess() const;

  private:
    sockaddr_un address_{};
    UniqueFd directory_;
    std::string path_;
};

}  // namespace engine::runtime
