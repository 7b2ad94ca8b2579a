#include "engine/net/ipam/address_pools.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::net {
namespace {

std::vector<Subnet> Subnets(std::initializer_list<const char*> texts) {
    std::vector<Subnet> subnets;
    for (const char* text : texts) {
        subnets.push_back(Subnet::Parse(text));
    }
    return subnets;
}

std::string PoolError(std::string_view text) {
    try {
        ParseAddressPool(text);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    ADD_FAILURE() << "\"" << text << "\" parsed";
    return "";
}

TEST(AddressPoolsTest, DefaultsAreDockers) {
    const std::vector<AddressPool> pools = DefaultAddressPools();
    ASSERT_EQ(pools.size(), 7u);
    EXPECT_EQ(pools[0].base.ToString(), "172.17.0.0/16");
    EXPECT_EQ(pools[3].base.ToString(), "172.20.0.0/14");
    EXPECT_EQ(pools[3].size, 16);
    EXPECT_EQ(pools[6].base.ToString(), "192.168.0.0/16");
    EXPECT_EQ(pools[6].size, 20);
}

TEST(AddressPoolsTest, DefaultsHandOutDockersSequence) {
    const std::vector<AddressPool> pools = DefaultAddressPools();
    std::vector<Subnet> taken;
    std::vector<std::string> handed_out;
    while (auto subnet = AllocateSubnet(pools, taken)) {
        handed_out.push_back(subnet->ToString());
        taken.push_back(*subnet);
    }
    ASSERT_EQ(handed_out.size(), 15u + 16u);
    EXPECT_EQ(handed_out[0], "172.17.0.0/16");
    EXPECT_EQ(handed_out[1], "172.18.0.0/16");
    EXPECT_EQ(handed_out[3], "172.20.0.0/16");
    EXPECT_EQ(handed_out[14], "172.31.0.0/16");
    EXPECT_EQ(handed_out[15], "192.168.0.0/20");
    EXPECT_EQ(handed_out[16], "192.168.16.0/20");
    EXPECT_EQ(handed_out[30], "192.168.240.0/20");
}

TEST(AddressPoolsTest, SkipsTakenSubnetsAndHostRoutes) {
    const std::vector<AddressPool> pools = DefaultAddressPools();
    // The default bridge, a host route inside 172.18/16, and a wide VPN route over 172.19-23.
    const auto taken = Subnets({"172.17.0.0/16", "172.18.200.0/24", "172.19.0.0/16", "172.20.0.0/14"});
    EXPECT_EQ(AllocateSubnet(pools, taken)->ToString(), "172.24.0.0/16");
    EXPECT_EQ(AllocateSubnet(pools, Subnets({"172.16.0.0/12"}))->ToString(), "192.168.0.0/20");
    EXPECT_EQ(AllocateSubnet(pools, Subnets({"172.16.0.0/12", "192.168.0.0/24"}))->ToString(), "192.168.16.0/20");
    EXPECT_FALSE(AllocateSubnet(pools, Subnets({"172.16.0.0/12", "192.168.0.0/16"})).has_value());
}

TEST(AddressPoolsTest, CustomPoolsIncludingHugeIpv6Ones) {
    const std::vector<AddressPool> pools = {ParseAddressPool("base=10.10.0.0/16,size=24")};
    EXPECT_EQ(AllocateSubnet(pools, {})->ToString(), "10.10.0.0/24");
    EXPECT_EQ(AllocateSubnet(pools, Subnets({"10.10.0.0/24", "10.10.1.128/25"}))->ToString(), "10.10.2.0/24");
    EXPECT_EQ(AllocateSubnet(pools, Subnets({"fd00::/8"}))->ToString(), "10.10.0.0/24");

    // 2^56 candidate /64s: a taken /9 must be skipped in one step, not block by block.
    const std::vector<AddressPool> v6 = {ParseAddressPool("size=64,base=fd00::/8")};
    EXPECT_EQ(AllocateSubnet(v6, {})->ToString(), "fd00::/64");
    EXPECT_EQ(AllocateSubnet(v6, Subnets({"fd00::/9", "fd80::/64"}))->ToString(), "fd80:0:0:1::/64");
    EXPECT_FALSE(AllocateSubnet(v6, Subnets({"fc00::/7"})).has_value());
}

TEST(AddressPoolsTest, LastBlockOfTheAddressSpace) {
    const std::vector<AddressPool> pools = {ParseAddressPool("base=255.255.255.0/24,size=25")};
    EXPECT_EQ(AllocateSubnet(pools, Subnets({"255.255.255.0/25"}))->ToString(), "255.255.255.128/25");
    EXPECT_FALSE(AllocateSubnet(pools, Subnets({"255.255.255.0/25", "255.255.255.128/25"})).has_value());
}

TEST(AddressPoolsTest, RejectsBadPoolOptions) {
    EXPECT_EQ(ParseAddressPool("base=10.10.0.0/16,size=24"), (AddressPool{Subnet::Parse("10.10.0.0/16"), 24}));
    EXPECT_EQ(PoolError("base=10.10.0.0/16"),
              "invalid address pool \"base=10.10.0.0/16\": both base and size are required, e.g. "
              "base=10.10.0.0/16,size=24");
    EXPECT_EQ(PoolError("base=10.10.0.0/16,size=8"),
              "invalid address pool \"base=10.10.0.0/16,size=8\": size 8 must be between the base's prefix length "
              "16 and 32");
    EXPECT_EQ(PoolError("base=10.10.0.0/16,size=33"),
              "invalid address pool \"base=10.10.0.0/16,size=33\": size 33 must be between the base's prefix "
              "length 16 and 32");
    EXPECT_EQ(PoolError("base=10.10.0.0/16,size=x"),
              "invalid address pool \"base=10.10.0.0/16,size=x\": size \"x\" is not a prefix length");
    EXPECT_EQ(PoolError("base=10.10.0.0/16,size=24,scope=local"),
              "invalid address pool \"base=10.10.0.0/16,size=24,scope=local\": unknown key \"scope\"; the keys are "
              "base and size");
    EXPECT_EQ(PoolError("10.10.0.0/16"),
              "invalid address pool \"10.10.0.0/16\": field \"10.10.0.0/16\" must be a key=value pair");
    EXPECT_EQ(PoolError("base=10.10.0.1/16,size=24"),
              "invalid address pool \"base=10.10.0.1/16,size=24\": invalid subnet 10.10.0.1/16: it should be "
              "10.10.0.0/16 (host bits are set)");
    EXPECT_EQ(PoolError(""), "invalid address pool \"\": field \"\" must be a key=value pair");
}

}  // namespace
}  // namespace engine::net
