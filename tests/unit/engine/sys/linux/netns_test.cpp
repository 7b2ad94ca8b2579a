#include "engine/sys/linux/netns.hpp"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/stat.h>

#include "engine/base/error.hpp"
#include "engine/sys/linux/mount.hpp"
#include "engine/sys/linux/netlink.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/sys/linux/mount_test_support.hpp"
#include "tests/unit/engine/sys/linux/netlink_test_support.hpp"
#include "tests/unit/engine/sys/linux/tcp_test_support.hpp"

namespace engine::sys {
namespace {

namespace fs = std::filesystem;
using testing::Accept;
using testing::Connect;
using ::testing::Contains;
using testing::Endpoint;
using testing::ExpectDelivered;
using testing::LinkGuard;
using testing::Listen;
using testing::MountGuard;
using testing::NetnsGuard;
using ::testing::Not;
using ::testing::StartsWith;
using testing::TestLinkName;
using testing::TestSubnetV4Prefix;
using testing::TestSubnetV6Prefix;
using testing::WaitUntil;

template <typename Call>
Error ErrorOf(Call call) {
    try {
        call();
    } catch (const Error& error) {
        return error;
    }
    ADD_FAILURE() << "expected an engine::Error";
    return Error(Errc::kInternal, "no error");
}

ino_t NetnsInodeOfThisThread() {
    struct stat info {};
    EXPECT_EQ(::stat("/proc/thread-self/ns/net", &info), 0);
    return info.st_ino;
}

std::string FirstLine(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

// The propagation fields of the mount at `mount_point` ("shared:12 master:3"), from mountinfo.
std::string PropagationOf(const fs::path& mount_point) {
    std::ifstream in("/proc/self/mountinfo");
    std::string propagation;
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string id, parent, device, root, point, options;
        fields >> id >> parent >> device >> root >> point >> options;
        if (point != mount_point.string()) {
            continue;
        }
        propagation.clear();  // the last (topmost) mount there wins
        for (std::string field; fields >> field && field != "-";) {
            propagation += (propagation.empty() ? "" : " ") + field;
        }
    }
    return propagation;
}

// A thread in a copy of our mount namespace, as a container's is before it pivots or a
// service's with private mounts: it holds copies of every mount, netns mounts included,
// until the object goes away.
class MountNamespaceCopy final {
  public:
    explicit MountNamespaceCopy(fs::path watched) {
        std::promise<bool> copied;
        std::future<bool> copied_future = copied.get_future();
        thread_ = std::thread([this, watched = std::move(watched), &copied] {
            if (::unshare(CLONE_NEWNS) != 0) {
                copied.set_value(false);
                return;
            }
            copied.set_value(IsMountPoint(watched));
            release_.get_future().wait();
        });
        holds_mount_ = copied_future.get();
    }
    MountNamespaceCopy(const MountNamespaceCopy&) = delete;
    MountNamespaceCopy& operator=(const MountNamespaceCopy&) = delete;
    ~MountNamespaceCopy() {
        release_.set_value();
        thread_.join();
    }

    /// True when the copy was made and the watched path is a mount point in it.
    bool holds_mount() const { return holds_mount_; }

  private:
    std::promise<void> release_;
    std::thread thread_;
    bool holds_mount_ = false;
};

// Where a test's namespaces go: a fresh directory whose mounts are undone at the end.
class NetnsTest : public ::testing::Test {
  protected:
    fs::path NetnsPath(std::string_view suffix) const { return dir_.path() / "netns" / TestLinkName(suffix); }

  private:
    engine::testing::TempDir dir_;
    MountGuard mounts_{dir_.path()};
};

TEST_F(NetnsTest, PersistentNetnsIsSeparateHasLoUpAndIsRemoved) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const fs::path path = NetnsPath("ns");
    NetnsGuard guard(path);
    const ino_t own_netns = NetnsInodeOfThisThread();

    CreatePersistentNetns(path);
    EXPECT_EQ(NetnsInodeOfThisThread(), own_netns);  // the caller stays where it was
    EXPECT_TRUE(IsMountPoint(path));
    EXPECT_TRUE(IsMountPoint(path.parent_path()));
    EXPECT_TRUE(OpenNetns(path).valid());
    ino_t inside_netns = 0;
    bool lo_up = false;
    bool sees_host_link = true;
    const std::string host_link = TestLinkName("br");
    LinkGuard host_link_guard(host_link);
    CreateBridge(host_link, 0);
    RunInNetns(path, [&] {
        inside_netns = NetnsInodeOfThisThread();
        const std::optional<LinkInfo> lo = FindLink("lo");
        lo_up = lo.has_value() && lo->up;
        sees_host_link = FindLink(host_link).has_value();
    });
    EXPECT_NE(inside_netns, own_netns);
    EXPECT_TRUE(lo_up);
    EXPECT_FALSE(sees_host_link);

    const Error again = ErrorOf([&] { CreatePersistentNetns(path); });
    EXPECT_EQ(again.code(), Errc::kAlreadyExists);
    EXPECT_EQ(std::string(again.what()),
              "create network namespace " + path.string() + ": the file exists already; remove the namespace first");

    RemovePersistentNetns(path);
    EXPECT_FALSE(fs::exists(path));
    RemovePersistentNetns(path);  // absent: nothing to do
    EXPECT_EQ(ErrorOf([&] { OpenNetns(path); }).code(), Errc::kNotFound);
}

TEST_F(NetnsTest, SecondNetnsReusesTheSharedDirectoryMount) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const fs::path first = NetnsPath("n1");
    const fs::path second = NetnsPath("n2");
    NetnsGuard first_guard(first);
    NetnsGuard second_guard(second);

    CreatePersistentNetns(first);
    CreatePersistentNetns(second);
    const std::vector<fs::path> mounts = MountPointsUnder(first.parent_path());
    EXPECT_EQ(std::count(mounts.begin(), mounts.end(), first.parent_path()), 1);
    EXPECT_EQ(std::count(mounts.begin(), mounts.end(), first), 1);
    EXPECT_EQ(std::count(mounts.begin(), mounts.end(), second), 1);
    EXPECT_THAT(PropagationOf(first.parent_path()), StartsWith("shared:"));
}

// Removal must also reach the copies other mount namespaces took of the netns mount (a
// container's, before it pivots), or they would keep the namespace, and its links, alive.
TEST_F(NetnsTest, RemovalReachesCopiesInOtherMountNamespaces) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const std::string host_end = TestLinkName("h");
    const std::string peer_end = TestLinkName("c");
    const fs::path path = NetnsPath("ns");
    LinkGuard veth_guard(host_end);
    NetnsGuard netns_guard(path);
    CreatePersistentNetns(path);
    CreateVethPair(host_end, peer_end, 0);
    MoveToNetns(peer_end, OpenNetns(path).get());

    const MountNamespaceCopy copy(path);
    ASSERT_TRUE(copy.holds_mount());
    RemovePersistentNetns(path);
    EXPECT_TRUE(WaitUntil([&] { return !FindLink(host_end).has_value(); }))
        << "a copy of the netns mount kept the namespace alive";
}

TEST_F(NetnsTest, LeftoverFileIsNoNetnsAndIsRemoved) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const fs::path path = NetnsPath("ns");
    fs::create_directories(path.parent_path());
    std::ofstream(path).close();

    const Error error = ErrorOf([&] { OpenNetns(path); });
    EXPECT_EQ(error.code(), Errc::kNotFound);
    EXPECT_EQ(std::string(error.what()),
              "open network namespace " + path.string() + ": not a network namespace (an unmounted leftover file?)");
    RemovePersistentNetns(path);
    EXPECT_FALSE(fs::exists(path));
}

TEST_F(NetnsTest, RunInNetnsRethrowsTheWorksError) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const fs::path path = NetnsPath("ns");
    NetnsGuard guard(path);
    CreatePersistentNetns(path);

    const Error error = ErrorOf([&] { RunInNetns(path, [] { throw Error(Errc::kConflict, "inside"); }); });
    EXPECT_EQ(error.code(), Errc::kConflict);
    EXPECT_EQ(std::string(error.what()), "inside");
}

TEST(NetnsProcessTest, RunInProcessNetnsJoinsThatProcesssNetns) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const ino_t own_netns = NetnsInodeOfThisThread();
    ino_t seen = 0;
    RunInProcessNetns(::getpid(), [&] { seen = NetnsInodeOfThisThread(); });
    EXPECT_EQ(seen, own_netns);

    const Error error = ErrorOf([] { RunInProcessNetns(2147483647, [] {}); });
    EXPECT_EQ(error.code(), Errc::kNotFound);
    EXPECT_EQ(std::string(error.what()), "enter network namespace of process 2147483647: no such process");
}

// Forwarding is per namespace: turning it on in a fresh one leaves the host's alone.
TEST_F(NetnsTest, EnableIpForwardingActsInTheThreadsNetns) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const fs::path path = NetnsPath("ns");
    NetnsGuard guard(path);
    CreatePersistentNetns(path);
    const std::string host_link = TestLinkName("br");
    LinkGuard host_link_guard(host_link);
    CreateBridge(host_link, 0);
    const fs::path v4_file = "/proc/sys/net/ipv4/ip_forward";
    const fs::path v6_file = "/proc/sys/net/ipv6/conf/all/forwarding";
    const std::string host_v4 = FirstLine(v4_file);
    const std::string host_v6 = FirstLine(v6_file);

    bool sees_host_sysctls = true;
    std::string after_v4;
    std::string after_v6;
    RunInNetns(path, [&] {
        // Only where /proc/sys/net is the namespace's own may the test switch forwarding off
        // (a new namespace inherits IPv4's from the host) to see it switched on again.
        sees_host_sysctls = fs::exists("/proc/sys/net/ipv4/conf/" + host_link);
        if (sees_host_sysctls) {
            return;
        }
        std::ofstream(v4_file) << "0\n";
        std::ofstream(v6_file) << "0\n";
        ASSERT_EQ(FirstLine(v4_file), "0");
        EnableIpForwarding(true);
        after_v4 = FirstLine(v4_file);
        after_v6 = FirstLine(v6_file);
        EnableIpForwarding(true);  // already on: nothing to write
    });
    ASSERT_FALSE(sees_host_sysctls) << "/proc/sys/net does not follow the thread's network namespace";
    EXPECT_EQ(after_v4, "1");
    EXPECT_EQ(after_v6, "1");
    EXPECT_EQ(FirstLine(v4_file), host_v4);
    EXPECT_EQ(FirstLine(v6_file), host_v6);
}

// The whole container wiring: a bridge with the gateway addresses, a veth whose one end joins
// the bridge and whose other end becomes eth0 of a persistent namespace with its own addresses
// and default routes; TCP then flows from the host through the bridge into the namespace.
TEST_F(NetnsTest, VethIntoNetnsCarriesTcpThroughTheBridgeAndGoesWithTheNetns) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const std::string bridge = TestLinkName("br");
    const std::string host_end = TestLinkName("h");
    const std::string peer_end = TestLinkName("c");
    const std::string v4 = TestSubnetV4Prefix();
    const std::string v6 = TestSubnetV6Prefix();
    const fs::path path = NetnsPath("ns");
    LinkGuard bridge_guard(bridge);
    LinkGuard veth_guard(host_end);
    NetnsGuard netns_guard(path);

    CreateBridge(bridge, 0);
    AddAddress(bridge, v4 + "1/24");
    AddAddress(bridge, v6 + "1/64");
    SetLinkUp(bridge);
    CreatePersistentNetns(path);
    CreateVethPair(host_end, peer_end, 0);
    SetMaster(host_end, bridge);
    SetLinkUp(host_end);
    MoveToNetns(peer_end, OpenNetns(path).get());
    EXPECT_FALSE(FindLink(peer_end).has_value());

    Endpoint v4_server;
    Endpoint v6_server;
    UniqueFd v4_listener;
    UniqueFd v6_listener;
    std::vector<std::string> inside_routes;
    RunInNetns(path, [&] {
        RenameLink(peer_end, "eth0");
        AddAddress("eth0", v4 + "2/24");
        AddAddress("eth0", v6 + "2/64");
        SetLinkUp("eth0");
        AddDefaultRoute(v4 + "1", "eth0");
        AddDefaultRoute(v6 + "1", "eth0");
        inside_routes = RouteDestinations();
        // Sockets stay in the namespace they were made in, whichever thread uses them later.
        v4_listener = Listen(v4 + "2", v4_server);
        v6_listener = Listen(v6 + "2", v6_server);
    });
    EXPECT_THAT(inside_routes, Contains(v4 + "0/24"));
    EXPECT_THAT(inside_routes, Not(Contains("0.0.0.0/0")));
    const Error second_default = ErrorOf([&] { RunInNetns(path, [&] { AddDefaultRoute(v4 + "1", "eth0"); }); });
    EXPECT_EQ(second_default.code(), Errc::kAlreadyExists);

    const LinkCounters before = ReadLinkCounters(host_end);
    {
        const UniqueFd client = Connect(v4_server);
        const UniqueFd server = Accept(v4_listener);
        ASSERT_TRUE(server.valid());
        ExpectDelivered(client, server, "ping over IPv4");
        ExpectDelivered(server, client, "pong over IPv4");
    }
    {
        const UniqueFd client = Connect(v6_server);
        const UniqueFd server = Accept(v6_listener);
        ASSERT_TRUE(server.valid());
        ExpectDelivered(client, server, "ping over IPv6");
    }
    const LinkCounters after = ReadLinkCounters(host_end);
    EXPECT_GT(after.tx_bytes, before.tx_bytes);
    EXPECT_GT(after.tx_packets, before.tx_packets);
    EXPECT_GT(after.rx_bytes, before.rx_bytes);
    EXPECT_GT(after.rx_packets, before.rx_packets);

    // The listeners hold the namespace too; once they are closed, removing it takes the veth.
    v4_listener.Reset();
    v6_listener.Reset();
    RemovePersistentNetns(path);
    EXPECT_TRUE(WaitUntil([&] { return !FindLink(host_end).has_value(); })) << host_end << " outlived its namespace";
}

}  // namespace
}  // namespace engine::sys
