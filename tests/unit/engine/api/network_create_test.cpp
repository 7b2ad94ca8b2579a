#include "engine/api/network_create.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

using nlohmann::json;
using Configs = std::vector<IpamConfig>;

struct Failure {
    Errc code;
    std::string message;
};

Failure CreateError(const json& body) {
    try {
        ParseNetworkCreate(body);
    } catch (const Error& error) {
        return {error.code(), error.what()};
    }
    return {Errc::kInternal, "no error"};
}

std::string InvalidCreate(const json& body) {
    const Failure failure = CreateError(body);
    EXPECT_EQ(failure.code, Errc::kInvalidArgument) << failure.message;
    return failure.message;
}

json WithIpam(json configs, bool ipv6 = false) {
    return {{"Name", "n"}, {"EnableIPv6", ipv6}, {"IPAM", {{"Config", std::move(configs)}}}};
}

// `docker network create --subnet 10.1.0.0/16 --gateway 10.1.0.1 --ip-range 10.1.1.0/24
// --subnet fd00::/64 --ipv6 --internal --attachable --label a=b --label c -o
// com.docker.network.driver.mtu=1400 --ipam-opt x=y --aux-address host1=10.1.0.5 n2`, as the
// v28 CLI sent it to a recording server.
const json kDockerCliBody = json::parse(R"({
  "Driver": "bridge", "Scope": "", "EnableIPv6": true,
  "IPAM": {"Driver": "default", "Options": {"x": "y"}, "Config": [
    {"Subnet": "10.1.0.0/16", "IPRange": "10.1.1.0/24", "Gateway": "10.1.0.1",
     "AuxiliaryAddresses": {"host1": "10.1.0.5"}},
    {"Subnet": "fd00::/64"}]},
  "Internal": true, "Attachable": true, "Ingress": false, "ConfigOnly": false, "ConfigFrom": null,
  "Options": {"com.docker.network.driver.mtu": "1400"}, "Labels": {"a": "b", "c": ""},
  "Name": "n2", "CheckDuplicate": true})");

TEST(NetworkCreateTest, DecodesTheDockerCliBody) {
    const NetworkCreateRequest request = ParseNetworkCreate(kDockerCliBody);
    EXPECT_EQ(request.name, "n2");
    EXPECT_EQ(request.check_duplicate, true);
    EXPECT_EQ(request.driver, "bridge");
    EXPECT_EQ(request.scope, "");
    EXPECT_TRUE(request.enable_ipv6);
    EXPECT_EQ(request.enable_ipv4, std::nullopt);
    EXPECT_TRUE(request.internal);
    EXPECT_TRUE(request.attachable);
    EXPECT_FALSE(request.ingress);
    EXPECT_EQ(request.config_from, std::nullopt);
    ASSERT_TRUE(request.ipam);
    EXPECT_EQ(request.ipam->driver, "default");
    EXPECT_EQ(request.ipam->options, (StringMap{{{"x", "y"}}}));
    EXPECT_EQ(request.ipam->config,
              (Configs{{"10.1.0.0/16", "10.1.1.0/24", "10.1.0.1", StringMap{{{"host1", "10.1.0.5"}}}},
                       {"fd00::/64", "", "", std::nullopt}}));
    EXPECT_EQ(request.options, (StringMap{{{"com.docker.network.driver.mtu", "1400"}}}));
    EXPECT_EQ(request.labels, (StringMap{{{"a", "b"}, {"c", ""}}}));
}

TEST(NetworkCreateTest, ComposeBodyGetsDefaults) {
    // docker-compose 1.29: no Driver, IPAM or Options when the file sets none; unknown keys pass.
    const NetworkCreateRequest request = ParseNetworkCreate({{"Name", "p_default"},
                                                             {"Labels", {{"com.docker.compose.project", "p"}}},
                                                             {"Attachable", true},
                                                             {"CheckDuplicate", true},
                                                             {"SomethingNew", 1}});
    EXPECT_EQ(request.driver, "bridge");
    ASSERT_TRUE(request.ipam);
    EXPECT_EQ(*request.ipam, (Ipam{"default", std::nullopt, std::nullopt}));
    EXPECT_EQ(request.options, std::nullopt);
    EXPECT_FALSE(request.enable_ipv6);
}

TEST(NetworkCreateTest, KeysMatchCaseInsensitivelyAsInGo) {
    const NetworkCreateRequest request = ParseNetworkCreate({{"name", "n"}, {"internal", true}});
    EXPECT_EQ(request.name, "n");
    EXPECT_TRUE(request.internal);
}

TEST(NetworkCreateTest, WrongTypesNameTheField) {
    EXPECT_EQ(InvalidCreate({{"Name", "n"}, {"Internal", "yes"}}),
              "invalid JSON: json: cannot unmarshal string into Go struct field CreateRequest.Internal of type bool");
    EXPECT_EQ(InvalidCreate({{"Name", 5}}),
              "invalid JSON: json: cannot unmarshal number into Go struct field CreateRequest.Name of type string");
    EXPECT_EQ(InvalidCreate({{"Name", "n"}, {"IPAM", {{"Config", {{{"Subnet", 10}}}}}}}),
              "invalid JSON: json: cannot unmarshal number into Go struct field IPAMConfig.IPAM.Config.Subnet of "
              "type string");
    EXPECT_EQ(InvalidCreate({{"Name", "n"}, {"IPAM", {{"Config", {{"Subnet", "10.0.0.0/8"}}}}}}),
              "invalid JSON: json: cannot unmarshal object into Go struct field IPAM.IPAM.Config of type "
              "[]network.IPAMConfig");
    EXPECT_EQ(InvalidCreate({{"Name", "n"}, {"Labels", {{"a", 1}}}}),
              "invalid JSON: json: cannot unmarshal number into Go struct field CreateRequest.Labels of type string");
    EXPECT_EQ(InvalidCreate(json::array()),
              "invalid JSON: json: cannot unmarshal array into Go value of type network.CreateRequest");
}

TEST(NetworkCreateTest, NamesAndDrivers) {
    EXPECT_EQ(InvalidCreate(json::object()), "invalid name: network name must not be empty");
    EXPECT_EQ(InvalidCreate(nullptr), "invalid name: network name must not be empty");
    for (const char* name : {"bridge", "host", "none", "default", "ingress"}) {
        const Failure failure = CreateError({{"Name", name}});
        EXPECT_EQ(failure.code, Errc::kConflict);
        EXPECT_EQ(failure.message, "operation is not permitted on predefined " + std::string(name) + " network");
    }
    const Failure host = CreateError({{"Name", "h"}, {"Driver", "host"}});
    EXPECT_EQ(host.code, Errc::kConflict);
    EXPECT_EQ(host.message, "only one instance of \"host\" network is allowed");
    EXPECT_EQ(CreateError({{"Name", "z"}, {"Driver", "null"}}).message,
              "only one instance of \"null\" network is allowed");
    EXPECT_EQ(InvalidCreate({{"Name", "m"}, {"Driver", "macvlan"}}),
              "network driver \"macvlan\" is not supported: Berth creates \"bridge\" networks only");
    const Failure plugin = CreateError({{"Name", "p"}, {"Driver", "weave"}});
    EXPECT_EQ(plugin.code, Errc::kNotFound);
    EXPECT_EQ(plugin.message, "plugin \"weave\" not found");
    EXPECT_EQ(ParseNetworkCreate({{"Name", "b"}, {"Driver", ""}}).driver, "bridge");
}

TEST(NetworkCreateTest, SwarmAndConfigOnlyFeaturesAreRefused) {
    EXPECT_EQ(ParseNetworkCreate({{"Name", "n"}, {"Scope", "local"}}).scope, "local");
    EXPECT_EQ(InvalidCreate({{"Name", "n"}, {"Scope", "swarm"}}),
              "network scope \"swarm\" is not supported: Berth networks are local; leave Scope empty or set it to "
              "\"local\"");
    EXPECT_EQ(InvalidCreate({{"Name", "n"}, {"Ingress", true}}),
              "Ingress networks need swarm mode, which Berth does not have; leave Ingress false");
    EXPECT_EQ(InvalidCreate({{"Name", "n"}, {"ConfigOnly", true}}),
              "config-only networks are not supported; leave ConfigOnly false");
    EXPECT_EQ(InvalidCreate({{"Name", "n"}, {"ConfigFrom", {{"Network", "base"}}}}),
              "ConfigFrom is not supported: configure the network itself (IPAM, Options) instead");
    EXPECT_EQ(ParseNetworkCreate({{"Name", "n"}, {"ConfigFrom", {{"Network", ""}}}}).config_from, std::nullopt);
    EXPECT_EQ(InvalidCreate({{"Name", "n"}, {"IPAM", {{"Driver", "dhcp"}}}}),
              "IPAM driver \"dhcp\" is not supported: leave IPAM.Driver empty or set it to \"default\"");
}

TEST(NetworkCreateTest, IpamIsCheckedAsMobyChecksIt) {
    EXPECT_EQ(InvalidCreate(WithIpam({{{"Subnet", "bad"}}})),
              "invalid network config:\ninvalid subnet bad: invalid CIDR block notation");
    EXPECT_EQ(InvalidCreate(WithIpam({{{"Subnet", "10.0.0.1/8"}}})),
              "invalid network config:\ninvalid subnet 10.0.0.1/8: it should be 10.0.0.0/8");
    EXPECT_EQ(InvalidCreate(WithIpam({{{"Subnet", "10.0.0.0/8"}, {"Gateway", "11.0.0.1"}}})),
              "invalid network config:\ninvalid gateway 11.0.0.1: parent subnet 10.0.0.0/8 doesn't contain this "
              "address");
    EXPECT_EQ(InvalidCreate(WithIpam({{{"Subnet", "10.0.0.0/8"}, {"Gateway", "fd00::1"}}})),
              "invalid network config:\ninvalid gateway fd00::1: parent subnet is an IPv4 block");
    EXPECT_EQ(InvalidCreate(WithIpam({{{"Subnet", "10.0.0.0/8"}, {"Gateway", "x"}}})),
              "invalid network config:\ninvalid gateway x: invalid address");
    EXPECT_EQ(InvalidCreate(WithIpam({{{"Subnet", "10.0.0.0/16"}, {"IPRange", "10.1.0.0/24"}}})),
              "invalid network config:\ninvalid ip-range 10.1.0.0/24: parent subnet 10.0.0.0/16 doesn't contain "
              "ip-range");
    EXPECT_EQ(InvalidCreate(WithIpam({{{"Subnet", "10.0.0.0/16"}, {"IPRange", "10.0.1.1/8"}}})),
              "invalid network config:\n"
              "* invalid ip-range 10.0.1.1/8: CIDR block is bigger than its parent subnet 10.0.0.0/16\n"
              "* invalid ip-range 10.0.1.1/8: it should be 10.0.0.0/8");
    EXPECT_EQ(InvalidCreate(WithIpam({{{"Subnet", "10.0.0.0/16"}, {"IPRange", "fd00::/64"}}})),
              "invalid network config:\ninvalid ip-range fd00::/64: parent subnet is an IPv4 block");
    EXPECT_EQ(InvalidCreate(WithIpam({{{"Subnet", "10.0.0.0/16"}, {"IPRange", "10.0.1.0"}}})),
              "invalid network config:\ninvalid ip-range 10.0.1.0: invalid CIDR block notation");
    EXPECT_EQ(
        InvalidCreate(WithIpam({{{"Subnet", "10.0.0.0/16"}, {"AuxiliaryAddresses", {{"b", "x"}, {"a", "9.0.0.1"}}}},
                                {{"Subnet", "fd00::1/64"}}},
                               true)),
        "invalid network config:\n"
        "* invalid auxiliary address a: parent subnet 10.0.0.0/16 doesn't contain this address\n"
        "* invalid auxiliary address b: invalid address\n"
        "* invalid subnet fd00::1/64: it should be fd00::/64");
}

TEST(NetworkCreateTest, Ipv6ConfigsCountOnlyWithIpv6) {
    // Without EnableIPv6 an IPv6 config is not checked beyond its syntax, as in moby.
    const json configs = {{{"Subnet", "fd00::1/64"}}, {{"Subnet", "fd01::/64"}}, {{"Subnet", "10.0.0.0/24"}}};
    EXPECT_EQ(ParseNetworkCreate(WithIpam(configs)).ipam->config->size(), 3U);
    EXPECT_EQ(InvalidCreate(WithIpam({{{"Subnet", "fd00::/64"}}, {{"Subnet", "fd01::/64"}}}, true)),
              "bridge driver doesnt support multiple subnets");
    EXPECT_EQ(InvalidCreate(WithIpam({{{"Subnet", "10.0.0.0/24"}}, {{"Subnet", "10.0.1.0/24"}}})),
              "bridge driver doesnt support multiple subnets");
    const NetworkCreateRequest dual =
        ParseNetworkCreate(WithIpam({{{"Subnet", "10.0.0.0/24"}}, {{"Subnet", "fd00::/64"}}}, true));
    EXPECT_TRUE(dual.enable_ipv6);
}

TEST(NetworkCreateTest, BridgeOptionsAreChecked) {
    const auto with_option = [](const std::string& key, const std::string& value) {
        return json{{"Name", "n"}, {"Options", {{key, value}}}};
    };
    EXPECT_EQ(InvalidCreate(with_option("com.docker.network.driver.mtu", "abc")),
              "failed to parse com.docker.network.driver.mtu value: abc (strconv.Atoi: parsing \"abc\": invalid "
              "syntax)");
    EXPECT_NO_THROW(ParseNetworkCreate(with_option("com.example.unknown", "anything")));
}

}  // namespace
}  // namespace engine::api
