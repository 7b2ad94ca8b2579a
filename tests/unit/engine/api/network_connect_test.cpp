#include "engine/api/network_connect.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

template <class Parse>
std::string Invalid(Parse parse, const json& body) {
    try {
        parse(body);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    return "no error";
}

std::string ConnectError(const json& body) {
    return Invalid([](const json& value) { return ParseNetworkConnect(value); }, body);
}

// `docker network connect --alias a --alias b --ip 10.0.0.2 --ip6 fd00::2 --link web:w
// --driver-opt k=v --link-local-ip 169.254.1.1 n1 c1` from the v28 CLI.
const json kDockerConnectBody = json::parse(R"({"Container":"c1","EndpointConfig":{
  "IPAMConfig":{"IPv4Address":"10.0.0.2","IPv6Address":"fd00::2","LinkLocalIPs":["169.254.1.1"]},
  "Links":["web:w"],"Aliases":["a","b"],"MacAddress":"","DriverOpts":{"k":"v"},"GwPriority":0,
  "NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"",
  "GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}})");

TEST(NetworkConnectTest, DecodesTheDockerCliBody) {
    const NetworkConnectRequest request = ParseNetworkConnect(kDockerConnectBody);
    EXPECT_EQ(request.container, "c1");
    ASSERT_TRUE(request.endpoint_config);
    const EndpointSettings& endpoint = *request.endpoint_config;
    EXPECT_EQ(endpoint.aliases, (Strings{"a", "b"}));
    EXPECT_EQ(endpoint.links, (Strings{"web:w"}));
    ASSERT_TRUE(endpoint.ipam_config);
    EXPECT_EQ(endpoint.ipam_config->ipv4_address, "10.0.0.2");
    EXPECT_EQ(endpoint.ipam_config->ipv6_address, "fd00::2");
    EXPECT_EQ(endpoint.ipam_config->link_local_ips, (Strings{"169.254.1.1"}));
    EXPECT_EQ(endpoint.driver_opts, (StringMap{{{"k", "v"}}}));
}

TEST(NetworkConnectTest, ComposeReconnectBodyAndBareContainer) {
    // docker-compose 1.29's fix-up after create: aliases, no links, an empty IPAMConfig.
    const NetworkConnectRequest compose = ParseNetworkConnect(
        {{"Container", "abc"}, {"EndpointConfig", {{"Aliases", {"web", "abc123"}}, {"IPAMConfig", json::object()}}}});
    ASSERT_TRUE(compose.endpoint_config);
    EXPECT_EQ(compose.endpoint_config->aliases, (Strings{"web", "abc123"}));
    EXPECT_EQ(compose.endpoint_config->links, std::nullopt);
    EXPECT_EQ(ParseNetworkConnect({{"Container", "abc"}}).endpoint_config, std::nullopt);
    EXPECT_EQ(ParseNetworkConnect({{"Container", "abc"}, {"EndpointConfig", nullptr}}).endpoint_config, std::nullopt);
}

TEST(NetworkConnectTest, BadBodies) {
    EXPECT_EQ(ConnectError(json::object()), "invalid name or ID supplied: \"\"");
    EXPECT_EQ(ConnectError(nullptr), "invalid name or ID supplied: \"\"");
    EXPECT_EQ(ConnectError({{"Container", 1}}),
              "invalid JSON: json: cannot unmarshal number into Go struct field ConnectOptions.Container of type "
              "string");
    EXPECT_EQ(
        ConnectError({{"Container", "c"}, {"EndpointConfig", {{"Aliases", "a"}}}}),
        "invalid JSON: json: cannot unmarshal string into Go struct field EndpointSettings.EndpointConfig.Aliases "
        "of type []string");
    EXPECT_EQ(ConnectError({{"Container", "c"}, {"EndpointConfig", {{"IPAMConfig", {{"IPv4Address", "fd00::1"}}}}}}),
              "invalid IPv4 address: fd00::1");
    EXPECT_EQ(ConnectError({{"Container", "c"}, {"EndpointConfig", {{"IPAMConfig", {{"IPv6Address", "10.0.0.1"}}}}}}),
              "invalid IPv6 address: 10.0.0.1");
    EXPECT_EQ(ConnectError(
                  {{"Container", "c"}, {"EndpointConfig", {{"IPAMConfig", {{"LinkLocalIPs", {"169.254.1.1", "x"}}}}}}}),
              "invalid link-local IP address: x");
    EXPECT_EQ(ConnectError({{"Container", "c"}, {"EndpointConfig", {{"MacAddress", "02:42"}}}}),
              "invalid MAC address: 02:42");
    EXPECT_EQ(ConnectError(json::array()),
              "invalid JSON: json: cannot unmarshal array into Go value of type network.ConnectOptions");
}

TEST(NetworkDisconnectTest, DecodesContainerAndForce) {
    const NetworkDisconnectRequest request = ParseNetworkDisconnect({{"Container", "c1"}, {"Force", true}});
    EXPECT_EQ(request.container, "c1");
    EXPECT_TRUE(request.force);
    EXPECT_FALSE(ParseNetworkDisconnect({{"Container", "c1"}}).force);
    const auto parse = [](const json& value) { return ParseNetworkDisconnect(value); };
    EXPECT_EQ(Invalid(parse, {{"Container", "c1"}, {"Force", "yes"}}),
              "invalid JSON: json: cannot unmarshal string into Go struct field DisconnectOptions.Force of type bool");
    EXPECT_EQ(Invalid(parse, json::object()), "invalid name or ID supplied: \"\"");
}

}  // namespace
}  // namespace engine::api
