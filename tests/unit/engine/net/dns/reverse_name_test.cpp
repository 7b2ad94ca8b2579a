#include "engine/net/dns/reverse_name.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/net/dns/upstream.hpp"

namespace engine::net::dns {
namespace {

TEST(ReverseNameTest, Ipv4) {
    EXPECT_EQ(ReverseName(IpAddress::Parse("172.20.0.5")), "5.0.20.172.in-addr.arpa");
    EXPECT_EQ(ParseReverseName("5.0.20.172.in-addr.arpa"), IpAddress::Parse("172.20.0.5"));
    for (const char* name : {"20.172.in-addr.arpa",
                             "1.5.0.20.172.in-addr.arpa",
                             "256.0.20.172.in-addr.arpa",
                             "05.0.20.172.in-addr.arpa",
                             "x.0.20.172.in-addr.arpa",
                             "in-addr.arpa",
                             "web.mynet",
                             ".0.20.172.in-addr.arpa"}) {
        EXPECT_FALSE(ParseReverseName(name).has_value()) << name;
    }
}

TEST(ReverseNameTest, Ipv6) {
    const IpAddress address = IpAddress::Parse("fd00:1::ab5");
    const std::string name = ReverseName(address);
    EXPECT_EQ(name, "5.b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.d.f.ip6.arpa");
    EXPECT_EQ(ParseReverseName(name), address);
    // 31 nibbles, a non-hex nibble, a two-digit label.
    EXPECT_FALSE(
        ParseReverseName("b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.d.f.ip6.arpa").has_value());
    EXPECT_FALSE(
        ParseReverseName("g.b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.d.f.ip6.arpa").has_value());
    EXPECT_FALSE(
        ParseReverseName("5.b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.d.fd.ip6.arpa").has_value());
}

std::string UpstreamError(std::string_view text) {
    try {
        ParseUpstream(text);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    ADD_FAILURE() << text << " parsed";
    return "";
}

TEST(UpstreamTest, Parses) {
    EXPECT_EQ(ParseUpstream("10.0.0.2"), (Upstream{IpAddress::Parse("10.0.0.2"), 53}));
    EXPECT_EQ(ParseUpstream("127.0.0.1:5353"), (Upstream{IpAddress::Parse("127.0.0.1"), 5353}));
    EXPECT_EQ(ParseUpstream("[::1]:53"), (Upstream{IpAddress::Parse("::1"), 53}));
    EXPECT_EQ(ParseUpstream("[::1]"), (Upstream{IpAddress::Parse("::1"), 53}));
    EXPECT_EQ(ParseUpstream("fd00::53"), (Upstream{IpAddress::Parse("fd00::53"), 53}));
    EXPECT_EQ(ParseUpstream("[::1]:5353").ToString(), "[::1]:5353");
    EXPECT_EQ(ParseUpstream("10.0.0.2").ToString(), "10.0.0.2:53");
}

TEST(UpstreamTest, RejectsWithTheText) {
    const std::string hint = "; use an address with an optional port, e.g. 10.0.0.2, 127.0.0.1:5353 or [::1]:53";
    EXPECT_EQ(UpstreamError("dns.example"),
              "invalid DNS server \"dns.example\": \"dns.example\" is not an IP address" + hint);
    EXPECT_EQ(UpstreamError("10.0.0.2:0"),
              "invalid DNS server \"10.0.0.2:0\": port \"0\" is not a number from 1 to 65535" + hint);
    EXPECT_EQ(UpstreamError("10.0.0.2:70000"),
              "invalid DNS server \"10.0.0.2:70000\": port \"70000\" is not a number from 1 to 65535" + hint);
    EXPECT_EQ(UpstreamError("[::1"), "invalid DNS server \"[::1\": missing ']'" + hint);
    EXPECT_EQ(UpstreamError("[::1]53"), "invalid DNS server \"[::1]53\": expected ':' and a port after ']'" + hint);
    EXPECT_EQ(UpstreamError("[10.0.0.2]:53"),
              "invalid DNS server \"[10.0.0.2]:53\": brackets are for IPv6 addresses" + hint);
    EXPECT_EQ(UpstreamError(""), "invalid DNS server \"\": \"\" is not an IP address" + hint);
}

}  // namespace
}  // namespace engine::net::dns
