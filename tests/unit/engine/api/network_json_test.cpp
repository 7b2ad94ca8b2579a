#include "engine/api/network_json.hpp"

#include <gtest/gtest.h>

namespace engine::api {
namespace {

NetworkView WebNetwork() {
    NetworkView view;
    view.name = "web";
    view.id = "7d86d31b1478e7cca9ebed7e73aa0fdeec46c5ca29497431d3007d2d9e15ed99";
    view.created = 1'476'851'610'360'899'459;
    view.ipam.options = std::map<std::string, std::string>{};
    view.ipam.config = std::vector<IpamConfig>{{"172.18.0.0/16", "", "172.18.0.1", std::nullopt},
                                               {"fd00::/64", "fd00::/80", "", StringMap{{{"router", "fd00::2"}}}}};
    view.enable_ipv6 = true;
    view.labels = {{"com.docker.compose.project", "p"}};
    view.options = {{"com.docker.network.bridge.name", "br-web"}};
    view.containers["19a4d5d687db"] = {"api", "628cadb8bcb9", "02:42:ac:12:00:02", "172.18.0.2/16", ""};
    return view;
}

// What `docker network inspect web` shows for such a network from moby (v1.41 field set), in
// moby's field order.
constexpr std::string_view kInspectGolden = R"({
    "Name": "web",
    "Id": "7d86d31b1478e7cca9ebed7e73aa0fdeec46c5ca29497431d3007d2d9e15ed99",
    "Created": "2016-10-19T04:33:30.360899459Z",
    "Scope": "local",
    "Driver": "bridge",
    "EnableIPv6": true,
    "IPAM": {
        "Driver": "default",
        "Options": {},
        "Config": [
            {
                "Subnet": "172.18.0.0/16",
                "Gateway": "172.18.0.1"
            },
            {
                "Subnet": "fd00::/64",
                "IPRange": "fd00::/80",
                "AuxiliaryAddresses": {
                    "router": "fd00::2"
                }
            }
        ]
    },
    "Internal": false,
    "Attachable": false,
    "Ingress": false,
    "ConfigFrom": {
        "Network": ""
    },
    "ConfigOnly": false,
    "Containers": {
        "19a4d5d687db": {
            "Name": "api",
            "EndpointID": "628cadb8bcb9",
            "MacAddress": "02:42:ac:12:00:02",
            "IPv4Address": "172.18.0.2/16",
            "IPv6Address": ""
        }
    },
    "Options": {
        "com.docker.network.bridge.name": "br-web"
    },
    "Labels": {
        "com.docker.compose.project": "p"
    }
})";

TEST(NetworkJsonTest, InspectShapeAndOrderAreMobys) {
    EXPECT_EQ(NetworkJson(WebNetwork(), true).dump(4), kInspectGolden);
}

TEST(NetworkJsonTest, ListLeavesContainersEmptyAndNilsShowAsNull) {
    NetworkView host;
    host.name = "host";
    host.id = "13e871235c67";
    host.driver = "host";
    const NetworkView web = WebNetwork();
    const std::vector<const NetworkView*> networks = {&web, &host};
    const nlohmann::ordered_json list = NetworkListJson(networks);
    ASSERT_EQ(list.size(), 2U);
    EXPECT_EQ(list[0]["Containers"], nlohmann::ordered_json::object());
    EXPECT_EQ(list[1].dump(),
              R"({"Name":"host","Id":"13e871235c67","Created":"0001-01-01T00:00:00Z","Scope":"local",)"
              R"("Driver":"host","EnableIPv6":false,"IPAM":{"Driver":"default","Options":null,"Config":null},)"
              R"("Internal":false,"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},)"
              R"("ConfigOnly":false,"Containers":{},"Options":{},"Labels":{}})");
}

TEST(NetworkJsonTest, IpamConfigLeavesOutEmptyFields) {
    EXPECT_EQ(IpamConfigJson({"10.0.0.0/8", "", "", StringMap{std::map<std::string, std::string>{}}}).dump(),
              R"({"Subnet":"10.0.0.0/8"})");
    EXPECT_EQ(IpamConfigJson({}).dump(), "{}");
}

}  // namespace
}  // namespace engine::api
