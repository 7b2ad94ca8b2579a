#include "engine/runtime/monitor/unique_fd.hpp"

#include <cerrno>
#include <string>

#include <fcntl.h>

#include "engine/base/syscall.hpp"

namespace engine::runtime {

void WriteAllTo(int fd, std::string_view bytes, std::string_view what) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written == -1) {
            const int saved_errno = errno;
            if (saved_errno == EINTR) {
                continue;
            }
            ThrowErrno(what, saved_errno);
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
}

void SetNonBlocking(int fd, bool non_blocking, std::string_view what) {
    const int flags = CheckSyscall(::fcntl(fd, F_GETFL), what);
    const int wanted = non_blocking ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    CheckSyscall(::fcntl(fd, F_SETFL, wanted), what);
}

}  // namespace engine::runtime
