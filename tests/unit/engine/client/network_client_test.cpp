// EngineClient's network calls against the fake daemon: methods, targets, query strings and
// bodies as the docker client sends them, and daemon errors as engine errors.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/client/engine_client.hpp"
#include "tests/unit/engine/client/fake_daemon.hpp"

namespace engine::client {
namespace {

using nlohmann::json;
using testing::FakeDaemon;
using testing::JsonReply;

// The requests after the ping.
std::vector<http::Request> ApiRequests(const FakeDaemon& daemon) {
    std::vector<http::Request> requests;
    for (const http::Request& request : daemon.requests()) {
        if (request.head.target != "/_ping") {
            requests.push_back(request);
        }
    }
    return requests;
}

std::vector<std::string> MethodsAndTargets(const FakeDaemon& daemon) {
    std::vector<std::string> lines;
    for (const http::Request& request : ApiRequests(daemon)) {
        lines.push_back(request.head.method + " " + request.head.target);
    }
    return lines;
}

TEST(NetworkClientTest, ListAndInspect) {
    FakeDaemon daemon(JsonReply(R"([{"Name":"bridge","Id":"abc"}])"));
    EngineClient client(daemon.endpoint());
    const json list = client.NetworkList({});
    EXPECT_EQ(list, json::parse(R"([{"Name":"bridge","Id":"abc"}])"));
    client.NetworkList(api::Filters(api::Filters::Fields{{"driver", {{"bridge", true}}}}));
    client.NetworkInspect("my net", false);
    client.NetworkInspect("web", true);
    EXPECT_EQ(MethodsAndTargets(daemon),
              (std::vector<std::string>{
                  "GET /v1.41/networks",
                  "GET /v1.41/networks?filters=%7B%22driver%22%3A%7B%22bridge%22%3Atrue%7D%7D",
                  "GET /v1.41/networks/my%20net",
                  "GET /v1.41/networks/web?verbose=true",
              }));
}

TEST(NetworkClientTest, CreateSendsTheBodyAndReturnsTheId) {
    FakeDaemon daemon(JsonReply(R"({"Id":"22be93d5babb","Warning":""})", 201));
    EngineClient client(daemon.endpoint());
    const json body = {{"Name", "n1"}, {"Driver", "bridge"}, {"CheckDuplicate", true}};
    const json created = client.NetworkCreate(body);
    EXPECT_EQ(created["Id"], "22be93d5babb");
    const http::Request request = ApiRequests(daemon).at(0);
    EXPECT_EQ(request.head.method + " " + request.head.target, "POST /v1.41/networks/create");
    EXPECT_EQ(request.head.Header("Content-Type"), "application/json");
    EXPECT_EQ(json::parse(request.body), body);
}

TEST(NetworkClientTest, RemoveConnectDisconnect) {
    FakeDaemon daemon([](http::Request&, http::ResponseWriter& response) { response.Send(200, "", ""); });
    EngineClient client(daemon.endpoint());
    client.NetworkRemove("n1");
    const json connect = {{"Container", "c1"}, {"EndpointConfig", {{"Aliases", {"web"}}}}};
    client.NetworkConnect("n1", connect);
    client.NetworkDisconnect("n1", "c1", false);
    client.NetworkDisconnect("n1", "c1", true);
    EXPECT_EQ(MethodsAndTargets(daemon),
              (std::vector<std::string>{
                  "DELETE /v1.41/networks/n1",
                  "POST /v1.41/networks/n1/connect",
                  "POST /v1.41/networks/n1/disconnect",
                  "POST /v1.41/networks/n1/disconnect",
              }));
    const std::vector<http::Request> requests = ApiRequests(daemon);
    EXPECT_EQ(json::parse(requests[1].body), connect);
    EXPECT_EQ(requests[1].head.Header("Content-Type"), "application/json");
    EXPECT_EQ(requests[2].body, R"({"Container":"c1","Force":false})");
    EXPECT_EQ(requests[3].body, R"({"Container":"c1","Force":true})");
}

TEST(NetworkClientTest, DaemonErrorsKeepTheirCategory) {
    FakeDaemon daemon([](http::Request& request, http::ResponseWriter& response) {
        if (request.head.method == "DELETE") {
            response.Send(409, "application/json", R"({"message":"network n1 has active endpoints"})");
        } else {
            response.Send(404, "application/json", R"({"message":"network n1 not found"})");
        }
    });
    EngineClient client(daemon.endpoint());
    try {
        client.NetworkInspect("n1", false);
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kNotFound);
        EXPECT_STREQ(error.what(), "Error response from daemon: network n1 not found");
    }
    try {
        client.NetworkRemove("n1");
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kConflict);
        EXPECT_STREQ(error.what(), "Error response from daemon: network n1 has active endpoints");
    }
}

}  // namespace
}  // namespace engine::client
