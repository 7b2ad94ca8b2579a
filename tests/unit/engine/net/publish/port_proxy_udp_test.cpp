#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/net/publish/port_proxy.hpp"
#include "engine/sys/linux/port_owner.hpp"
#include "tests/unit/engine/net/publish/proxy_test_support.hpp"

namespace engine::net {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): the test support helpers
using std::chrono::milliseconds;

std::unique_ptr<PortProxy> StartUdp(IoThreads& threads,
                                    std::uint16_t backend_port,
                                    std::chrono::steady_clock::duration idle_timeout = std::chrono::seconds(90)) {
    return PortProxy::Start(
        threads.io(), "udp", "127.0.0.1", 0, "127.0.0.1", backend_port, {.udp_idle_timeout = idle_timeout});
}

TEST(PortProxyUdp, EachClientHasItsOwnFlow) {
    UdpEchoBackend backend;
    IoThreads threads;
    const auto proxy = StartUdp(threads, backend.port());
    const UniqueFd first = BoundSocket(SOCK_DGRAM);
    const UniqueFd second = BoundSocket(SOCK_DGRAM);

    const auto first_reply = UdpRoundTrip(first.get(), proxy->BoundPort(), "from the first");
    const auto second_reply = UdpRoundTrip(second.get(), proxy->BoundPort(), "from the second");
    const auto first_again = UdpRoundTrip(first.get(), proxy->BoundPort(), "first again");
    ASSERT_TRUE(first_reply && second_reply && first_again);
    // Replies come from the proxy's port, each to the client that asked.
    EXPECT_EQ(*first_reply, std::make_pair(std::string("from the first"), proxy->BoundPort()));
    EXPECT_EQ(*second_reply, std::make_pair(std::string("from the second"), proxy->BoundPort()));
    EXPECT_EQ(*first_again, std::make_pair(std::string("first again"), proxy->BoundPort()));
    // Two flows: the backend heard the first client's datagrams from one port, the second's
    // from another.
    const std::vector<std::uint16_t> sources = backend.sources();
    ASSERT_EQ(sources.size(), 3u);
    EXPECT_NE(sources[0], sources[1]);
    EXPECT_EQ(sources[0], sources[2]);
}

TEST(PortProxyUdp, ActiveFlowsStayIdleFlowsExpire) {
    UdpEchoBackend backend;
    IoThreads threads;
    const auto proxy = StartUdp(threads, backend.port(), milliseconds(400));
    const UniqueFd client = BoundSocket(SOCK_DGRAM);
    // Datagrams every 100 ms for longer than the idle timeout keep one flow.
    for (int i = 0; i < 8; ++i) {
        ASSERT_TRUE(UdpRoundTrip(client.get(), proxy->BoundPort(), "keep " + std::to_string(i)));
        std::this_thread::sleep_for(milliseconds(100));  // pacing the traffic, not waiting for it
    }
    const std::vector<std::uint16_t> sources = backend.sources();
    ASSERT_EQ(sources.size(), 8u);
    EXPECT_EQ(std::count(sources.begin(), sources.end(), sources.front()), 8) << "the flow was replaced while active";

    // Once silent, the flow's socket (its port towards the backend) goes away.
    const std::uint16_t flow_port = sources.front();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (sys::DescribePortHolder("udp", flow_port).has_value() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(milliseconds(20));
    }
    EXPECT_FALSE(sys::DescribePortHolder("udp", flow_port).has_value()) << "the idle flow was not closed";
    // The client is served again, by a new flow.
    EXPECT_TRUE(UdpRoundTrip(client.get(), proxy->BoundPort(), "back"));
}

TEST(PortProxyUdp, PortInUseIsAConflictNamingTheHolder) {
    const UniqueFd holder = BoundSocket(SOCK_DGRAM);
    const std::uint16_t port = LocalPort(holder.get());
    IoThreads threads;
    try {
        PortProxy::Start(threads.io(), "udp", "127.0.0.1", port, "127.0.0.1", 53);
        FAIL() << "expected a conflict";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kConflict);
        EXPECT_EQ(std::string(error.what()),
                  "bind 127.0.0.1:" + std::to_string(port) + "/udp: address already in use (held by " +
                      OwnProcessName() + ", pid " + std::to_string(::getpid()) +
                      "); stop that process or publish another host port");
    }
}

TEST(PortProxyUdp, DestroyingClosesFlowsAndFreesThePort) {
    UdpEchoBackend backend;
    IoThreads threads;
    auto proxy = StartUdp(threads, backend.port());
    const std::uint16_t port = proxy->BoundPort();
    const UniqueFd client = BoundSocket(SOCK_DGRAM);
    ASSERT_TRUE(UdpRoundTrip(client.get(), port, "hello"));
    const std::uint16_t flow_port = backend.sources().front();
    ASSERT_TRUE(sys::DescribePortHolder("udp", flow_port).has_value());

    proxy.reset();
    EXPECT_FALSE(sys::DescribePortHolder("udp", flow_port).has_value());
    EXPECT_FALSE(sys::DescribePortHolder("udp", port).has_value());
    const auto again = PortProxy::Start(threads.io(), "udp", "127.0.0.1", port, "127.0.0.1", backend.port());
    EXPECT_TRUE(UdpRoundTrip(client.get(), again->BoundPort(), "again"));
}

}  // namespace
}  // namespace engine::net
