#include "engine/net/ipam/subnet.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::net {
namespace {

std::string ParseError(std::string_view text) {
    try {
        Subnet::Parse(text);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    ADD_FAILURE() << "\"" << text << "\" parsed";
    return "";
}

TEST(SubnetTest, ParsesCidr) {
    const Subnet subnet = Subnet::Parse("172.20.0.0/16");
    EXPECT_EQ(subnet.base.ToString(), "172.20.0.0");
    EXPECT_EQ(subnet.prefix, 16);
    EXPECT_EQ(subnet.ToString(), "172.20.0.0/16");
    EXPECT_EQ(Subnet::Parse("0.0.0.0/0").ToString(), "0.0.0.0/0");
    EXPECT_EQ(Subnet::Parse("10.0.0.7/32").ToString(), "10.0.0.7/32");
    EXPECT_EQ(Subnet::Parse("fd00:1::/64").ToString(), "fd00:1::/64");
    EXPECT_TRUE(Subnet::Parse("fd00:1::/64").is_v6());
    EXPECT_EQ(Subnet::Parse("::1/128").prefix, 128);
}

TEST(SubnetTest, RejectsBadCidrWithTheReason) {
    EXPECT_EQ(ParseError("10.1.0.0/33"), "invalid subnet \"10.1.0.0/33\": prefix length must be at most 32");
    EXPECT_EQ(ParseError("fd00::/129"), "invalid subnet \"fd00::/129\": prefix length must be at most 128");
    EXPECT_EQ(ParseError("10.0.0.0"),
              "invalid subnet \"10.0.0.0\": expected CIDR notation such as 172.20.0.0/16 or fd00:1::/64");
    EXPECT_EQ(ParseError("10.0.0.0/"), "invalid subnet \"10.0.0.0/\": prefix length \"\" is not a number");
    EXPECT_EQ(ParseError("10.0.0.0/-1"), "invalid subnet \"10.0.0.0/-1\": prefix length \"-1\" is not a number");
    EXPECT_EQ(ParseError("10.0.0.0/8x"), "invalid subnet \"10.0.0.0/8x\": prefix length \"8x\" is not a number");
    EXPECT_EQ(ParseError("10.0.0.300/24"),
              "invalid subnet \"10.0.0.300/24\": invalid IP address \"10.0.0.300\": octet 300 is larger than 255");
    EXPECT_EQ(ParseError("172.20.0.5/16"),
              "invalid subnet 172.20.0.5/16: it should be 172.20.0.0/16 (host bits are set)");
    EXPECT_EQ(ParseError("fd00::1/64"), "invalid subnet fd00::1/64: it should be fd00::/64 (host bits are set)");
}

TEST(SubnetTest, ContainingMasksHostBits) {
    EXPECT_EQ(Subnet::Containing(IpAddress::Parse("192.168.1.7"), 24).ToString(), "192.168.1.0/24");
    EXPECT_EQ(Subnet::Containing(IpAddress::Parse("192.168.1.7"), 40).ToString(), "192.168.1.7/32");
}

TEST(SubnetTest, ContainsAddressesAndSubnets) {
    const Subnet subnet = Subnet::Parse("172.20.0.0/16");
    EXPECT_TRUE(subnet.Contains(IpAddress::Parse("172.20.255.255")));
    EXPECT_TRUE(subnet.Contains(IpAddress::Parse("172.20.0.0")));
    EXPECT_FALSE(subnet.Contains(IpAddress::Parse("172.21.0.0")));
    EXPECT_FALSE(subnet.Contains(IpAddress::Parse("::ffff:172.20.0.1")));
    EXPECT_TRUE(subnet.Contains(Subnet::Parse("172.20.10.0/24")));
    EXPECT_TRUE(subnet.Contains(subnet));
    EXPECT_FALSE(subnet.Contains(Subnet::Parse("172.16.0.0/12")));
    EXPECT_TRUE(Subnet::Parse("0.0.0.0/0").Contains(IpAddress::Parse("8.8.8.8")));
}

TEST(SubnetTest, OverlapsWhenNestedOrEqualOnly) {
    const Subnet subnet = Subnet::Parse("172.20.0.0/16");
    EXPECT_TRUE(subnet.Overlaps(Subnet::Parse("172.20.5.0/24")));
    EXPECT_TRUE(Subnet::Parse("172.20.5.0/24").Overlaps(subnet));
    EXPECT_TRUE(subnet.Overlaps(Subnet::Parse("172.16.0.0/12")));
    EXPECT_TRUE(subnet.Overlaps(subnet));
    EXPECT_FALSE(subnet.Overlaps(Subnet::Parse("172.21.0.0/16")));
    EXPECT_FALSE(subnet.Overlaps(Subnet::Parse("172.19.255.0/24")));
    EXPECT_FALSE(subnet.Overlaps(Subnet::Parse("fd00::/8")));
    EXPECT_TRUE(Subnet::Parse("fd00::/8").Overlaps(Subnet::Parse("fd12:3456::/64")));
}

TEST(SubnetTest, SpecialAddresses) {
    const Subnet subnet = Subnet::Parse("172.20.0.0/16");
    EXPECT_EQ(subnet.NetworkAddress().ToString(), "172.20.0.0");
    EXPECT_EQ(subnet.BroadcastAddress()->ToString(), "172.20.255.255");
    EXPECT_EQ(subnet.FirstHost().ToString(), "172.20.0.1");
    EXPECT_EQ(subnet.HostCount(), 65534u);
    EXPECT_TRUE(subnet.IsReserved(IpAddress::Parse("172.20.0.0")));
    EXPECT_TRUE(subnet.IsReserved(IpAddress::Parse("172.20.255.255")));
    EXPECT_FALSE(subnet.IsReserved(IpAddress::Parse("172.20.0.255")));

    const Subnet point_to_point = Subnet::Parse("10.0.0.0/31");
    EXPECT_FALSE(point_to_point.BroadcastAddress().has_value());
    EXPECT_EQ(point_to_point.HostCount(), 2u);
    EXPECT_EQ(point_to_point.FirstHost().ToString(), "10.0.0.0");
    EXPECT_EQ(Subnet::Parse("10.0.0.4/30").HostCount(), 2u);
    EXPECT_EQ(Subnet::Parse("10.0.0.4/32").HostCount(), 1u);

    const Subnet v6 = Subnet::Parse("fd00:1::/64");
    EXPECT_FALSE(v6.BroadcastAddress().has_value());
    EXPECT_EQ(v6.FirstHost().ToString(), "fd00:1::1");
    EXPECT_EQ(v6.LastAddress().ToString(), "fd00:1::ffff:ffff:ffff:ffff");
    EXPECT_EQ(v6.HostCount(), UINT64_MAX);
    EXPECT_EQ(Subnet::Parse("fd00::/120").HostCount(), 255u);
    EXPECT_TRUE(v6.IsReserved(IpAddress::Parse("fd00:1::")));
    EXPECT_FALSE(v6.IsReserved(IpAddress::Parse("fd00:1::ffff:ffff:ffff:ffff")));
}

}  // namespace
}  // namespace engine::net
