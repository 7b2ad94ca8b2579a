#include "engine/http/listener.hpp"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

namespace engine::http::detail {
namespace {

constexpr int kBacklog = 512;

// Closes the fd unless released: keeps error paths leak-free.
class FdGuard final {
  public:
    explicit FdGuard(int fd) : fd_(fd) {}
    ~FdGuard() {
        if (fd_ >= 0) {
            close(fd_);
        }
    }
    FdGuard(const FdGuard&) = delete;
    FdGuard& operator=(const FdGuard&) = delete;
    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

  private:
    int fd_;
};

sockaddr_un UnixAddress(const std::filesystem::path& path, const std::string& label) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.native().size() >= sizeof address.sun_path) {
        throw Error(Errc::kInvalidArgument,
                    "listen " + label + ": socket path is longer than " + std::to_string(sizeof address.sun_path - 1) +
                        " bytes");
    }
    std::memcpy(address.sun_path, path.c_str(), path.native().size() + 1);
    return address;
}

// A socket file is stale when nobody accepts on it. Throws when another process does.
void RemoveStaleSocket(const std::filesystem::path& path, const std::string& label) {
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0) {
        if (errno == ENOENT) {
            return;
        }
        ThrowErrno("listen " + label + ": stat " + path.string(), errno);
    }
    if (!S_ISSOCK(info.st_mode)) {
        throw Error(Errc::kAlreadyExists,
                    "listen " + label + ": " + path.string() + " exists and is not a socket; remove it first");
    }
    const sockaddr_un address = UnixAddress(path, label);
    FdGuard probe(CheckSyscall(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket"));
    if (connect(probe.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
        throw Error(Errc::kAlreadyExists,
                    "listen " + label + ": another process is accepting connections on " + path.string() +
                        " (is another daemon running?)");
    }
    if (errno != ECONNREFUSED && errno != ENOENT) {
        ThrowErrno("listen " + label + ": probe " + path.string(), errno);
    }
    if (unlink(path.c_str()) != 0 && errno != ENOENT) {
        ThrowErrno("listen " + label + ": remove stale socket " + path.string(), errno);
    }
}

BoundListener BindUnix(const ListenAddress& address, const ServerOptions& options) {
    const std::string label = ToString(address);
    const sockaddr_un socket_address = UnixAddress(address.path, label);
    if (address.path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(address.path.parent_path(), ec);
        if (ec) {
            ThrowErrno("listen " + label + ": create " + address.path.parent_path().string(), ec.value());
        }
    }
    RemoveStaleSocket(address.path, label);
    FdGuard fd(CheckSyscall(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), "socket"));
    CheckSyscall(bind(fd.get(), reinterpret_cast<const sockaddr*>(&socket_address), sizeof socket_address),
                 "listen " + label + ": bind");
    BoundListener listener;
    listener.address = address;
    listener.socket_file = address.path;
    try {
        // Nobody can connect before listen(), so mode and group are in place before the first client.
        CheckSyscall(chmod(address.path.c_str(), options.unix_mode & 07777),
                     "listen " + label + ": chmod " + address.path.string());
        if (options.unix_group >= 0) {
            CheckSyscall(chown(address.path.c_str(), static_cast<uid_t>(-1), static_cast<gid_t>(options.unix_group)),
                         "listen " + label + ": chown " + address.path.string());
        }
        struct stat info {};
        CheckSyscall(lstat(address.path.c_str(), &info), "listen " + label + ": stat " + address.path.string());
        listener.device = info.st_dev;
        listener.inode = info.st_ino;
        CheckSyscall(listen(fd.get(), kBacklog), "listen " + label);
    } catch (...) {
        unlink(address.path.c_str());
        throw;
    }
    listener.fd = fd.release();
    return listener;
}

BoundListener BindTcp(const ListenAddress& address) {
    const std::string label = ToString(address);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(address.port);
    const int status = getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found);
    if (status != 0) {
        throw Error(Errc::kInvalidArgument, "listen " + label + ": " + gai_strerror(status));
    }
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, freeaddrinfo);
    int last_errno = EADDRNOTAVAIL;
    for (addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
        FdGuard fd(socket(entry->ai_family, entry->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, entry->ai_protocol));
        if (fd.get() < 0) {
            last_errno = errno;
            continue;
        }
        const int one = 1;
        setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd.get(), entry->ai_addr, entry->ai_addrlen) != 0 || listen(fd.get(), kBacklog) != 0) {
            last_errno = errno;
            continue;
        }
        sockaddr_storage bound{};
        socklen_t length = sizeof bound;
        getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &length);
        BoundListener listener;
        listener.address = address;
        if (bound.ss_family == AF_INET) {
            listener.address.port = ntohs(reinterpret_cast<const sockaddr_in*>(&bound)->sin_port);
        } else if (bound.ss_family == AF_INET6) {
            listener.address.port = ntohs(reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port);
        }
        listener.fd = fd.release();
        return listener;
    }
    ThrowErrno("listen " + label, last_errno);
}

int EnvInt(const char* name, const std::string& label) {
    const char* text = std::getenv(name);
    if (text == nullptr || *text == '\0') {
        throw Error(Errc::kInvalidArgument, "listen " + label + ": no sockets passed by systemd (" + name + " unset)");
    }
    int value = 0;
    const auto [end, ec] = std::from_chars(text, text + std::strlen(text), value);
    if (ec != std::errc() || *end != '\0' || value < 0) {
        throw Error(Errc::kInvalidArgument, "listen " + label + ": bad " + name + "=" + text);
    }
    return value;
}

std::vector<BoundListener> BindFds(const ListenAddress& address) {
    const std::string label = ToString(address);
    const int pid = EnvInt("LISTEN_PID", label);
    if (pid != getpid()) {
        throw Error(Errc::kInvalidArgument,
                    "listen " + label + ": LISTEN_PID=" + std::to_string(pid) + " is not this process");
    }
    const int count = EnvInt("LISTEN_FDS", label);
    constexpr int kFirst = 3;
    if (count == 0) {
        throw Error(Errc::kInvalidArgument, "listen " + label + ": systemd passed no sockets (LISTEN_FDS=0)");
    }
    if (address.fd >= 0 && (address.fd < kFirst || address.fd >= kFirst + count)) {
        throw Error(Errc::kInvalidArgument,
                    "listen " + label + ": fd " + std::to_string(address.fd) +
                        " was not passed by systemd (LISTEN_FDS=" + std::to_string(count) + ")");
    }
    std::vector<BoundListener> listeners;
    for (int fd = kFirst; fd < kFirst + count; ++fd) {
        if (address.fd >= 0 && fd != address.fd) {
            continue;
        }
        int accepting = 0;
        socklen_t length = sizeof accepting;
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) != 0 || accepting == 0) {
            throw Error(Errc::kInvalidArgument,
                        "listen " + label + ": fd " + std::to_string(fd) + " is not a listening socket");
        }
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        BoundListener listener;
        listener.fd = fd;
        listener.address = address;
        listener.address.fd = fd;
        listeners.push_back(std::move(listener));
    }
    return listeners;
}

}  // namespace

std::vector<BoundListener> Bind(const ListenAddress& address, const ServerOptions& options) {
    switch (address.kind) {
        case ListenAddress::Kind::kUnix:
            return {BindUnix(address, options)};
        case ListenAddress::Kind::kTcp:
            return {BindTcp(address)};
        case ListenAddress::Kind::kFd:
            return BindFds(address);
    }
    throw Error(Errc::kInvalidArgument, "listen: unknown address kind");
}

void CloseListener(BoundListener& listener) {
    if (listener.fd >= 0) {
        close(listener.fd);
        listener.fd = -1;
    }
    if (!listener.socket_file.empty()) {
        struct stat info {};
        if (lstat(listener.socket_file.c_str(), &info) == 0 && info.st_dev == listener.device &&
            info.st_ino == listener.inode) {
            unlink(listener.socket_file.c_str());
        }
        listener.socket_file.clear();
    }
}

}  // namespace engine::http::detail
