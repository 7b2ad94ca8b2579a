#pragma once

#include <filesystem>
#include <vector>

#include <sys/types.h>

#include "engine/http/server.hpp"

namespace engine::http::detail {

/// A listening socket (non-blocking, close-on-exec) and what to clean up when it closes.
struct BoundListener {
    int fd = -1;
    ListenAddress address;              ///< as bound: the real port for TCP, the fd for kFd
    std::filesystem::path socket_file;  ///< the UNIX socket file we created, empty otherwise
    dev_t device = 0;                   ///< identity of socket_file, so we only remove our own
    ino_t inode = 0;
};

/// Binds `address`: one listener for kUnix and kTcp, one per fd for kFd (LISTEN_FDS /
/// LISTEN_PID from the environment). Throws engine::Error.
std::vector<BoundListener> Bind(const ListenAddress& address, const ServerOptions& options);

/// Closes the listener and removes its socket file if it is still the one we created.
void CloseListener(BoundListener& listener);

}  // namespace engine::http::detail
