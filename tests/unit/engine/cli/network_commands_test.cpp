// `berth network ...` against the in-memory EngineApi: the request bodies docker's CLI sends
// (recorded from the v28 CLI against a stand-in daemon), and docker's output and messages.
#include <gtest/gtest.h>

#include "engine/cli/network_format.hpp"
#include "tests/unit/engine/cli/cli_runner.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;
using testing::Berth;
using testing::FakeEngineApi;
using testing::Result;
using testing::Stdio;

json CreatedBody(const FakeEngineApi& api) {
    const std::string& call = api.calls.back();
    EXPECT_TRUE(call.starts_with("NetworkCreate ")) << call;
    return json::parse(call.substr(std::string("NetworkCreate ").size()));
}

TEST(NetworkCreateCommandTest, PlainCreateSendsDockersBodyAndPrintsTheId) {
    FakeEngineApi api;
    api.replies.emplace("NetworkCreate n1", json{{"Id", "abcdef0123456789"}, {"Warning", ""}});
    const Result result = Berth(api, {"network", "create", "n1"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out, "abcdef0123456789\n");
    EXPECT_EQ(CreatedBody(api), json::parse(R"({"Driver":"bridge","Scope":"",
        "IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,"Attachable":false,
        "Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{},"Name":"n1",
        "CheckDuplicate":true})"));
}

TEST(NetworkCreateCommandTest, FlagsPairSubnetsWithRangesGatewaysAndAuxAddresses) {
    FakeEngineApi api;
    const Result result = Berth(api,
                                {"network",
                                 "create",
                                 "--subnet",
                                 "10.1.0.0/16",
                                 "--gateway",
                                 "10.1.0.1",
                                 "--ip-range",
                                 "10.1.1.0/24",
                                 "--subnet",
                                 "fd00::/64",
                                 "--ipv6",
                                 "--internal",
                                 "--attachable",
                                 "--label",
                                 "a=b",
                                 "--label",
                                 "c",
                                 "-o",
                                 "com.docker.network.driver.mtu=1400",
                                 "--ipam-opt",
                                 "x=y",
                                 "--aux-address",
                                 "host1=10.1.0.5",
                                 "n2"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(CreatedBody(api), json::parse(R"({"Driver":"bridge","Scope":"","EnableIPv6":true,
        "IPAM":{"Driver":"default","Options":{"x":"y"},"Config":[
          {"Subnet":"10.1.0.0/16","IPRange":"10.1.1.0/24","Gateway":"10.1.0.1",
           "AuxiliaryAddresses":{"host1":"10.1.0.5"}},
          {"Subnet":"fd00::/64"}]},
        "Internal":true,"Attachable":true,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,
        "Options":{"com.docker.network.driver.mtu":"1400"},"Labels":{"a":"b","c":""},"Name":"n2",
        "CheckDuplicate":true})"));
}

TEST(NetworkCreateCommandTest, OtherFlags) {
    FakeEngineApi api;
    EXPECT_EQ(Berth(api,
                    {"network",
                     "create",
                     "--ipv4=false",
                     "-d",
                     "macvlan",
                     "--scope",
                     "local",
                     "--config-only",
                     "--config-from",
                     "base",
                     "--ipam-driver",
                     "other",
                     "n"})
                  .code,
              0);
    const json body = CreatedBody(api);
    EXPECT_EQ(body["EnableIPv4"], false);
    EXPECT_FALSE(body.contains("EnableIPv6"));
    EXPECT_EQ(body["Driver"], "macvlan");
    EXPECT_EQ(body["Scope"], "local");
    EXPECT_EQ(body["ConfigOnly"], true);
    EXPECT_EQ(body["ConfigFrom"], json({{"Network", "base"}}));
    EXPECT_EQ(body["IPAM"]["Driver"], "other");
    EXPECT_EQ(Berth(api, {"network", "create", "--subnet", "10.0.0.0/16,10.1.0.0/16", "n"}).code, 0);
    EXPECT_EQ(CreatedBody(api)["IPAM"]["Config"],
              json::parse(R"([{"Subnet":"10.0.0.0/16"},{"Subnet":"10.1.0.0/16"}])"));
}

TEST(NetworkCreateCommandTest, DockersIpamFlagErrors) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--gateway", "10.0.0.1"}, "every ip-range or gateway must have a corresponding subnet"},
        {{"--subnet", "10.0.0.0/8", "--subnet", "10.1.0.0/16"},
         "multiple overlapping subnet configuration is not supported"},
        {{"--subnet", "10.0.0.0/8", "--gateway", "11.0.0.1"}, "no matching subnet for gateway 11.0.0.1"},
        {{"--subnet", "10.0.0.0/8", "--gateway", "bad"}, "no matching subnet for gateway bad"},
        {{"--subnet", "10.0.0.0/8", "--ip-range", "bad"}, "invalid CIDR address: bad"},
        {{"--subnet", "10.0.0.0/8", "--ip-range", "10.0.1.0"}, "invalid CIDR address: 10.0.1.0"},
        {{"--subnet", "bad", "--ip-range", "bad"}, "invalid CIDR address: bad"},
        {{"--subnet", "bad", "--ip-range", "10.0.0.0/24"}, "invalid subnet: invalid CIDR address: bad"},
        {{"--subnet", "10.0.0.0/8", "--ip-range", "11.0.0.0/24"}, "no matching subnet for range 11.0.0.0/24"},
        {{"--subnet", "bad", "--subnet", "10.0.0.0/8"}, "invalid subnet: invalid CIDR address: bad"},
        {{"--subnet",
          "10.0.0.0/16",
          "--subnet",
          "10.1.0.0/16",
          "--ip-range",
          "10.0.1.0/24",
          "--ip-range",
          "10.0.2.0/24"},
         "cannot configure multiple ranges (10.0.2.0/24, 10.0.1.0/24) on the same subnet (10.0.0.0/16)"},
        {{"--subnet", "10.0.0.0/16", "--subnet", "10.1.0.0/16", "--gateway", "10.0.0.1", "--gateway", "10.0.0.2"},
         "cannot configure multiple gateways (10.0.0.2, 10.0.0.1) for the same subnet (10.0.0.0/16)"},
        {{"--subnet", "10.0.0.0/8", "--aux-address", "a=11.0.0.1"}, "no matching subnet for aux-address 11.0.0.1"},
        {{"--subnet", "10.0.0.0/8", "--aux-address", "a"}, "no matching subnet for aux-address "},
    };
    for (const auto& [flags, message] : cases) {
        FakeEngineApi api;
        std::vector<std::string> args = {"network", "create"};
        args.insert(args.end(), flags.begin(), flags.end());
        args.push_back("n");
        const Result result = Berth(api, args);
        EXPECT_EQ(result.code, 1) << message;
        EXPECT_EQ(result.err, message + "\n");
        EXPECT_TRUE(api.calls.empty()) << message;
    }
}

TEST(NetworkCreateCommandTest, LoneSubnetsAndBadLabels) {
    FakeEngineApi api;
    // docker leaves a lone subnet, even a bad one, to the daemon.
    EXPECT_EQ(Berth(api, {"network", "create", "--subnet", "bad", "n"}).code, 0);
    EXPECT_EQ(CreatedBody(api)["IPAM"]["Config"], json::parse(R"([{"Subnet":"bad"}])"));
    const Result label = Berth(api, {"network", "create", "--label", "=x", "n"});
    EXPECT_EQ(label.code, 125);
    EXPECT_EQ(label.err, "invalid argument \"=x\" for \"--label\" flag: invalid label '=x': empty name\n");
    const Result none = Berth(api, {"network", "create"});
    EXPECT_EQ(none.code, 1);
    EXPECT_EQ(none.err,
              "berth: 'berth network create' requires 1 argument\n\nUsage:  berth network create [OPTIONS] NETWORK\n\n"
              "Run 'berth network create --help' for more information\n");
}

json Networks() {
    return json::parse(R"([
      {"Name":"net10","Id":"aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666aaaa7777bbbb8888",
       "Created":"2024-05-01T10:20:30.123456789Z","Scope":"local","Driver":"bridge","EnableIPv6":false,
       "Internal":false,"Labels":{"b":"2","a":"1"}},
      {"Name":"net9","Id":"9999111122223333444455556666777788889999000011112222333344445555",
       "Created":"2024-05-01T10:20:30Z","Scope":"local","Driver":"bridge","EnableIPv6":true,"Internal":true,
       "Labels":{}},
      {"Name":"bridge","Id":"1111222233334444555566667777888899990000aaaabbbbccccddddeeeeffff",
       "Created":"2024-05-01T10:20:30.5+02:00","Scope":"local","Driver":"bridge"}])");
}

TEST(NetworkLsCommandTest, TableSortedNaturally) {
    FakeEngineApi api;
    api.replies.emplace("NetworkList", Networks());
    const Result result = Berth(api, {"network", "ls"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out,
              "NETWORK ID     NAME      DRIVER    SCOPE\n"
              "111122223333   bridge    bridge    local\n"
              "999911112222   net9      bridge    local\n"
              "aaaa1111bbbb   net10     bridge    local\n");
    EXPECT_EQ(api.calls, (std::vector<std::string>{"NetworkList filters="}));
    EXPECT_EQ(Berth(api, {"network", "list", "-q"}).out, "111122223333\n999911112222\naaaa1111bbbb\n");
    EXPECT_EQ(Berth(api, {"network", "ls", "--no-trunc", "-q"}).out,
              "1111222233334444555566667777888899990000aaaabbbbccccddddeeeeffff\n"
              "9999111122223333444455556666777788889999000011112222333344445555\n"
              "aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666aaaa7777bbbb8888\n");
    Berth(api, {"network", "ls", "-f", "driver=bridge", "-f", "name=x"});
    EXPECT_EQ(api.calls.back(), "NetworkList filters={\"driver\":{\"bridge\":true},\"name\":{\"x\":true}}");
}

TEST(NetworkLsCommandTest, FormatsAsDocker) {
    FakeEngineApi api;
    api.replies.emplace("NetworkList", Networks());
    EXPECT_EQ(Berth(api, {"network", "ls", "--format", "json"}).out,
              R"({"CreatedAt":"2024-05-01 10:20:30.5 +0200 +0200","Driver":"bridge","ID":"111122223333",)"
              R"("IPv4":"false","IPv6":"false","Internal":"false","Labels":"","Name":"bridge","Scope":"local"})"
              "\n"
              R"({"CreatedAt":"2024-05-01 10:20:30 +0000 UTC","Driver":"bridge","ID":"999911112222",)"
              R"("IPv4":"false","IPv6":"true","Internal":"true","Labels":"","Name":"net9","Scope":"local"})"
              "\n"
              R"({"CreatedAt":"2024-05-01 10:20:30.123456789 +0000 UTC","Driver":"bridge","ID":"aaaa1111bbbb",)"
              R"("IPv4":"false","IPv6":"false","Internal":"false","Labels":"a=1,b=2","Name":"net10",)"
              R"("Scope":"local"})"
              "\n");
    EXPECT_EQ(Berth(api, {"network", "ls", "--format", "table {{.Name}}\t{{.IPv6}}"}).out,
              "NAME      IPV6\nbridge    false\nnet9      true\nnet10     false\n");
    EXPECT_EQ(Berth(api, {"network", "ls", "--format", "raw"}).out,
              "network_id: 111122223333\nname: bridge\ndriver: bridge\nscope: local\n\n"
              "network_id: 999911112222\nname: net9\ndriver: bridge\nscope: local\n\n"
              "network_id: aaaa1111bbbb\nname: net10\ndriver: bridge\nscope: local\n\n");
    EXPECT_EQ(Berth(api, {"network", "ls", "-q", "--format", "{{.Name}}"}).out, "bridge\nnet9\nnet10\n");
}

TEST(NetworkFormatTest, NaturalOrderAndGoTimes) {
    EXPECT_TRUE(NaturalLess("net9", "net10"));
    EXPECT_FALSE(NaturalLess("net10", "net9"));
    EXPECT_TRUE(NaturalLess("a1", "a01"));
    EXPECT_TRUE(NaturalLess("1a", "a"));
    EXPECT_TRUE(NaturalLess("abc", "abcd"));
    EXPECT_FALSE(NaturalLess("abc", "abc"));
    EXPECT_EQ(GoTimeStringFromRfc3339("2024-05-01T10:20:30.100Z"), "2024-05-01 10:20:30.1 +0000 UTC");
    EXPECT_EQ(GoTimeStringFromRfc3339("2024-05-01T10:20:30.000Z"), "2024-05-01 10:20:30 +0000 UTC");
    EXPECT_EQ(GoTimeStringFromRfc3339("2024-05-01T10:20:30-05:30"), "2024-05-01 10:20:30 -0530 -0530");
    EXPECT_EQ(GoTimeStringFromRfc3339(""), "0001-01-01 00:00:00 +0000 UTC");
}

TEST(NetworkInspectCommandTest, PrintsFoundNetworksThenErrors) {
    FakeEngineApi api;
    api.replies.emplace("NetworkInspect net9", json{{"Name", "net9"}, {"Containers", json::object()}});
    api.errors.emplace("NetworkInspect missing",
                       Error(Errc::kNotFound, "Error response from daemon: network missing not found"));
    const Result result = Berth(api, {"network", "inspect", "net9"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out, "[\n    {\n        \"Containers\": {},\n        \"Name\": \"net9\"\n    }\n]\n");
    const Result missing = Berth(api, {"network", "inspect", "missing"});
    EXPECT_EQ(missing.code, 1);
    EXPECT_EQ(missing.out, "[]\n");
    EXPECT_EQ(missing.err, "Error response from daemon: network missing not found\n");
    const Result both = Berth(api, {"network", "inspect", "-f", "{{.Name}} {{.Containers}}", "net9", "missing"});
    EXPECT_EQ(both.code, 1);
    EXPECT_EQ(both.out, "net9 map[]\n");
    EXPECT_EQ(both.err, "Error response from daemon: network missing not found\n");
    EXPECT_EQ(Berth(api, {"network", "inspect", "--format", "json", "net9", "net9"}).out,
              R"([{"Containers":{},"Name":"net9"},{"Containers":{},"Name":"net9"}])"
              "\n");
    Berth(api, {"network", "inspect", "-v", "net9"});
    EXPECT_EQ(api.calls.back(), "NetworkInspect net9 verbose");
}

TEST(NetworkInspectCommandTest, GenericInspectFindsNetworks) {
    FakeEngineApi api;
    api.errors.emplace("ContainerInspect", Error(Errc::kNotFound, "Error response from daemon: No such container: x"));
    api.errors.emplace("ImageInspect", Error(Errc::kNotFound, "Error response from daemon: No such image: x"));
    api.replies.emplace("NetworkInspect n1", json{{"Name", "n1"}});
    const Result result = Berth(api, {"inspect", "--type", "network", "-f", "{{.Name}}", "n1"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out, "n1\n");
    EXPECT_EQ(api.calls, (std::vector<std::string>{"NetworkInspect n1"}));
}

TEST(NetworkRmCommandTest, PrintsNamesReportsFailuresAndHonoursForce) {
    FakeEngineApi api;
    api.errors.emplace("NetworkRemove missing",
                       Error(Errc::kNotFound, "Error response from daemon: network missing not found"));
    api.errors.emplace("NetworkRemove busy",
                       Error(Errc::kConflict, "Error response from daemon: network busy has active endpoints"));
    const Result result = Berth(api, {"network", "rm", "n1", "missing", "busy", "n2"});
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.out, "n1\nn2\n");
    EXPECT_EQ(result.err,
              "Error response from daemon: network missing not found\n"
              "Error response from daemon: network busy has active endpoints\n"
              "exit status 1\n");
    const Result forced = Berth(api, {"network", "remove", "-f", "missing", "n1"});
    EXPECT_EQ(forced.code, 0) << forced.err;
    EXPECT_EQ(forced.out, "n1\n");
    EXPECT_EQ(forced.err, "");
}

TEST(NetworkConnectCommandTest, SendsDockersEndpointConfig) {
    FakeEngineApi api;
    const Result result = Berth(api,
                                {"network",
                                 "connect",
                                 "--alias",
                                 "a",
                                 "--alias",
                                 "b",
                                 "--ip",
                                 "10.0.0.2",
                                 "--ip6",
                                 "fd00::2",
                                 "--link",
                                 "web:w",
                                 "--driver-opt",
                                 "k=v",
                                 "--link-local-ip",
                                 "169.254.1.1",
                                 "n1",
                                 "c1"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(api.calls.back(),
              "NetworkConnect n1 "
              R"({"Container":"c1","EndpointConfig":{"Aliases":["a","b"],"DriverOpts":{"k":"v"},)"
              R"("IPAMConfig":{"IPv4Address":"10.0.0.2","IPv6Address":"fd00::2","LinkLocalIPs":["169.254.1.1"]},)"
              R"("Links":["web:w"]}})");
    EXPECT_EQ(Berth(api, {"network", "connect", "--alias", "x,y", "n1", "c1"}).code, 0);
    EXPECT_EQ(api.calls.back(),
              "NetworkConnect n1 "
              R"({"Container":"c1","EndpointConfig":{"Aliases":["x","y"],"DriverOpts":{},"IPAMConfig":{},)"
              R"("Links":null}})");
}

TEST(NetworkConnectCommandTest, BadFlagsAndDisconnect) {
    FakeEngineApi api;
    const Result opt = Berth(api, {"network", "connect", "--driver-opt", "bad", "n1", "c1"});
    EXPECT_EQ(opt.code, 1);
    EXPECT_EQ(opt.err, "invalid key/value pair format in driver options\n");
    const Result link = Berth(api, {"network", "connect", "--link", "a:b:c", "n1", "c1"});
    EXPECT_EQ(link.code, 125);
    EXPECT_EQ(link.err, "invalid argument \"a:b:c\" for \"--link\" flag: bad format for links: a:b:c\n");
    EXPECT_TRUE(api.calls.empty());
    EXPECT_EQ(Berth(api, {"network", "connect", "n1"}).code, 1);
    EXPECT_EQ(Berth(api, {"network", "disconnect", "n1", "c1"}).code, 0);
    EXPECT_EQ(Berth(api, {"network", "disconnect", "-f", "n1", "c1"}).code, 0);
    EXPECT_EQ(api.calls,
              (std::vector<std::string>{"NetworkDisconnect n1 c1 force=0", "NetworkDisconnect n1 c1 force=1"}));
}

TEST(NetworkPruneCommandTest, AsksThenReportsDeletedNetworks) {
    FakeEngineApi api;
    api.replies.emplace("NetworkPrune", json{{"NetworksDeleted", {"n1", "n2"}}});
    const std::string prompt =
        "WARNING! This will remove all custom networks not used by at least one container.\n"
        "Are you sure you want to continue? [y/N] ";
    Stdio no;
    no.input = "n\n";
    const Result declined = Berth(api, {"network", "prune"}, no);
    EXPECT_EQ(declined.code, 0);
    EXPECT_EQ(declined.out, prompt);
    EXPECT_TRUE(api.calls.empty());
    Stdio yes;
    yes.input = "y\n";
    const Result accepted = Berth(api, {"network", "prune", "--filter", "until=1h"}, yes);
    EXPECT_EQ(accepted.code, 0) << accepted.err;
    EXPECT_EQ(accepted.out, prompt + "Deleted Networks:\nn1\nn2\n\n");
    EXPECT_EQ(api.calls, (std::vector<std::string>{"NetworkPrune filters={\"until\":{\"1h\":true}}"}));
    api.replies["NetworkPrune"] = json{{"NetworksDeleted", json::array()}};
    EXPECT_EQ(Berth(api, {"network", "prune", "-f"}).out, "");
}

}  // namespace
}  // namespace engine::cli
