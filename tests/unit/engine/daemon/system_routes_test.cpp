#include "engine/daemon/system_routes.hpp"

#include <gtest/gtest.h>

#include "tests/unit/engine/daemon/fake_response_writer.hpp"

namespace engine::daemon {
namespace {

using testing::FakeResponseWriter;
using testing::MakeRequest;

class SystemRoutesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        context_.host = ReadHostFacts();
        context_.engine_id = "0f1e2d3c-0000-4000-8000-000000000000";
        context_.data_root = "/var/lib/berth-test";
        context_.image_count = [] { return std::size_t{3}; };
        context_.warnings = {"WARNING: crun cannot run here; using runc"};
        AddSystemRoutes(router_, context_);
    }

    std::unique_ptr<FakeResponseWriter> Call(std::string method, std::string target) {
        http::Request request = MakeRequest(std::move(method), std::move(target));
        auto response = std::make_unique<FakeResponseWriter>();
        router_.Handle(request, *response);
        return response;
    }

    SystemRoutesContext context_;
    Router router_;
};

TEST_F(SystemRoutesTest, PingAnswersGetAndHeadLikeMoby) {
    const auto get = Call("GET", "/_ping");
    EXPECT_EQ(get->status, 200u);
    EXPECT_EQ(get->body, "OK");
    EXPECT_EQ(get->content_type, "text/plain; charset=utf-8");
    EXPECT_EQ(get->Header("Api-Version"), "1.41");
    EXPECT_EQ(get->Header("Cache-Control"), "no-cache, no-store, must-revalidate");
    const auto head = Call("HEAD", "/_ping");
    EXPECT_EQ(head->status, 200u);
    EXPECT_EQ(head->body, "");
    EXPECT_EQ(Call("GET", "/v1.41/_ping")->body, "OK");
}

TEST_F(SystemRoutesTest, VersionCarriesWhatClientsRead) {
    const auto response = Call("GET", "/v1.41/version");
    const nlohmann::json version = nlohmann::json::parse(response->body);
    EXPECT_EQ(version["ApiVersion"], "1.41");
    EXPECT_EQ(version["MinAPIVersion"], "1.24");
    EXPECT_EQ(version["Os"], "linux");
    EXPECT_FALSE(version["Version"].get<std::string>().empty());
    EXPECT_EQ(version["Components"][0]["Name"], "Engine");
    EXPECT_EQ(version["Components"][0]["Details"]["ApiVersion"], "1.41");
    EXPECT_EQ(Call("GET", "/version")->status, 200u);
}

TEST_F(SystemRoutesTest, InfoReportsTheEngine) {
    const nlohmann::json info = nlohmann::json::parse(Call("GET", "/info")->body);
    EXPECT_EQ(info["ID"], context_.engine_id);
    EXPECT_EQ(info["Images"], 3);
    EXPECT_EQ(info["OSType"], "linux");
    EXPECT_EQ(info["DockerRootDir"], "/var/lib/berth-test");
    EXPECT_EQ(info["Swarm"]["LocalNodeState"], "inactive");
    EXPECT_EQ(info["IndexServerAddress"], "https://index.docker.io/v1/");
    EXPECT_GE(info["NCPU"].get<int>(), 1);
    EXPECT_GT(info["MemTotal"].get<std::int64_t>(), 0);
    EXPECT_EQ(info["Warnings"][0], "WARNING: crun cannot run here; using runc");
}

TEST_F(SystemRoutesTest, DiskUsageHasEverySection) {
    const nlohmann::json df = nlohmann::json::parse(Call("GET", "/system/df")->body);
    for (const char* key : {"Images", "Containers", "Volumes", "BuildCache"}) {
        EXPECT_TRUE(df[key].is_array()) << key;
    }
    EXPECT_EQ(df["LayersSize"], 0);
}

}  // namespace
}  // namespace engine::daemon
