#pragma once

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "engine/sys/linux/unique_fd.hpp"

// Blocking POSIX sockets on 127.0.0.1 for the proxy's peers: independent of Asio, so the tests
// do not share the code under test. Every socket has a receive timeout, so a proxy bug fails a
// test instead of hanging it.
namespace engine::net::testing {

using sys::UniqueFd;

constexpr int kIoTimeoutSeconds = 10;

/// An io_context run by two threads (so handlers of one proxy do run concurrently) until the
/// object is destroyed.
class IoThreads final {
  public:
    IoThreads() {
        for (int i = 0; i < 2; ++i) {
            threads_.emplace_back([this] { io_.run(); });
        }
    }
    IoThreads(const IoThreads&) = delete;
    IoThreads& operator=(const IoThreads&) = delete;
    ~IoThreads() {
        work_.reset();
        io_.stop();
        for (std::thread& thread : threads_) {
            thread.join();
        }
    }
    boost::asio::io_context& io() { return io_; }

  private:
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
    std::vector<std::thread> threads_;
};

inline sockaddr_in Loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    return address;
}

inline std::uint16_t LocalPort(int fd) {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.sin_port);
}

inline UniqueFd Socket(int type) {
    UniqueFd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
    const timeval timeout{kIoTimeoutSeconds, 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    return fd;
}

/// A socket bound to 127.0.0.1 on a free port (0 asks the kernel for one).
inline UniqueFd BoundSocket(int type, std::uint16_t port = 0) {
    UniqueFd fd = Socket(type);
    const sockaddr_in address = Loopback(port);
    EXPECT_EQ(::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address), 0) << errno;
    return fd;
}

/// A TCP connection to 127.0.0.1:port, or an invalid fd with errno set.
inline UniqueFd Connect(std::uint16_t port) {
    UniqueFd fd = Socket(SOCK_STREAM);
    const sockaddr_in address = Loopback(port);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        return UniqueFd();
    }
    return fd;
}

inline bool WriteAll(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (sent <= 0) {
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

/// Everything until EOF; nullopt on an error or timeout (a reset counts as an error).
inline std::optional<std::string> ReadToEnd(int fd) {
    std::string data;
    char buffer[65536];
    for (;;) {
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got == 0) {
            return data;
        }
        if (got < 0) {
            return std::nullopt;
        }
        data.append(buffer, static_cast<std::size_t>(got));
    }
}

/// Exactly `size` bytes; fewer on EOF, error or timeout.
inline std::string ReadExactly(int fd, std::size_t size) {
    std::string data(size, '\0');
    std::size_t filled = 0;
    while (filled < size) {
        const ssize_t got = ::recv(fd, data.data() + filled, size - filled, 0);
        if (got <= 0) {
            break;
        }
        filled += static_cast<std::size_t>(got);
    }
    data.resize(filled);
    return data;
}

/// True when the peer closed the connection (EOF or reset) within the timeout.
inline bool PeerClosed(int fd) {
    char byte;
    const ssize_t got = ::recv(fd, &byte, 1, 0);
    return got == 0 || (got < 0 && errno == ECONNRESET);
}

inline std::string OwnProcessName() {
    std::string name;
    std::getline(std::ifstream("/proc/self/comm"), name);
    return name;
}

/// A TCP server on 127.0.0.1 running `serve` for each connection on a thread of its own.
class TcpBackend final {
  public:
    explicit TcpBackend(std::function<void(int fd)> serve)
        : listener_(BoundSocket(SOCK_STREAM)), serve_(std::move(serve)) {
        EXPECT_EQ(::listen(listener_.get(), 64), 0);
        port_ = LocalPort(listener_.get());
        acceptor_ = std::thread([this] { AcceptLoop(); });
    }
    TcpBackend(const TcpBackend&) = delete;
    TcpBackend& operator=(const TcpBackend&) = delete;
    ~TcpBackend() {
        ::shutdown(listener_.get(), SHUT_RDWR);  // wakes accept()
        acceptor_.join();
        for (std::thread& connection : connections_) {
            connection.join();
        }
    }
    std::uint16_t port() const { return port_; }
    int accepted() const { return accepted_; }

  private:
    void AcceptLoop() {
        for (;;) {
            const int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                return;
            }
            ++accepted_;
            connections_.emplace_back([this, fd] {
                const UniqueFd owned(fd);
                serve_(fd);
            });
        }
    }

    UniqueFd listener_;
    std::function<void(int fd)> serve_;
    std::uint16_t port_ = 0;
    std::atomic<int> accepted_ = 0;
    std::thread acceptor_;
    std::vector<std::thread> connections_;  // only the acceptor thread adds, joined after it
};

/// Echoes until EOF, then half-closes.
inline void Echo(int fd) {
    char buffer[65536];
    for (;;) {
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) {
            break;
        }
        if (!WriteAll(fd, std::string_view(buffer, static_cast<std::size_t>(got)))) {
            return;
        }
    }
    ::shutdown(fd, SHUT_WR);
}

/// A UDP echo server on 127.0.0.1 that remembers the source ports it heard from.
class UdpEchoBackend final {
  public:
    UdpEchoBackend() : socket_(BoundSocket(SOCK_DGRAM)), port_(LocalPort(socket_.get())) {
        thread_ = std::thread([this] { Serve(); });
    }
    UdpEchoBackend(const UdpEchoBackend&) = delete;
    UdpEchoBackend& operator=(const UdpEchoBackend&) = delete;
    ~UdpEchoBackend() {
        ::shutdown(socket_.get(), SHUT_RDWR);  // wakes recvfrom() with 0
        thread_.join();
    }
    std::uint16_t port() const { return port_; }
    std::vector<std::uint16_t> sources() const {
        const std::lock_guard lock(mutex_);
        return sources_;
    }

  private:
    void Serve() {
        char buffer[65536];
        for (;;) {
            sockaddr_in from{};
            socklen_t length = sizeof from;
            const ssize_t got =
                ::recvfrom(socket_.get(), buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &length);
            if (got <= 0) {
                if (got < 0 && errno == EAGAIN) {
                    continue;  // receive timeout: keep serving until shut down
                }
                return;
            }
            {
                const std::lock_guard lock(mutex_);
                sources_.push_back(ntohs(from.sin_port));
            }
            ::sendto(
                socket_.get(), buffer, static_cast<std::size_t>(got), 0, reinterpret_cast<sockaddr*>(&from), length);
        }
    }

    UniqueFd socket_;
    std::uint16_t port_;
    mutable std::mutex mutex_;
    std::vector<std::uint16_t> sources_;
    std::thread thread_;
};

/// Sends `message` to 127.0.0.1:port from `fd` and returns the reply and the port it came
/// from (nullopt on timeout).
inline std::optional<std::pair<std::string, std::uint16_t>> UdpRoundTrip(int fd,
                                                                         std::uint16_t port,
                                                                         const std::string& message) {
    const sockaddr_in to = Loopback(port);
    if (::sendto(fd, message.data(), message.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) < 0) {
        return std::nullopt;
    }
    char buffer[65536];
    sockaddr_in from{};
    socklen_t length = sizeof from;
    const ssize_t got = ::recvfrom(fd, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &length);
    if (got < 0) {
        return std::nullopt;
    }
    return std::make_pair(std::string(buffer, static_cast<std::size_t>(got)), ntohs(from.sin_port));
}

}  // namespace engine::net::testing
