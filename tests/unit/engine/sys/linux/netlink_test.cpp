#include "engine/sys/linux/netlink.hpp"

#include <algorithm>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/sys/linux/netlink_test_support.hpp"

namespace engine::sys {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::LinkGuard;
using ::testing::Not;
using testing::TestLinkName;
using testing::TestSubnetV4Prefix;
using testing::TestSubnetV6Prefix;
using ::testing::UnorderedElementsAre;

// Runs `call` and returns the Error it throws; fails the test when it throws nothing.
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

bool HasLinkNamed(const std::vector<LinkInfo>& links, const std::string& name) {
    return std::any_of(links.begin(), links.end(), [&](const LinkInfo& link) { return link.name == name; });
}

TEST(NetlinkTest, BridgeIsCreatedWithItsMtuListedAndDeleted) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const std::string name = TestLinkName("br");
    LinkGuard guard(name);

    CreateBridge(name, 1400);
    const std::optional<LinkInfo> bridge = FindLink(name);
    ASSERT_TRUE(bridge.has_value());
    EXPECT_EQ(bridge->name, name);
    EXPECT_EQ(bridge->kind, "bridge");
    EXPECT_EQ(bridge->mtu, 1400U);
    EXPECT_FALSE(bridge->up);
    EXPECT_EQ(bridge->mac.size(), 17U);
    EXPECT_EQ(bridge->master, "");
    EXPECT_GT(bridge->index, 0);
    EXPECT_TRUE(HasLinkNamed(ListLinks(), name));

    EXPECT_TRUE(DeleteLink(name));
    EXPECT_FALSE(FindLink(name).has_value());
    EXPECT_FALSE(HasLinkNamed(ListLinks(), name));
    EXPECT_FALSE(DeleteLink(name));
}

TEST(NetlinkTest, BridgeWithTheKernelDefaultMtu) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const std::string name = TestLinkName("br");
    LinkGuard guard(name);

    CreateBridge(name, 0);
    EXPECT_EQ(FindLink(name)->mtu, 1500U);
}

TEST(NetlinkTest, CreatingATakenNameIsAlreadyExists) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const std::string name = TestLinkName("br");
    LinkGuard guard(name);
    CreateBridge(name, 0);

    const Error error = ErrorOf([&] { CreateBridge(name, 0); });
    EXPECT_EQ(error.code(), Errc::kAlreadyExists);
    EXPECT_EQ(std::string(error.what()),
              "create bridge " + name + ": a link named " + name + " already exists; delete it or choose another name");
    EXPECT_EQ(ErrorOf([&] { CreateVethPair(TestLinkName("v0"), name, 0); }).code(), Errc::kAlreadyExists);
    EXPECT_FALSE(FindLink(TestLinkName("v0")).has_value());
}

TEST(NetlinkTest, MtuMacAndStateChange) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const std::string name = TestLinkName("br");
    LinkGuard guard(name);
    CreateBridge(name, 0);

    SetMtu(name, 1280);
    SetMacAddress(name, "02:42:AC:11:00:99");
    SetLinkUp(name);
    const std::optional<LinkInfo> bridge = FindLink(name);
    ASSERT_TRUE(bridge.has_value());
    EXPECT_EQ(bridge->mtu, 1280U);
    EXPECT_EQ(bridge->mac, "02:42:ac:11:00:99");
    EXPECT_TRUE(bridge->up);
}

// The kernel's own reason (an extended ack) reaches the message.
TEST(NetlinkTest, KernelRefusalCarriesTheKernelsReason) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const std::string name = TestLinkName("br");
    LinkGuard guard(name);
    CreateBridge(name, 0);

    const Error error = ErrorOf([&] { SetMtu(name, 100000); });
    EXPECT_EQ(error.code(), Errc::kInvalidArgument);
    EXPECT_THAT(error.what(), HasSubstr("set mtu of " + name + " to 100000: Invalid argument ("));
}

TEST(NetlinkTest, AddressesV4AndV6AreListedAndAddingTwiceIsFine) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const std::string name = TestLinkName("br");
    LinkGuard guard(name);
    CreateBridge(name, 0);
    const std::string v4 = TestSubnetV4Prefix() + "1/24";
    const std::string v6 = TestSubnetV6Prefix() + "1/64";

    AddAddress(name, v4);
    AddAddress(name, v6);
    AddAddress(name, v4);
    AddAddress(name, v6);
    // Down, the bridge has no IPv6 link-local address yet: exactly what was added.
    EXPECT_THAT(LinkAddresses(name), UnorderedElementsAre(v4, v6));
}

TEST(NetlinkTest, RouteDestinationsHoldAnUpBridgesSubnetsButNoDefault) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const std::string name = TestLinkName("br");
    LinkGuard guard(name);
    CreateBridge(name, 0);
    const std::string v4_subnet = TestSubnetV4Prefix() + "0/24";
    const std::string v6_subnet = TestSubnetV6Prefix() + "/64";
    EXPECT_THAT(RouteDestinations(), Not(Contains(v4_subnet)));

    AddAddress(name, TestSubnetV4Prefix() + "1/24");
    AddAddress(name, TestSubnetV6Prefix() + "1/64");
    SetLinkUp(name);  // the kernel adds the IPv4 prefix route only for an up link
    const std::vector<std::string> destinations = RouteDestinations();
    EXPECT_THAT(destinations, Contains(v4_subnet));
    EXPECT_THAT(destinations, Contains(v6_subnet));
    EXPECT_THAT(destinations, Not(Contains("0.0.0.0/0")));
    EXPECT_THAT(destinations, Not(Contains("::/0")));
}

TEST(NetlinkTest, VethPairJoinsABridgeAndGoesAwayWithEitherEnd) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const std::string bridge = TestLinkName("br");
    const std::string host_end = TestLinkName("v0");
    const std::string peer_end = TestLinkName("v1");
    LinkGuard bridge_guard(bridge);
    LinkGuard veth_guard(host_end);
    CreateBridge(bridge, 0);

    CreateVethPair(host_end, peer_end, 1400);
    const std::optional<LinkInfo> host = FindLink(host_end);
    const std::optional<LinkInfo> peer = FindLink(peer_end);
    ASSERT_TRUE(host.has_value());
    ASSERT_TRUE(peer.has_value());
    EXPECT_EQ(host->kind, "veth");
    EXPECT_EQ(peer->kind, "veth");
    EXPECT_EQ(host->mtu, 1400U);
    EXPECT_EQ(peer->mtu, 1400U);

    SetMaster(host_end, bridge);
    EXPECT_EQ(FindLink(host_end)->master, bridge);
    const std::vector<LinkInfo> links = ListLinks();
    const auto listed = std::find_if(links.begin(), links.end(), [&](const LinkInfo& l) { return l.name == host_end; });
    ASSERT_NE(listed, links.end());
    EXPECT_EQ(listed->master, bridge);

    RenameLink(peer_end, TestLinkName("v2"));
    EXPECT_FALSE(FindLink(peer_end).has_value());
    EXPECT_TRUE(FindLink(TestLinkName("v2")).has_value());

    EXPECT_TRUE(DeleteLink(host_end));
    EXPECT_FALSE(FindLink(TestLinkName("v2")).has_value());
}

TEST(NetlinkTest, CountersOfANewLinkStartAtZero) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const std::string name = TestLinkName("br");
    LinkGuard guard(name);
    CreateBridge(name, 0);

    const LinkCounters counters = ReadLinkCounters(name);
    EXPECT_EQ(counters.rx_bytes, 0U);
    EXPECT_EQ(counters.tx_packets, 0U);
    EXPECT_EQ(counters.rx_dropped, 0U);
}

TEST(NetlinkTest, AbsentLinksAreNotFound) {
    BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK();
    const std::string name = TestLinkName("no");

    EXPECT_FALSE(FindLink(name).has_value());
    const Error up = ErrorOf([&] { SetLinkUp(name); });
    EXPECT_EQ(up.code(), Errc::kNotFound);
    EXPECT_EQ(std::string(up.what()), "set link " + name + " up: no link named " + name);
    EXPECT_EQ(ErrorOf([&] { ReadLinkCounters(name); }).code(), Errc::kNotFound);
    EXPECT_EQ(ErrorOf([&] { LinkAddresses(name); }).code(), Errc::kNotFound);
    EXPECT_EQ(ErrorOf([&] { AddAddress(name, "198.18.0.1/24"); }).code(), Errc::kNotFound);
    EXPECT_EQ(ErrorOf([&] { SetMaster(name, "lo"); }).code(), Errc::kNotFound);
}

// Argument checks come before any netlink traffic, so these need no root.
TEST(NetlinkTest, MalformedArgumentsAreInvalid) {
    const Error long_name = ErrorOf([] { FindLink("a-very-long-link-name"); });
    EXPECT_EQ(long_name.code(), Errc::kInvalidArgument);
    EXPECT_EQ(std::string(long_name.what()),
              "find link a-very-long-link-name: link name \"a-very-long-link-name\" must have 1 to 15 characters");
    EXPECT_EQ(ErrorOf([] { CreateBridge("", 0); }).code(), Errc::kInvalidArgument);
    EXPECT_EQ(ErrorOf([] { CreateBridge("a/b", 0); }).code(), Errc::kInvalidArgument);

    const Error no_prefix = ErrorOf([] { AddAddress("lo", "10.0.0.1"); });
    EXPECT_EQ(no_prefix.code(), Errc::kInvalidArgument);
    EXPECT_EQ(std::string(no_prefix.what()),
              "add address 10.0.0.1 to lo: address \"10.0.0.1\" has no prefix length; "
              "write it like 172.18.0.1/16 or fd00::1/64");
    EXPECT_EQ(std::string(ErrorOf([] { AddAddress("lo", "10.0.0.1/33"); }).what()),
              "add address 10.0.0.1/33 to lo: address \"10.0.0.1/33\" has a prefix length that is not a number "
              "from 0 to 32; write it like 172.18.0.1/16 or fd00::1/64");
    EXPECT_EQ(ErrorOf([] { AddAddress("lo", "fd00::1/129"); }).code(), Errc::kInvalidArgument);
    EXPECT_EQ(ErrorOf([] { AddAddress("lo", "10.0.0/8"); }).code(), Errc::kInvalidArgument);
    EXPECT_EQ(ErrorOf([] { AddAddress("lo", "10.0.0.1/"); }).code(), Errc::kInvalidArgument);

    EXPECT_EQ(std::string(ErrorOf([] { AddDefaultRoute("10.0.0.1/8", "lo"); }).what()),
              "add default route via 10.0.0.1/8 dev lo: address \"10.0.0.1/8\" must not have a prefix length; "
              "write it like 172.18.0.1 or fd00::1");

    const Error mac = ErrorOf([] { SetMacAddress("lo", "02:42:ac:11:00"); });
    EXPECT_EQ(mac.code(), Errc::kInvalidArgument);
    EXPECT_EQ(std::string(mac.what()),
              "set mac address of lo to 02:42:ac:11:00: \"02:42:ac:11:00\" is not a MAC address; write six hex "
              "bytes like 02:42:ac:11:00:02");
    EXPECT_EQ(ErrorOf([] { SetMacAddress("lo", "02-42-ac-11-00-02"); }).code(), Errc::kInvalidArgument);
    EXPECT_EQ(ErrorOf([] { SetMacAddress("lo", "02:42:ac:11:00:0g"); }).code(), Errc::kInvalidArgument);
}

}  // namespace
}  // namespace engine::sys
