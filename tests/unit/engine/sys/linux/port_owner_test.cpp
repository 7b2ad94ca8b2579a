#include "engine/sys/linux/port_owner.hpp"

#include <fstream>
#include <future>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/sys/linux/unique_fd.hpp"
#include "tests/unit/engine/sys/linux/testdata_path.hpp"

namespace engine::sys {
namespace {

using testing::Testdata;

// The fixture is a fake procfs: net/{tcp,tcp6,udp,udp6} copied from real kernels' format, and
// <pid>/{comm,fd/N -> socket:[inode]} for the processes that own the sockets.
std::optional<std::string> FixtureHolder(std::string_view protocol, std::uint16_t port) {
    return DescribePortHolder(protocol, port, Testdata("PortHolder"));
}

TEST(PortHolder, NamesTheLowestPidOwningATcpListener) {
    // Inode 4242 (0.0.0.0:8080) is shared by pids 99 and 1234, as after a fork; numeric
    // order picks 99 where directory order or string order would not.
    EXPECT_EQ(FixtureHolder("tcp", 8080), "nginx, pid 99");
}

TEST(PortHolder, FindsIpv6Listeners) {
    EXPECT_EQ(FixtureHolder("tcp", 9090), "caddy, pid 200");
}

TEST(PortHolder, IgnoresTcpSocketsThatDoNotListen) {
    // 127.0.0.1:5432 is an established connection (state 01) owned by pid 300.
    EXPECT_EQ(FixtureHolder("tcp", 5432), std::nullopt);
}

TEST(PortHolder, NoHolderWhenNoProcessHasTheInode) {
    // 127.0.0.1:7000 listens with inode 7777, which no fd links to (another netns, say).
    EXPECT_EQ(FixtureHolder("tcp", 7000), std::nullopt);
}

TEST(PortHolder, FindsBoundUdpSocketsOnBothFamilies) {
    EXPECT_EQ(FixtureHolder("udp", 53), "dnsmasq, pid 400");
    // Pid 500 has no comm file (it exited between the two reads): the pid alone is named.
    EXPECT_EQ(FixtureHolder("udp", 5353), "pid 500");
}

TEST(PortHolder, ProtocolsDoNotMix) {
    EXPECT_EQ(FixtureHolder("tcp", 53), std::nullopt);
    EXPECT_EQ(FixtureHolder("udp", 8080), std::nullopt);
}

TEST(PortHolder, UnusedPortHasNoHolder) {
    EXPECT_EQ(FixtureHolder("tcp", 1), std::nullopt);
}

TEST(PortHolder, MissingProcfsHasNoHolder) {
    EXPECT_EQ(DescribePortHolder("tcp", 8080, Testdata("NoSuchProcfs")), std::nullopt);
}

TEST(PortHolder, RejectsOtherProtocols) {
    try {
        FixtureHolder("sctp", 8080);
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        EXPECT_STREQ(error.what(), "describe holder of port 8080/sctp: protocol must be tcp or udp");
    }
}

std::string OwnName() {
    std::string name;
    std::getline(std::ifstream("/proc/self/comm"), name);
    return name;
}

// A socket bound to 127.0.0.1 on a free port (listening for TCP), and that port.
std::pair<UniqueFd, std::uint16_t> BindLoopback(int type) {
    UniqueFd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
    EXPECT_TRUE(fd.valid());
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    if (type == SOCK_STREAM) {
        EXPECT_EQ(::listen(fd.get(), 1), 0);
    }
    socklen_t length = sizeof address;
    EXPECT_EQ(::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length), 0);
    return {std::move(fd), ntohs(address.sin_port)};
}

TEST(PortHolderLive, FindsThisProcessListeningOnTcp) {
    const auto [fd, port] = BindLoopback(SOCK_STREAM);
    EXPECT_EQ(DescribePortHolder("tcp", port), OwnName() + ", pid " + std::to_string(::getpid()));
}

TEST(PortHolderLive, FindsThisProcessBoundOnUdp) {
    const auto [fd, port] = BindLoopback(SOCK_DGRAM);
    EXPECT_EQ(DescribePortHolder("udp", port), OwnName() + ", pid " + std::to_string(::getpid()));
}

TEST(PortHolderLive, SocketsInAnotherNetworkNamespaceAreNotSeen) {
    if (::geteuid() != 0) {
        GTEST_SKIP() << "needs root to create a network namespace";
    }
    // The namespace belongs to the helper thread alone and disappears with it; procfs shows
    // the main thread's namespace, where the port is free.
    std::promise<std::uint16_t> bound;
    std::promise<void> asked;
    std::thread helper([&bound, done = asked.get_future()] {
        if (::unshare(CLONE_NEWNET) != 0) {
            bound.set_value(0);
            return;
        }
        auto [fd, port] = BindLoopback(SOCK_STREAM);
        bound.set_value(port);
        done.wait();
    });
    const std::uint16_t port = bound.get_future().get();
    std::optional<std::string> holder;
    if (port != 0) {
        holder = DescribePortHolder("tcp", port);
    }
    asked.set_value();
    helper.join();
    ASSERT_NE(port, 0) << "unshare(CLONE_NEWNET) failed";
    EXPECT_EQ(holder, std::nullopt);
}

}  // namespace
}  // namespace engine::sys
