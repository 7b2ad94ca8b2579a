#include "engine/net/ipam/address_allocator.hpp"

#include <set>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::net {
namespace {

IpAddress Ip(std::string_view text) {
    return IpAddress::Parse(text);
}

AddressAllocator Allocator(std::string_view subnet,
                           std::optional<std::string_view> range,
                           std::optional<std::string_view> gateway) {
    return AddressAllocator(Subnet::Parse(subnet),
                            range ? std::optional(Subnet::Parse(*range)) : std::nullopt,
                            gateway ? std::optional(Ip(*gateway)) : std::nullopt);
}

// Runs `action` and returns the message of the Error it must throw with `code`.
template <class Action>
std::string ErrorOf(Errc code, Action action) {
    try {
        action();
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), code) << error.what();
        return error.what();
    }
    ADD_FAILURE() << "no error";
    return "";
}

TEST(AddressAllocatorTest, AllocatesSequentiallyAfterTheGateway) {
    AddressAllocator allocator = Allocator("172.20.0.0/16", std::nullopt, "172.20.0.1");
    EXPECT_EQ(allocator.Allocate().ToString(), "172.20.0.2");
    EXPECT_EQ(allocator.Allocate().ToString(), "172.20.0.3");
    EXPECT_TRUE(allocator.IsAllocated(Ip("172.20.0.3")));
    EXPECT_TRUE(allocator.IsAllocated(Ip("172.20.0.1")));
    EXPECT_FALSE(allocator.IsAllocated(Ip("172.20.0.4")));
    EXPECT_EQ(allocator.allocated_count(), 2u);
}

TEST(AddressAllocatorTest, ExhaustsASlash30WithoutNetworkBroadcastOrGateway) {
    AddressAllocator allocator = Allocator("10.0.0.4/30", std::nullopt, "10.0.0.5");
    EXPECT_EQ(allocator.Allocate().ToString(), "10.0.0.6");
    EXPECT_EQ(ErrorOf(Errc::kUnavailable, [&] { allocator.Allocate(); }),
              "no available IPv4 addresses on network subnet 10.0.0.4/30; remove unused containers from the network "
              "or use a larger subnet");
    allocator.Release(Ip("10.0.0.6"));
    EXPECT_EQ(allocator.Allocate().ToString(), "10.0.0.6");
}

TEST(AddressAllocatorTest, NeverHandsOutReservedAddresses) {
    AddressAllocator allocator = Allocator("10.0.0.0/28", std::nullopt, "10.0.0.9");
    std::set<std::string> handed_out;
    for (int i = 0; i < 13; ++i) {
        handed_out.insert(allocator.Allocate().ToString());
    }
    EXPECT_EQ(handed_out.size(), 13u);
    EXPECT_FALSE(handed_out.contains("10.0.0.0"));
    EXPECT_FALSE(handed_out.contains("10.0.0.9"));
    EXPECT_FALSE(handed_out.contains("10.0.0.15"));
    EXPECT_THROW(allocator.Allocate(), Error);
}

TEST(AddressAllocatorTest, HonoursIpRange) {
    AddressAllocator allocator = Allocator("172.20.0.0/16", "172.20.10.0/30", "172.20.0.1");
    EXPECT_EQ(allocator.Allocate().ToString(), "172.20.10.0");
    EXPECT_EQ(allocator.Allocate().ToString(), "172.20.10.1");
    EXPECT_EQ(allocator.Allocate().ToString(), "172.20.10.2");
    EXPECT_EQ(allocator.Allocate().ToString(), "172.20.10.3");
    EXPECT_EQ(ErrorOf(Errc::kUnavailable, [&] { allocator.Allocate(); }),
              "no available IPv4 addresses on network subnet 172.20.0.0/16 in ip range 172.20.10.0/30; remove unused "
              "containers from the network or use a larger subnet");
    // Addresses outside the range are still the subnet's for a static claim after a restart.
    allocator.Restore(Ip("172.20.3.3"));
    EXPECT_TRUE(allocator.IsAllocated(Ip("172.20.3.3")));
}

TEST(AddressAllocatorTest, ReleasedAddressWaitsForTheWrap) {
    AddressAllocator allocator = Allocator("10.0.0.0/29", std::nullopt, "10.0.0.1");
    EXPECT_EQ(allocator.Allocate().ToString(), "10.0.0.2");
    EXPECT_EQ(allocator.Allocate().ToString(), "10.0.0.3");
    allocator.Release(Ip("10.0.0.2"));
    allocator.Release(Ip("10.0.0.2"));  // releasing a free address is a no-op
    allocator.Release(Ip("10.0.0.1"));  // the gateway stays
    EXPECT_TRUE(allocator.IsAllocated(Ip("10.0.0.1")));
    EXPECT_EQ(allocator.Allocate().ToString(), "10.0.0.4");
    EXPECT_EQ(allocator.Allocate().ToString(), "10.0.0.5");
    EXPECT_EQ(allocator.Allocate().ToString(), "10.0.0.6");
    EXPECT_EQ(allocator.Allocate().ToString(), "10.0.0.2");  // wrapped past the broadcast .7
    EXPECT_THROW(allocator.Allocate(), Error);
}

TEST(AddressAllocatorTest, StaticReservations) {
    AddressAllocator allocator = Allocator("172.20.0.0/16", "172.20.0.0/24", "172.20.0.1");
    allocator.Reserve(Ip("172.20.0.5"));
    EXPECT_TRUE(allocator.IsAllocated(Ip("172.20.0.5")));
    EXPECT_EQ(ErrorOf(Errc::kConflict, [&] { allocator.Reserve(Ip("172.20.0.5")); }),
              "address 172.20.0.5 is already in use on subnet 172.20.0.0/16; choose another address");
    EXPECT_EQ(ErrorOf(Errc::kInvalidArgument, [&] { allocator.Reserve(Ip("10.0.0.5")); }),
              "address 10.0.0.5 is outside subnet 172.20.0.0/16; choose an address in the subnet");
    EXPECT_EQ(ErrorOf(Errc::kInvalidArgument, [&] { allocator.Reserve(Ip("172.20.3.5")); }),
              "address 172.20.3.5 is outside ip range 172.20.0.0/24 of subnet 172.20.0.0/16; choose an address in "
              "the range");
    EXPECT_EQ(ErrorOf(Errc::kInvalidArgument, [&] { allocator.Reserve(Ip("172.20.0.0")); }),
              "address 172.20.0.0 is the network address of subnet 172.20.0.0/16; choose a host address");
    EXPECT_EQ(ErrorOf(Errc::kInvalidArgument, [&] { allocator.Restore(Ip("172.20.255.255")); }),
              "address 172.20.255.255 is the broadcast address of subnet 172.20.0.0/16; choose a host address");
    EXPECT_EQ(ErrorOf(Errc::kInvalidArgument, [&] { allocator.Reserve(Ip("172.20.0.1")); }),
              "address 172.20.0.1 is the gateway of subnet 172.20.0.0/16; choose another address");
    EXPECT_EQ(ErrorOf(Errc::kInvalidArgument, [&] { allocator.Reserve(Ip("::ffff:172.20.0.9")); }),
              "address ::ffff:172.20.0.9 is outside subnet 172.20.0.0/16; choose an address in the subnet");
    EXPECT_EQ(ErrorOf(Errc::kConflict, [&] { allocator.Restore(Ip("172.20.0.5")); }),
              "address 172.20.0.5 is already in use on subnet 172.20.0.0/16; choose another address");
    // Allocation steps over static addresses.
    allocator.Reserve(Ip("172.20.0.2"));
    EXPECT_EQ(allocator.Allocate().ToString(), "172.20.0.3");
    EXPECT_EQ(allocator.Allocate().ToString(), "172.20.0.4");
    EXPECT_EQ(allocator.Allocate().ToString(), "172.20.0.6");
}

TEST(AddressAllocatorTest, RejectsRangeOrGatewayOutsideTheSubnet) {
    EXPECT_EQ(ErrorOf(Errc::kInvalidArgument, [] { Allocator("10.0.0.0/24", "10.0.1.0/25", std::nullopt); }),
              "ip range 10.0.1.0/25 is not inside subnet 10.0.0.0/24; choose a range within the subnet");
    EXPECT_EQ(ErrorOf(Errc::kInvalidArgument, [] { Allocator("10.0.0.0/24", std::nullopt, "10.0.0.255"); }),
              "gateway 10.0.0.255 is not a host address of subnet 10.0.0.0/24; choose an address such as 10.0.0.1");
    EXPECT_EQ(ErrorOf(Errc::kInvalidArgument, [] { Allocator("10.0.0.0/24", std::nullopt, "fd00::1"); }),
              "gateway fd00::1 is not a host address of subnet 10.0.0.0/24; choose an address such as 10.0.0.1");
}

TEST(AddressAllocatorTest, NoGatewayMeansTheFirstHostIsAllocatable) {
    AddressAllocator allocator = Allocator("10.0.0.0/31", std::nullopt, std::nullopt);
    EXPECT_EQ(allocator.Allocate().ToString(), "10.0.0.0");
    EXPECT_EQ(allocator.Allocate().ToString(), "10.0.0.1");
    EXPECT_THROW(allocator.Allocate(), Error);
}

TEST(AddressAllocatorTest, Ipv6SubnetsAllocateWithoutABitmap) {
    AddressAllocator allocator = Allocator("fd00:1::/64", std::nullopt, "fd00:1::1");
    EXPECT_EQ(allocator.Allocate().ToString(), "fd00:1::2");
    EXPECT_EQ(allocator.Allocate().ToString(), "fd00:1::3");
    allocator.Reserve(Ip("fd00:1::4"));
    EXPECT_EQ(allocator.Allocate().ToString(), "fd00:1::5");
    allocator.Restore(Ip("fd00:1::ffff:ffff:ffff:ffff"));  // no broadcast in IPv6
    EXPECT_EQ(ErrorOf(Errc::kInvalidArgument, [&] { allocator.Reserve(Ip("fd00:1::")); }),
              "address fd00:1:: is the network address of subnet fd00:1::/64; choose a host address");

    // A whole /48 as the subnet and a range at its very end: wrap-around and exhaustion work on
    // 128-bit addresses.
    AddressAllocator tail = Allocator("fd00:2::/48", "fd00:2:0:ffff:ffff:ffff:ffff:fffc/126", "fd00:2::1");
    EXPECT_EQ(tail.Allocate().ToString(), "fd00:2:0:ffff:ffff:ffff:ffff:fffc");
    EXPECT_EQ(tail.Allocate().ToString(), "fd00:2:0:ffff:ffff:ffff:ffff:fffd");
    EXPECT_EQ(tail.Allocate().ToString(), "fd00:2:0:ffff:ffff:ffff:ffff:fffe");
    EXPECT_EQ(tail.Allocate().ToString(), "fd00:2:0:ffff:ffff:ffff:ffff:ffff");
    EXPECT_EQ(ErrorOf(Errc::kUnavailable, [&] { tail.Allocate(); }),
              "no available IPv6 addresses on network subnet fd00:2::/48 in ip range "
              "fd00:2:0:ffff:ffff:ffff:ffff:fffc/126; remove unused containers from the network or use a larger "
              "subnet");
}

TEST(AddressAllocatorTest, ManyAllocationsStayFast) {
    AddressAllocator allocator = Allocator("10.0.0.0/16", std::nullopt, "10.0.0.1");
    for (int i = 0; i < 65533; ++i) {
        allocator.Allocate();
    }
    EXPECT_THROW(allocator.Allocate(), Error);
    allocator.Release(Ip("10.0.128.7"));
    EXPECT_EQ(allocator.Allocate().ToString(), "10.0.128.7");
}

}  // namespace
}  // namespace engine::net
