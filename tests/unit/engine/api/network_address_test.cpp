#include "engine/api/network_address.hpp"

#include <gtest/gtest.h>

#include "engine/api/network_bridge_options.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

IpPrefix Prefix(std::string_view text) {
    const std::optional<IpPrefix> prefix = ParseIpPrefix(text);
    EXPECT_TRUE(prefix) << text;
    return prefix.value_or(IpPrefix{});
}

TEST(NetworkAddressTest, AddressesFollowNetip) {
    EXPECT_EQ(ParseIpAddr("172.18.0.1")->ToString(), "172.18.0.1");
    EXPECT_EQ(ParseIpAddr("FD00:0:0::1")->ToString(), "fd00::1");
    EXPECT_EQ(ParseIpAddr("::ffff:1.2.3.4")->family, IpFamily::kV6);
    EXPECT_EQ(ParseIpAddr("10.0.0.1")->family, IpFamily::kV4);
    for (const char* bad : {"", "10.0.0", "010.0.0.1", "10.0.0.256", "fe80::1%eth0", "host", " 10.0.0.1"}) {
        EXPECT_FALSE(ParseIpAddr(bad)) << bad;
    }
}

TEST(NetworkAddressTest, PrefixesFollowNetip) {
    EXPECT_EQ(Prefix("10.0.0.1/8").ToString(), "10.0.0.1/8");
    EXPECT_EQ(Prefix("10.0.0.1/8").Masked().ToString(), "10.0.0.0/8");
    EXPECT_EQ(Prefix("fd00::1:2/64").Masked().ToString(), "fd00::/64");
    EXPECT_EQ(Prefix("10.1.2.3/0").Masked().ToString(), "0.0.0.0/0");
    EXPECT_EQ(Prefix("10.1.2.3/32").Masked(), Prefix("10.1.2.3/32"));
    for (const char* bad :
         {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/08", "10.0.0.0/-1", "10.0.0.0/", "fd00::/129", "x/8", "10.0.0.0/8/8"}) {
        EXPECT_FALSE(ParseIpPrefix(bad)) << bad;
    }
}

TEST(NetworkAddressTest, ContainsAndOverlaps) {
    const IpPrefix subnet = Prefix("10.1.0.0/16");
    EXPECT_TRUE(subnet.Contains(*ParseIpAddr("10.1.255.255")));
    EXPECT_FALSE(subnet.Contains(*ParseIpAddr("10.2.0.0")));
    EXPECT_FALSE(subnet.Contains(*ParseIpAddr("::ffff:10.1.0.1")));
    EXPECT_TRUE(Prefix("10.1.0.0/20").Contains(*ParseIpAddr("10.1.15.1")));
    EXPECT_FALSE(Prefix("10.1.0.0/20").Contains(*ParseIpAddr("10.1.16.1")));
    EXPECT_TRUE(subnet.Overlaps(Prefix("10.0.0.0/8")));
    EXPECT_TRUE(subnet.Overlaps(Prefix("10.1.3.0/24")));
    EXPECT_FALSE(subnet.Overlaps(Prefix("10.2.0.0/24")));
    EXPECT_FALSE(subnet.Overlaps(Prefix("fd00::/8")));
}

TEST(NetworkAddressTest, MacAddresses) {
    EXPECT_TRUE(IsValidMacAddress("02:42:ac:11:00:02"));
    EXPECT_TRUE(IsValidMacAddress("02-42-AC-11-00-02"));
    for (const char* bad : {"", "zz", "02:42:ac:11:00", "02:42:ac:11:00:0g", "02:42-ac:11:00:02", "0242ac110002"}) {
        EXPECT_FALSE(IsValidMacAddress(bad)) << bad;
    }
}

std::string BridgeError(std::map<std::string, std::string> options) {
    try {
        ParseBridgeOptions(options);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    return "no error";
}

TEST(BridgeOptionsTest, DefaultsAndValues) {
    EXPECT_EQ(ParseBridgeOptions(std::nullopt), BridgeOptions{});
    EXPECT_EQ(ParseBridgeOptions(std::map<std::string, std::string>{}), BridgeOptions{});
    const BridgeOptions options = ParseBridgeOptions(std::map<std::string, std::string>{
        {"com.docker.network.bridge.name", "br-test"},
        {"com.docker.network.driver.mtu", "1400"},
        {"com.docker.network.bridge.enable_ip_masquerade", "false"},
        {"com.docker.network.bridge.enable_icc", "0"},
        {"com.docker.network.bridge.host_binding_ipv4", "127.0.0.1"},
        {"com.docker.network.bridge.default_bridge", "true"},
    });
    EXPECT_EQ(options, (BridgeOptions{"br-test", 1400, false, false, "127.0.0.1"}));
    EXPECT_EQ(ParseBridgeOptions(std::map<std::string, std::string>{{"com.docker.network.bridge.enable_icc", "T"}})
                  .enable_icc,
              true);
}

TEST(BridgeOptionsTest, BadValuesAreMobysErrors) {
    EXPECT_EQ(BridgeError({{"com.docker.network.driver.mtu", "abc"}}),
              "failed to parse com.docker.network.driver.mtu value: abc (strconv.Atoi: parsing \"abc\": invalid "
              "syntax)");
    EXPECT_EQ(BridgeError({{"com.docker.network.driver.mtu", "99999999999999999999"}}),
              "failed to parse com.docker.network.driver.mtu value: 99999999999999999999 (strconv.Atoi: parsing "
              "\"99999999999999999999\": value out of range)");
    EXPECT_EQ(BridgeError({{"com.docker.network.driver.mtu", "-5"}}),
              "invalid MTU number: -5 (com.docker.network.driver.mtu must be 0 for the default, or from 68 to "
              "65535)");
    EXPECT_EQ(BridgeError({{"com.docker.network.driver.mtu", "+1500"}}), "no error");
    EXPECT_EQ(BridgeError({{"com.docker.network.bridge.enable_icc", "maybe"}}),
              "failed to parse com.docker.network.bridge.enable_icc value: maybe (strconv.ParseBool: parsing "
              "\"maybe\": invalid syntax)");
    EXPECT_EQ(BridgeError({{"com.docker.network.bridge.host_binding_ipv4", "localhost"}}),
              "failed to parse com.docker.network.bridge.host_binding_ipv4 value: localhost (nil ip)");
    EXPECT_EQ(BridgeError({{"com.docker.network.bridge.name", "a-very-long-bridge"}}),
              "invalid bridge name \"a-very-long-bridge\" (an interface name has at most 15 characters): change "
              "com.docker.network.bridge.name");
    EXPECT_EQ(BridgeError({{"com.docker.network.bridge.name", "br/0"}}),
              "invalid bridge name \"br/0\" (an interface name has no '/', ':' or whitespace): change "
              "com.docker.network.bridge.name");
}

}  // namespace
}  // namespace engine::api
