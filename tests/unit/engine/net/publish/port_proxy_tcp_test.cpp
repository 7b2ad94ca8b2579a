#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/net/publish/port_proxy.hpp"
#include "tests/unit/engine/net/publish/proxy_test_support.hpp"

namespace engine::net {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): the test support helpers

std::unique_ptr<PortProxy> StartTcp(IoThreads& threads,
                                    std::uint16_t backend_port,
                                    std::string_view host_ip = "127.0.0.1") {
    return PortProxy::Start(threads.io(), "tcp", host_ip, 0, "127.0.0.1", backend_port);
}

TEST(PortProxyTcp, RoundTrip) {
    TcpBackend backend(Echo);
    IoThreads threads;
    const auto proxy = StartTcp(threads, backend.port());
    ASSERT_NE(proxy->BoundPort(), 0);
    ASSERT_NE(proxy->BoundPort(), backend.port());

    const UniqueFd client = Connect(proxy->BoundPort());
    ASSERT_TRUE(client.valid());
    ASSERT_TRUE(WriteAll(client.get(), "hello"));
    EXPECT_EQ(ReadExactly(client.get(), 5), "hello");
    ASSERT_TRUE(WriteAll(client.get(), "again"));
    EXPECT_EQ(ReadExactly(client.get(), 5), "again");
}

TEST(PortProxyTcp, LargeTransferArrivesIntact) {
    TcpBackend backend(Echo);
    IoThreads threads;
    const auto proxy = StartTcp(threads, backend.port());
    std::string payload(4 * 1024 * 1024, '\0');
    std::mt19937 random(42);
    for (char& byte : payload) {
        byte = static_cast<char>(random());
    }
    const UniqueFd client = Connect(proxy->BoundPort());
    ASSERT_TRUE(client.valid());
    // Writing and reading at once: an echo holds back nothing, so a writer alone would fill
    // every buffer on the way and stall.
    bool written = false;
    std::thread writer([&] {
        written = WriteAll(client.get(), payload);
        ::shutdown(client.get(), SHUT_WR);
    });
    const std::optional<std::string> echoed = ReadToEnd(client.get());
    writer.join();
    EXPECT_TRUE(written);
    ASSERT_TRUE(echoed.has_value());
    EXPECT_EQ(echoed->size(), payload.size());
    EXPECT_TRUE(*echoed == payload) << "the echo differs from what was sent";
}

TEST(PortProxyTcp, HalfCloseStillDeliversTheResponse) {
    // Answers only once the client has finished sending: a proxy that closed both ways on the
    // client's EOF would lose the answer.
    TcpBackend backend([](int fd) {
        const std::optional<std::string> request = ReadToEnd(fd);
        WriteAll(fd, "got " + std::to_string(request ? request->size() : 0) + " bytes");
    });
    IoThreads threads;
    const auto proxy = StartTcp(threads, backend.port());
    const UniqueFd client = Connect(proxy->BoundPort());
    ASSERT_TRUE(client.valid());
    ASSERT_TRUE(WriteAll(client.get(), "twelve bytes"));
    ASSERT_EQ(::shutdown(client.get(), SHUT_WR), 0);
    EXPECT_EQ(ReadToEnd(client.get()), "got 12 bytes");
}

TEST(PortProxyTcp, AllAddressesIncludeIpv4Loopback) {
    TcpBackend backend(Echo);
    IoThreads threads;
    const auto proxy = StartTcp(threads, backend.port(), "");
    const UniqueFd client = Connect(proxy->BoundPort());
    ASSERT_TRUE(client.valid());
    ASSERT_TRUE(WriteAll(client.get(), "dual"));
    EXPECT_EQ(ReadExactly(client.get(), 4), "dual");
}

TEST(PortProxyTcp, RefusingBackendClosesTheClient) {
    // A bound socket that does not listen: connecting to its port is refused.
    const UniqueFd reserved = BoundSocket(SOCK_STREAM);
    IoThreads threads;
    const auto proxy = StartTcp(threads, LocalPort(reserved.get()));
    const UniqueFd client = Connect(proxy->BoundPort());
    ASSERT_TRUE(client.valid());
    EXPECT_TRUE(PeerClosed(client.get()));
}

TEST(PortProxyTcp, PortInUseIsAConflictNamingTheHolder) {
    const UniqueFd holder = BoundSocket(SOCK_STREAM);
    ASSERT_EQ(::listen(holder.get(), 1), 0);
    const std::uint16_t port = LocalPort(holder.get());
    IoThreads threads;
    try {
        PortProxy::Start(threads.io(), "tcp", "127.0.0.1", port, "127.0.0.1", 80);
        FAIL() << "expected a conflict";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kConflict);
        EXPECT_EQ(std::string(error.what()),
                  "bind 127.0.0.1:" + std::to_string(port) + "/tcp: address already in use (held by " +
                      OwnProcessName() + ", pid " + std::to_string(::getpid()) +
                      "); stop that process or publish another host port");
    }
}

TEST(PortProxyTcp, RejectsMalformedArguments) {
    IoThreads threads;
    const auto expect_invalid = [&threads](std::string_view protocol,
                                           std::string_view host_ip,
                                           std::string_view container_ip,
                                           std::uint16_t container_port,
                                           const std::string& message) {
        try {
            PortProxy::Start(threads.io(), protocol, host_ip, 0, container_ip, container_port);
            ADD_FAILURE() << "expected: " << message;
        } catch (const Error& error) {
            EXPECT_EQ(error.code(), Errc::kInvalidArgument);
            EXPECT_EQ(std::string(error.what()), message);
        }
    };
    expect_invalid("sctp", "127.0.0.1", "127.0.0.1", 80, "proxy 127.0.0.1:0/sctp: protocol must be tcp or udp");
    expect_invalid("tcp", "127.0.0.1", "127.0.0.1", 0, "proxy 127.0.0.1:0/tcp: container port must be 1-65535");
    expect_invalid("tcp", "", "db", 80, "proxy 0/tcp: container address \"db\" is not an IP address");
    expect_invalid("udp", "::1]", "127.0.0.1", 80, "proxy [::1]]:0/udp: host address \"::1]\" is not an IP address");
    // TEST-NET-1 is nobody's address; nothing is sent, the bind alone fails.
    expect_invalid("tcp",
                   "192.0.2.1",
                   "127.0.0.1",
                   80,
                   "bind 192.0.2.1:0/tcp: 192.0.2.1 is not an address of this host; publish on one it has");
}

TEST(PortProxyTcp, DestroyingClosesOpenConnectionsAndFreesThePort) {
    TcpBackend backend(Echo);
    IoThreads threads;
    auto proxy = StartTcp(threads, backend.port());
    const std::uint16_t port = proxy->BoundPort();
    const UniqueFd client = Connect(port);
    ASSERT_TRUE(client.valid());
    ASSERT_TRUE(WriteAll(client.get(), "ping"));
    ASSERT_EQ(ReadExactly(client.get(), 4), "ping");  // the backend connection is up

    proxy.reset();
    EXPECT_TRUE(PeerClosed(client.get()));
    // The listener is closed synchronously: nobody accepts any more, and the port is free.
    EXPECT_FALSE(Connect(port).valid());
    const auto again = PortProxy::Start(threads.io(), "tcp", "127.0.0.1", port, "127.0.0.1", backend.port());
    EXPECT_EQ(again->BoundPort(), port);
}

TEST(PortProxyTcp, DestroyingDuringBusyTransfersIsSafe) {
    TcpBackend backend(Echo);
    IoThreads threads;
    auto proxy = StartTcp(threads, backend.port());
    constexpr int kClients = 8;
    std::vector<UniqueFd> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(Connect(proxy->BoundPort()));
        ASSERT_TRUE(clients.back().valid());
    }
    // Each client streams until the proxy goes away; its writes then fail or stop.
    std::vector<std::thread> writers;
    const std::string chunk(64 * 1024, 'x');
    for (UniqueFd& client : clients) {
        writers.emplace_back([&chunk, fd = client.get()] {
            while (WriteAll(fd, chunk)) {
                char buffer[65536];
                if (::recv(fd, buffer, sizeof buffer, 0) <= 0) {
                    return;
                }
            }
        });
    }
    ASSERT_EQ(ReadExactly(clients.front().get(), 1), "x");  // traffic flows through the proxy
    proxy.reset();
    for (std::thread& writer : writers) {
        writer.join();
    }
}

TEST(PortProxyTcp, DestroyingWithoutARunningIoContextIsSafe) {
    TcpBackend backend(Echo);
    boost::asio::io_context io;
    auto proxy = PortProxy::Start(io, "tcp", "127.0.0.1", 0, "127.0.0.1", backend.port());
    // The kernel completes the handshake from the backlog; nobody ever accepts it.
    const UniqueFd client = Connect(proxy->BoundPort());
    ASSERT_TRUE(client.valid());
    proxy.reset();
    EXPECT_TRUE(PeerClosed(client.get()));
}

}  // namespace
}  // namespace engine::net
