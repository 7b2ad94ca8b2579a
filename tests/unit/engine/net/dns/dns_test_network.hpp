#pragma once

// Loopback DNS clients (UDP, TCP) and a fake upstream DNS server on 127.0.0.1, for the
// engine/net/dns tests.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/unit/engine/net/dns/dns_test_messages.hpp"

namespace engine::net::dns::testing {

/// Closes a file descriptor at scope exit.
class Fd final {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) {
            close(fd_);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

inline sockaddr_in Loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

inline bool WaitReadable(int fd, std::chrono::milliseconds timeout) {
    pollfd entry{fd, POLLIN, 0};
    return poll(&entry, 1, static_cast<int>(timeout.count())) == 1;
}

/// Sends one datagram to 127.0.0.1:`port` (or [::1]:`port` when `ipv6`) and waits for one back.
inline std::optional<Bytes> UdpExchange(std::uint16_t port,
                                        const Bytes& query,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(5),
                                        bool ipv6 = false) {
    Fd fd(socket(ipv6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    const sockaddr_in v4 = Loopback(port);
    sockaddr_in6 v6{};
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(port);
    v6.sin6_addr = in6addr_loopback;
    const auto* address = ipv6 ? reinterpret_cast<const sockaddr*>(&v6) : reinterpret_cast<const sockaddr*>(&v4);
    const socklen_t length = ipv6 ? sizeof v6 : sizeof v4;
    if (sendto(fd.get(), query.data(), query.size(), 0, address, length) < 0) {
        return std::nullopt;
    }
    if (!WaitReadable(fd.get(), timeout)) {
        return std::nullopt;
    }
    Bytes response(65535);
    const ssize_t size = recv(fd.get(), response.data(), response.size(), 0);
    if (size < 0) {
        return std::nullopt;
    }
    response.resize(static_cast<std::size_t>(size));
    return response;
}

inline bool ReadExactly(int fd, std::uint8_t* data, std::size_t size, std::chrono::milliseconds timeout) {
    std::size_t done = 0;
    while (done < size) {
        if (!WaitReadable(fd, timeout)) {
            return false;
        }
        const ssize_t got = recv(fd, data + done, size - done, 0);
        if (got <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(got);
    }
    return true;
}

/// A TCP connection to 127.0.0.1:`port` speaking length-prefixed DNS.
class TcpClient final {
  public:
    explicit TcpClient(std::uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        const sockaddr_in address = Loopback(port);
        connected_ = connect(fd_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    }
    bool connected() const { return connected_; }

    bool Send(const Bytes& message) {
        Bytes frame;
        Put16(frame, static_cast<unsigned>(message.size()));
        frame.insert(frame.end(), message.begin(), message.end());
        return send(fd_.get(), frame.data(), frame.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(frame.size());
    }

    std::optional<Bytes> Receive(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        std::uint8_t length[2];
        if (!ReadExactly(fd_.get(), length, 2, timeout)) {
            return std::nullopt;
        }
        Bytes message(static_cast<std::size_t>(length[0] << 8 | length[1]));
        if (!ReadExactly(fd_.get(), message.data(), message.size(), timeout)) {
            return std::nullopt;
        }
        return message;
    }

    /// True when the server closed the connection within `timeout`.
    bool ClosedByPeer(std::chrono::milliseconds timeout) {
        if (!WaitReadable(fd_.get(), timeout)) {
            return false;
        }
        std::uint8_t byte;
        return recv(fd_.get(), &byte, 1, 0) == 0;
    }

  private:
    Fd fd_;
    bool connected_ = false;
};

/// A DNS server on 127.0.0.1 (UDP and TCP, same port) standing in for the host's resolver. It
/// answers every query with one A record 192.0.2.53, or SERVFAIL, or (silent) never. It
/// records the ids it received.
class FakeUpstream final {
  public:
    enum class Behaviour { kAnswer, kSilent, kServerFailure };

    explicit FakeUpstream(Behaviour behaviour = Behaviour::kAnswer)
        : silent_(behaviour == Behaviour::kSilent), rcode_(behaviour == Behaviour::kServerFailure ? 2 : 0) {
        // The kernel picks the UDP port; another test may already hold that port for TCP, so
        // try again with fresh sockets, as the server's own listener does.
        constexpr int kAttempts = 32;
        for (int attempt = 1; !BindBoth(); ++attempt) {
            if (attempt == kAttempts) {
                throw std::runtime_error("fake upstream: no port free for both UDP and TCP");
            }
        }
        thread_ = std::thread([this] { Serve(); });
    }
    ~FakeUpstream() {
        stop_ = true;
        thread_.join();
    }

    std::uint16_t port() const { return port_; }
    std::vector<unsigned> ReceivedIds() {
        std::lock_guard lock(mutex_);
        return ids_;
    }

  private:
    bool BindBoth() {
        udp_ = std::make_unique<Fd>(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
        tcp_ = std::make_unique<Fd>(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in address = Loopback(0);
        if (bind(udp_->get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
            throw std::runtime_error("fake upstream: bind udp");
        }
        socklen_t length = sizeof address;
        getsockname(udp_->get(), reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        return bind(tcp_->get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
               listen(tcp_->get(), 8) == 0;
    }

    Bytes Answer(const Bytes& query) {
        std::size_t offset = 12;
        ReadTestName(query, offset);
        Bytes response(query.begin(), query.begin() + static_cast<std::ptrdiff_t>(offset + 4));
        response[2] = static_cast<std::uint8_t>(response[2] | 0x80);
        response[3] = static_cast<std::uint8_t>(0x80 | rcode_);
        response[6] = 0;
        response[7] = rcode_ == 0 ? 1 : 0;
        response[10] = 0;
        response[11] = 0;
        if (rcode_ == 0) {
            const Bytes record = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 53};
            response.insert(response.end(), record.begin(), record.end());
        }
        return response;
    }

    void Record(const Bytes& query) {
        std::lock_guard lock(mutex_);
        ids_.push_back(Get16(query, 0));
    }

    void Serve() {
        while (!stop_) {
            pollfd entries[2] = {{udp_->get(), POLLIN, 0}, {tcp_->get(), POLLIN, 0}};
            if (poll(entries, 2, 20) <= 0) {
                continue;
            }
            if (entries[0].revents & POLLIN) {
                Bytes query(65535);
                sockaddr_in from{};
                socklen_t length = sizeof from;
                const ssize_t size =
                    recvfrom(udp_->get(), query.data(), query.size(), 0, reinterpret_cast<sockaddr*>(&from), &length);
                if (size >= 12) {
                    query.resize(static_cast<std::size_t>(size));
                    Record(query);
                    if (!silent_) {
                        const Bytes response = Answer(query);
                        sendto(udp_->get(),
                               response.data(),
                               response.size(),
                               0,
                               reinterpret_cast<sockaddr*>(&from),
                               length);
                    }
                }
            }
            if (entries[1].revents & POLLIN) {
                ServeTcp();
            }
        }
    }

    void ServeTcp() {
        Fd connection(accept4(tcp_->get(), nullptr, nullptr, SOCK_CLOEXEC));
        std::uint8_t length[2];
        if (!ReadExactly(connection.get(), length, 2, std::chrono::seconds(2))) {
            return;
        }
        Bytes query(static_cast<std::size_t>(length[0] << 8 | length[1]));
        if (!ReadExactly(connection.get(), query.data(), query.size(), std::chrono::seconds(2))) {
            return;
        }
        Record(query);
        if (silent_) {
            while (!stop_ && !WaitReadable(connection.get(), std::chrono::milliseconds(20))) {
            }
            return;
        }
        const Bytes response = Answer(query);
        Bytes frame;
        Put16(frame, static_cast<unsigned>(response.size()));
        frame.insert(frame.end(), response.begin(), response.end());
        send(connection.get(), frame.data(), frame.size(), MSG_NOSIGNAL);
    }

    bool silent_;
    unsigned rcode_;
    std::unique_ptr<Fd> udp_;
    std::unique_ptr<Fd> tcp_;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::vector<unsigned> ids_;
    std::thread thread_;
};

}  // namespace engine::net::dns::testing
