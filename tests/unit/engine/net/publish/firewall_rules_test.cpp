#include "engine/net/publish/firewall_rules.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::net {
namespace {

BridgeRules DefaultBridge() {
    return {.bridge = "berth0", .subnets = {"172.18.0.0/16"}};
}

PublishedPort Port(std::string protocol,
                   std::string host_ip,
                   std::uint16_t host_port,
                   std::string container_ip,
                   std::uint16_t container_port,
                   std::string bridge = "berth0") {
    return {.protocol = std::move(protocol),
            .host_ip = std::move(host_ip),
            .host_port = host_port,
            .container_ip = std::move(container_ip),
            .container_port = container_port,
            .bridge = std::move(bridge)};
}

TEST(BuildRuleset, OneBridgeOnePort) {
    EXPECT_EQ(BuildRuleset("berth", {DefaultBridge()}, {Port("tcp", "", 8080, "172.18.0.2", 80)}),
              "add table inet berth\n"
              "delete table inet berth\n"
              "table inet berth {\n"
              "\tchain prerouting {\n"
              "\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
              "\t\tiifname != \"berth0\" meta nfproto ipv4 fib daddr type local tcp dport 8080 dnat ip to "
              "172.18.0.2:80\n"
              "\t}\n"
              "\tchain postrouting {\n"
              "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
              "\t\tip saddr 172.18.0.0/16 oifname != \"berth0\" masquerade\n"
              "\t}\n"
              "\tchain forward {\n"
              "\t\ttype filter hook forward priority filter; policy accept;\n"
              "\t\tct state established,related accept\n"
              "\t\tct status dnat accept\n"
              "\t}\n"
              "}\n");
}

TEST(BuildRuleset, NothingToDoStillReplacesTheTable) {
    EXPECT_EQ(BuildRuleset("bt", {}, {}),
              "add table inet bt\n"
              "delete table inet bt\n"
              "table inet bt {\n"
              "\tchain prerouting {\n"
              "\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
              "\t}\n"
              "\tchain postrouting {\n"
              "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
              "\t}\n"
              "\tchain forward {\n"
              "\t\ttype filter hook forward priority filter; policy accept;\n"
              "\t\tct state established,related accept\n"
              "\t\tct status dnat accept\n"
              "\t}\n"
              "}\n");
}

// Every variant at once: dual-stack bridge with icc off, an internal bridge, a bridge without
// masquerading; udp, a given host address of each family, "::" and "0.0.0.0" wildcards.
std::vector<BridgeRules> MixedBridges() {
    return {
        {.bridge = "br-web",
         .subnets = {"172.20.5.1/24", "fd00:20::1/64"},  // host bits set: cleared in the rules
         .inter_container = false},
        {.bridge = "br-db", .subnets = {"10.9.0.0/16"}, .internal = true},
        {.bridge = "br-raw", .subnets = {"172.21.0.0/16"}, .masquerade = false},
    };
}

std::vector<PublishedPort> MixedPorts() {
    return {
        Port("udp", "192.0.2.1", 53, "172.20.5.2", 5353, "br-web"),
        Port("tcp", "::", 8443, "fd00:20::2", 443, "br-web"),
        Port("tcp", "2001:db8::7", 8444, "fd00:20::2", 443, "br-web"),
        Port("tcp", "0.0.0.0", 9000, "172.21.0.3", 9000, "br-raw"),
        Port("tcp", "::", 9001, "172.21.0.3", 9000, "br-raw"),           // family mismatch: proxy only
        Port("tcp", "2001:db8::7", 9002, "172.21.0.3", 9000, "br-raw"),  // likewise
        Port("tcp", "", 5432, "10.9.0.2", 5432, "br-db"),                // internal: not published
    };
}

TEST(BuildRuleset, MixedVariants) {
    const std::string bridges = "{ \"br-web\", \"br-db\", \"br-raw\" }";
    EXPECT_EQ(BuildRuleset("berth", MixedBridges(), MixedPorts()),
              "add table inet berth\n"
              "delete table inet berth\n"
              "table inet berth {\n"
              "\tchain prerouting {\n"
              "\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
              "\t\tiifname != " +
                  bridges +
                  " ip daddr 192.0.2.1 fib daddr type local udp dport 53 dnat ip to "
                  "172.20.5.2:5353\n"
                  "\t\tiifname != " +
                  bridges +
                  " meta nfproto ipv6 fib daddr type local tcp dport 8443 dnat ip6 to "
                  "[fd00:20::2]:443\n"
                  "\t\tiifname != " +
                  bridges +
                  " ip6 daddr 2001:db8::7 fib daddr type local tcp dport 8444 dnat ip6 to "
                  "[fd00:20::2]:443\n"
                  "\t\tiifname != " +
                  bridges +
                  " meta nfproto ipv4 fib daddr type local tcp dport 9000 dnat ip to "
                  "172.21.0.3:9000\n"
                  "\t}\n"
                  "\tchain postrouting {\n"
                  "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
                  "\t\tip saddr 172.20.5.0/24 oifname != \"br-web\" masquerade\n"
                  "\t\tip6 saddr fd00:20::/64 oifname != \"br-web\" masquerade\n"
                  "\t}\n"
                  "\tchain forward {\n"
                  "\t\ttype filter hook forward priority filter; policy accept;\n"
                  "\t\tct state established,related accept\n"
                  "\t\tiifname \"br-db\" oifname != \"br-db\" drop\n"
                  "\t\toifname \"br-db\" iifname != \"br-db\" drop\n"
                  "\t\tct status dnat accept\n"
                  "\t\tiifname \"br-web\" oifname { \"br-db\", \"br-raw\" } drop\n"
                  "\t\tiifname \"br-db\" oifname { \"br-web\", \"br-raw\" } drop\n"
                  "\t\tiifname \"br-raw\" oifname { \"br-web\", \"br-db\" } drop\n"
                  "\t\tiifname \"br-web\" oifname \"br-web\" drop\n"
                  "\t}\n"
                  "}\n");
}

TEST(BuildRuleset, TwoBridgesIsolateEachOtherWithOneName) {
    const std::string script =
        BuildRuleset("berth", {DefaultBridge(), {.bridge = "br-b", .subnets = {"172.19.0.0/16"}}}, {});
    EXPECT_NE(script.find("\t\tiifname \"berth0\" oifname \"br-b\" drop\n"), std::string::npos) << script;
    EXPECT_NE(script.find("\t\tiifname \"br-b\" oifname \"berth0\" drop\n"), std::string::npos) << script;
}

TEST(DeleteRulesetScript, SucceedsWhetherOrNotTheTableExists) {
    EXPECT_EQ(DeleteRulesetScript("berth"), "add table inet berth\ndelete table inet berth\n");
}

void ExpectInvalid(const std::function<void()>& build, const std::string& message) {
    try {
        build();
        ADD_FAILURE() << "expected: " << message;
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        EXPECT_EQ(error.what(), message);
    }
}

TEST(BuildRuleset, RejectsMalformedNames) {
    ExpectInvalid([] { BuildRuleset("berth; flush ruleset", {}, {}); },
                  "nft table name \"berth; flush ruleset\": use letters, digits and underscores, starting with a "
                  "letter");
    ExpectInvalid([] { DeleteRulesetScript(""); },
                  "nft table name \"\": use letters, digits and underscores, starting with a letter");
    ExpectInvalid([] { BuildRuleset("berth", {{.bridge = "br\" accept", .subnets = {}}}, {}); },
                  "bridge \"br\" accept\": an interface name has 1 to 15 letters, digits, '-', '_' or '.'");
    ExpectInvalid([] { BuildRuleset("berth", {{.bridge = "br-0123456789abc", .subnets = {}}}, {}); },
                  "bridge \"br-0123456789abc\": an interface name has 1 to 15 letters, digits, '-', '_' or '.'");
    ExpectInvalid(
        [] {
            BuildRuleset("berth", {DefaultBridge(), DefaultBridge()}, {});
        },
        "bridge berth0 is listed twice");
}

TEST(BuildRuleset, RejectsMalformedSubnets) {
    for (const std::string subnet : {"10.1.0.0/33", "10.1.0.0", "fd00::/129", "net"}) {
        ExpectInvalid([&subnet] { BuildRuleset("berth", {{.bridge = "br0", .subnets = {subnet}}}, {}); },
                      "bridge br0: subnet " + subnet + ": not an IPv4 or IPv6 network in CIDR form (address/prefix)");
    }
}

TEST(BuildRuleset, RejectsMalformedPorts) {
    const auto build = [](const PublishedPort& port) { BuildRuleset("berth", {DefaultBridge()}, {port}); };
    ExpectInvalid([&] { build(Port("sctp", "", 8080, "172.18.0.2", 80)); },
                  "publish 8080/sctp: protocol must be tcp or udp");
    ExpectInvalid([&] { build(Port("tcp", "127.0.0.1", 0, "172.18.0.2", 80)); },
                  "publish 127.0.0.1:0/tcp: host port must be 1-65535 (publish the port a proxy bound to port 0 got)");
    ExpectInvalid([&] { build(Port("udp", "::1", 53, "172.18.0.2", 0)); },
                  "publish [::1]:53/udp: container port must be 1-65535");
    ExpectInvalid([&] { build(Port("tcp", "", 8080, "172.18.0.300", 80)); },
                  "publish 8080/tcp: container address \"172.18.0.300\" is not an IP address");
    ExpectInvalid([&] { build(Port("tcp", "localhost", 8080, "172.18.0.2", 80)); },
                  "publish localhost:8080/tcp: host address \"localhost\" is not an IP address");
    ExpectInvalid([&] { build(Port("tcp", "fe80::1%eth0", 8080, "fd00::2", 80)); },
                  "publish [fe80::1%eth0]:8080/tcp: host address \"fe80::1%eth0\" is not an IP address");
    ExpectInvalid([&] { build(Port("tcp", "", 8080, "172.18.0.2", 80, "br-gone")); },
                  "publish 8080/tcp: bridge \"br-gone\" is not one of the networks' bridges");
}

}  // namespace
}  // namespace engine::net
