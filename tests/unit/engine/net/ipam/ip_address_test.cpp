#include "engine/net/ipam/ip_address.hpp"

#include <unordered_set>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::net {
namespace {

std::string ParseError(std::string_view text) {
    try {
        IpAddress::Parse(text);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    ADD_FAILURE() << "\"" << text << "\" parsed";
    return "";
}

TEST(IpAddressTest, ParsesAndPrintsIpv4) {
    const IpAddress address = IpAddress::Parse("172.20.0.5");
    EXPECT_FALSE(address.is_v6());
    EXPECT_EQ(address.bit_length(), 32);
    EXPECT_EQ(address.ToString(), "172.20.0.5");
    EXPECT_EQ(address.bytes().size(), 4u);
    EXPECT_EQ(address.bytes()[0], 172);
    EXPECT_EQ(IpAddress::Parse("0.0.0.0").ToString(), "0.0.0.0");
    EXPECT_EQ(IpAddress::Parse("255.255.255.255").ToString(), "255.255.255.255");
}

TEST(IpAddressTest, RejectsBadIpv4WithTheReason) {
    EXPECT_EQ(ParseError("10.0.0.300"), "invalid IP address \"10.0.0.300\": octet 300 is larger than 255");
    EXPECT_EQ(ParseError("10.0.0"), "invalid IP address \"10.0.0\": an IPv4 address has exactly four octets");
    EXPECT_EQ(ParseError("10.0.0.1.2"), "invalid IP address \"10.0.0.1.2\": an IPv4 address has exactly four octets");
    EXPECT_EQ(ParseError("10.0.0.01"), "invalid IP address \"10.0.0.01\": octet \"01\" has a leading zero");
    EXPECT_EQ(ParseError("10..0.1"), "invalid IP address \"10..0.1\": octet \"\" is not a decimal number");
    EXPECT_EQ(ParseError("10.0.0.x"), "invalid IP address \"10.0.0.x\": octet \"x\" is not a decimal number");
    EXPECT_EQ(ParseError(""), "invalid IP address \"\": empty text");
    EXPECT_FALSE(IpAddress::TryParse(" 10.0.0.1").has_value());
    EXPECT_FALSE(IpAddress::TryParse("10.0.0.1 ").has_value());
    EXPECT_FALSE(IpAddress::TryParse("10.0.0.1/24").has_value());
    EXPECT_FALSE(IpAddress::TryParse("-1.0.0.1").has_value());
}

TEST(IpAddressTest, ParsesIpv6InRfc5952Form) {
    EXPECT_EQ(IpAddress::Parse("fd00::1").ToString(), "fd00::1");
    EXPECT_TRUE(IpAddress::Parse("fd00::1").is_v6());
    EXPECT_EQ(IpAddress::Parse("::").ToString(), "::");
    EXPECT_EQ(IpAddress::Parse("::1").ToString(), "::1");
    EXPECT_EQ(IpAddress::Parse("FD00:0000:0000:0000:0000:0000:0000:0001").ToString(), "fd00::1");
    EXPECT_EQ(IpAddress::Parse("2001:db8:0:0:1:0:0:1").ToString(), "2001:db8::1:0:0:1");
    EXPECT_EQ(IpAddress::Parse("2001:db8:0:1:1:1:1:1").ToString(), "2001:db8:0:1:1:1:1:1");
    EXPECT_EQ(IpAddress::Parse("1::").ToString(), "1::");
    EXPECT_EQ(IpAddress::Parse("::ffff:10.0.0.1").ToString(), "::ffff:10.0.0.1");
    EXPECT_EQ(IpAddress::Parse("64:ff9b::192.0.2.33").ToString(), "64:ff9b::c000:221");
    EXPECT_EQ(IpAddress::Parse("1:2:3:4:5:6:7:8").bytes().size(), 16u);
}

TEST(IpAddressTest, RejectsBadIpv6) {
    EXPECT_EQ(ParseError("fd00::1::2"), "invalid IP address \"fd00::1::2\": \"::\" may appear only once");
    EXPECT_EQ(ParseError("1:2:3:4:5:6:7"),
              "invalid IP address \"1:2:3:4:5:6:7\": an IPv6 address has eight groups unless \"::\" stands for some");
    EXPECT_EQ(ParseError("1:2:3:4:5:6:7::8"), "invalid IP address \"1:2:3:4:5:6:7::8\": too many groups");
    EXPECT_EQ(ParseError("fd00::12345"),
              "invalid IP address \"fd00::12345\": group \"12345\" is not 1 to 4 hexadecimal digits");
    EXPECT_EQ(ParseError("[::1]"),
              "invalid IP address \"[::1]\": brackets, zones and prefix lengths are not part of an address");
    for (const char* text : {":1", "1:", ":::", "fe80::1%eth0", "::g", "1.2.3.4::", "::1.2.3", "::-1"}) {
        EXPECT_FALSE(IpAddress::TryParse(text).has_value()) << text;
    }
}

TEST(IpAddressTest, OrdersIpv4BeforeIpv6AndNumerically) {
    EXPECT_LT(IpAddress::Parse("10.0.0.2"), IpAddress::Parse("10.0.0.10"));
    EXPECT_LT(IpAddress::Parse("255.255.255.255"), IpAddress::Parse("::"));
    EXPECT_NE(IpAddress::Parse("::ffff:10.0.0.1"), IpAddress::Parse("10.0.0.1"));
    EXPECT_EQ(IpAddress::Parse("fd00::1"), IpAddress::Parse("fd00:0::0:1"));
    std::unordered_set<IpAddress> set{IpAddress::Parse("10.0.0.1"), IpAddress::Parse("fd00::1")};
    EXPECT_TRUE(set.contains(IpAddress::Parse("10.0.0.1")));
    EXPECT_FALSE(set.contains(IpAddress::Parse("10.0.0.2")));
}

TEST(IpAddressTest, ArithmeticCarriesAndStopsAtTheEndOfTheFamily) {
    EXPECT_EQ(IpAddress::Parse("10.0.0.255").Next()->ToString(), "10.0.1.0");
    EXPECT_EQ(IpAddress::Parse("10.0.0.1").Plus(65536)->ToString(), "10.1.0.1");
    EXPECT_FALSE(IpAddress::Parse("255.255.255.255").Next().has_value());
    EXPECT_FALSE(IpAddress::Parse("10.0.0.1").Plus(std::uint64_t{1} << 40).has_value());
    EXPECT_EQ(IpAddress::Parse("fd00::ffff:ffff:ffff:ffff").Next()->ToString(), "fd00:0:0:1::");
    EXPECT_FALSE(IpAddress::Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").Next().has_value());
    EXPECT_EQ(IpAddress::Parse("10.1.0.1").OffsetFrom(IpAddress::Parse("10.0.0.0")), 65537u);
    EXPECT_EQ(IpAddress::Parse("fd00::1:0").OffsetFrom(IpAddress::Parse("fd00::ffff")), 1u);
    EXPECT_FALSE(IpAddress::Parse("10.0.0.1").OffsetFrom(IpAddress::Parse("10.0.0.2")).has_value());
    EXPECT_FALSE(IpAddress::Parse("fd01::").OffsetFrom(IpAddress::Parse("fd00::")).has_value());
    EXPECT_FALSE(IpAddress::Parse("::1").OffsetFrom(IpAddress::Parse("0.0.0.0")).has_value());
}

TEST(IpAddressTest, MasksHostBits) {
    EXPECT_EQ(IpAddress::Parse("172.20.3.7").Masked(16).ToString(), "172.20.0.0");
    EXPECT_EQ(IpAddress::Parse("172.20.3.7").Masked(20).ToString(), "172.20.0.0");
    EXPECT_EQ(IpAddress::Parse("172.20.3.7").WithHostBitsSet(20).ToString(), "172.20.15.255");
    EXPECT_EQ(IpAddress::Parse("172.20.3.7").Masked(32).ToString(), "172.20.3.7");
    EXPECT_EQ(IpAddress::Parse("fd00:1:2:3:4:5:6:7").Masked(64).ToString(), "fd00:1:2:3::");
    EXPECT_EQ(IpAddress::Parse("fd00::").WithHostBitsSet(120).ToString(), "fd00::ff");
}

}  // namespace
}  // namespace engine::net
