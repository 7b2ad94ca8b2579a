#pragma once

#include <cerrno>
#include <cstring>
#include <string>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "engine/base/error.hpp"
#include "engine/sys/linux/unique_fd.hpp"

// Small TCP helpers for tests that check traffic really flows between namespaces. Every wait
// polls with a deadline, so a broken path fails the test instead of hanging it.
namespace engine::sys::testing {

inline constexpr int kTcpTimeoutMs = 5000;

/// An IPv4 or IPv6 socket address.
struct Endpoint {
    sockaddr_storage address{};
    socklen_t size = 0;
};

/// A listener on `ip` (any free port) in the calling thread's network namespace; `bound` gets
/// its address. Throws Error when it cannot listen.
inline UniqueFd Listen(const std::string& ip, Endpoint& bound) {
    bound = Endpoint{};
    if (ip.find(':') == std::string::npos) {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&bound.address);
        v4->sin_family = AF_INET;
        ::inet_pton(AF_INET, ip.c_str(), &v4->sin_addr);
        bound.size = sizeof(sockaddr_in);
    } else {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&bound.address);
        v6->sin6_family = AF_INET6;
        ::inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr);
        bound.size = sizeof(sockaddr_in6);
    }
    UniqueFd fd(::socket(bound.address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
    auto* address = reinterpret_cast<sockaddr*>(&bound.address);
    if (!fd.valid() || ::bind(fd.get(), address, bound.size) != 0 || ::listen(fd.get(), 4) != 0 ||
        ::getsockname(fd.get(), address, &bound.size) != 0) {
        throw Error(Errc::kInternal, "listen on " + ip + ": " + std::strerror(errno));
    }
    return fd;
}

/// A TCP connection to `server` from the calling thread's network namespace.
inline UniqueFd Connect(const Endpoint& server) {
    UniqueFd fd(::socket(server.address.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    EXPECT_TRUE(fd.valid());
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&server.address), server.size) != 0) {
        EXPECT_EQ(errno, EINPROGRESS);
        pollfd ready{fd.get(), POLLOUT, 0};
        EXPECT_EQ(::poll(&ready, 1, kTcpTimeoutMs), 1) << "connect timed out";
        int error = 0;
        socklen_t error_size = sizeof error;
        ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &error_size);
        EXPECT_EQ(error, 0) << std::strerror(error);
    }
    return fd;
}

/// The next connection to `listener`; invalid when none arrives in time.
inline UniqueFd Accept(const UniqueFd& listener) {
    pollfd ready{listener.get(), POLLIN, 0};
    EXPECT_EQ(::poll(&ready, 1, kTcpTimeoutMs), 1) << "no connection arrived";
    return UniqueFd(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
}

/// Sends `text` from `from` and checks it arrives whole at `to`.
inline void ExpectDelivered(const UniqueFd& from, const UniqueFd& to, const std::string& text) {
    ASSERT_EQ(::send(from.get(), text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size()));
    std::string received;
    while (received.size() < text.size()) {
        pollfd ready{to.get(), POLLIN, 0};
        ASSERT_EQ(::poll(&ready, 1, kTcpTimeoutMs), 1) << "nothing received";
        char buffer[256];
        const ssize_t got = ::recv(to.get(), buffer, sizeof buffer, 0);
        ASSERT_GT(got, 0);
        received.append(buffer, static_cast<std::size_t>(got));
    }
    EXPECT_EQ(received, text);
}

}  // namespace engine::sys::testing
