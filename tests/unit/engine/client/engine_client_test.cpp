// EngineClient against a fake daemon (engine/http's server): version negotiation, the exact
// requests each call sends, error mapping and JSON streams.
#include "engine/client/engine_client.hpp"

#include <fstream>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/client/fake_daemon.hpp"

namespace engine::client {
namespace {

using testing::FakeDaemon;
using testing::JsonReply;

Error CaptureError(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& error) {
        return error;
    }
    ADD_FAILURE() << "no error thrown";
    return Error(Errc::kInternal, "none");
}

TEST(EngineClientTest, NegotiatesDownToAnOlderDaemon) {
    FakeDaemon daemon(JsonReply("[]"), "1.40");
    EngineClient client(daemon.endpoint());
    client.ImageList(true, {});
    EXPECT_EQ(client.ApiVersion(), "1.40");
    ASSERT_EQ(daemon.requests().size(), 2u);
    EXPECT_EQ(daemon.requests()[0].head.method, "GET");
    EXPECT_EQ(daemon.requests()[0].head.target, "/_ping");
    EXPECT_EQ(daemon.ApiTargets(), std::vector<std::string>{"/v1.40/images/json?all=1"});
}

TEST(EngineClientTest, KeepsItsOwnVersionWithANewerDaemon) {
    FakeDaemon daemon(JsonReply("{}"), "1.51");
    EngineClient client(daemon.endpoint());
    client.Info();
    client.Version();
    EXPECT_EQ(daemon.ApiTargets(), (std::vector<std::string>{"/v1.41/info", "/v1.41/version"}));
}

TEST(EngineClientTest, AssumesApi124WhenTheDaemonSaysNothing) {
    FakeDaemon daemon(JsonReply("{}"), "");
    EngineClient client(daemon.endpoint());
    client.SystemDf();
    EXPECT_EQ(daemon.ApiTargets(), std::vector<std::string>{"/v1.24/system/df"});
}

TEST(EngineClientTest, PinnedVersionSkipsThePing) {
    FakeDaemon daemon(JsonReply("{}"));
    EngineClient client(daemon.endpoint(), "1.30");
    client.Info();
    ASSERT_EQ(daemon.requests().size(), 1u);
    EXPECT_EQ(daemon.requests()[0].head.target, "/v1.30/info");
}

TEST(EngineClientTest, PingReportsVersionAndOs) {
    FakeDaemon daemon(JsonReply("{}"), "1.41");
    EngineClient client(daemon.endpoint());
    const PingResult ping = client.Ping();
    EXPECT_EQ(ping.api_version, "1.41");
    EXPECT_EQ(ping.os_type, "linux");
}

TEST(EngineClientTest, ErrorRepliesBecomeErrorsOfTheMatchingCategory) {
    const std::vector<std::pair<unsigned, Errc>> cases = {{404, Errc::kNotFound},
                                                          {409, Errc::kConflict},
                                                          {400, Errc::kInvalidArgument},
                                                          {503, Errc::kUnavailable},
                                                          {500, Errc::kInternal},
                                                          {401, Errc::kInternal}};
    for (const auto& [status, code] : cases) {
        FakeDaemon daemon(JsonReply(R"({"message":"No such image: nope:latest"})"
                                    "\n",
                                    status));
        EngineClient client(daemon.endpoint());
        const Error error = CaptureError([&] { client.ImageInspect("nope"); });
        EXPECT_EQ(error.code(), code) << status;
        EXPECT_STREQ(error.what(), "Error response from daemon: No such image: nope:latest") << status;
    }
}

TEST(EngineClientTest, NonJsonErrorBodyIsShownAsText) {
    FakeDaemon daemon([](http::Request&, http::ResponseWriter& response) {
        response.Send(500, "text/plain", "  something broke\n");
    });
    EngineClient client(daemon.endpoint());
    const Error error = CaptureError([&] { client.Info(); });
    EXPECT_EQ(error.code(), Errc::kInternal);
    EXPECT_STREQ(error.what(), "Error response from daemon: something broke");
}

TEST(EngineClientTest, EmptyErrorBodyNamesTheRoute) {
    FakeDaemon daemon([](http::Request&, http::ResponseWriter& response) { response.Send(404, "text/plain", ""); });
    EngineClient client(daemon.endpoint());
    const Error error = CaptureError([&] { client.Info(); });
    EXPECT_EQ(error.code(), Errc::kNotFound);
    EXPECT_STREQ(error.what(),
                 "request returned Not Found for API route and version /v1.41/info, check if the server supports "
                 "the requested API version");
}

TEST(EngineClientTest, ImageCallsSendDockersQueries) {
    FakeDaemon daemon(JsonReply("[]"));
    EngineClient client(daemon.endpoint());
    client.ImageTag("busybox", "localhost:5000/my app", "v1");
    client.ImageRemove("localhost:5000/x:1", true, true);
    client.ImageHistory("sha256:abc");
    client.ImagePrune(true, api::Filters(api::Filters::Fields{{"until", {{"24h", true}}}}));
    client.ImagePrune(false, {});
    client.ImageList(false, api::Filters(api::Filters::Fields{{"dangling", {{"true", true}}}}));
    EXPECT_EQ(daemon.ApiTargets(),
              (std::vector<std::string>{
                  "/v1.41/images/busybox/tag?repo=localhost%3A5000%2Fmy+app&tag=v1",
                  "/v1.41/images/localhost:5000/x:1?force=1&noprune=1",
                  "/v1.41/images/sha256:abc/history",
                  "/v1.41/images/prune?filters=%7B%22dangling%22%3A%7B%22false%22%3Atrue%7D%2C%22until%22%3A%7B%2224h%"
                  "22%3Atrue%7D%7D",
                  "/v1.41/images/prune?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%7D",
                  "/v1.41/images/json?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%7D",
              }));
    EXPECT_EQ(daemon.requests()[1].head.method, "POST");
    EXPECT_EQ(daemon.requests()[2].head.method, "DELETE");
}

TEST(EngineClientTest, ImportStreamsStatusMessagesAndSendsChanges) {
    FakeDaemon daemon([](http::Request&, http::ResponseWriter& response) {
        response.BeginStream(200, "application/json");
        response.WriteChunk("{\"status\":\"sha256:1234\"}\r\n");
        response.EndStream();
    });
    engine::testing::TempDir dir;
    std::ofstream(dir.path() / "rootfs.tar") << "tar bytes";
    const int fd = open((dir.path() / "rootfs.tar").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    EngineClient client(daemon.endpoint());
    ImageImportOptions options;
    options.source_fd = fd;
    options.reference = "base:1";
    options.changes = {"CMD [\"sh\"]", "ENV A=b"};
    options.message = "from tar";
    std::vector<nlohmann::json> messages;
    client.ImageImport(options, [&](const nlohmann::json& message) {
        messages.push_back(message);
        return true;
    });
    close(fd);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0]["status"], "sha256:1234");
    EXPECT_EQ(daemon.ApiTargets(),
              std::vector<std::string>{"/v1.41/images/create?changes=CMD+%5B%22sh%22%5D&changes=ENV+A%3Db&fromSrc=-&"
                                       "message=from+tar&repo=base%3A1"});
    EXPECT_EQ(daemon.requests().back().body, "tar bytes");
}

TEST(EngineClientTest, InStreamErrorIsThrownAfterEarlierMessages) {
    FakeDaemon daemon([](http::Request&, http::ResponseWriter& response) {
        response.BeginStream(200, "application/json");
        response.WriteChunk("{\"stream\":\"Loading layer\\n\"}\r\n");
        response.WriteChunk(
            "{\"errorDetail\":{\"message\":\"archive/tar: invalid tar header\"},"
            "\"error\":\"archive/tar: invalid tar header\"}\r\n");
        response.EndStream();
    });
    EngineClient client(daemon.endpoint());
    std::vector<std::string> seen;
    const Error error = CaptureError([&] {
        client.ImageLoad(-1, false, [&](const nlohmann::json& message) {
            seen.push_back(message.value("stream", ""));
            return true;
        });
    });
    EXPECT_EQ(seen, std::vector<std::string>{"Loading layer\n"});
    EXPECT_EQ(error.code(), Errc::kInternal);
    EXPECT_STREQ(error.what(), "archive/tar: invalid tar header");
}

TEST(EngineClientTest, SaveWritesTheArchiveToTheDescriptor) {
    FakeDaemon daemon([](http::Request&, http::ResponseWriter& response) {
        response.BeginStream(200, "application/x-tar");
        response.WriteChunk("part one,");
        response.WriteChunk("part two");
        response.EndStream();
    });
    engine::testing::TempDir dir;
    const std::filesystem::path out = dir.path() / "out.tar";
    const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    EngineClient client(daemon.endpoint());
    client.ImageSave({"busybox", "base:1"}, fd);
    close(fd);
    std::ifstream in(out);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "part one,part two");
    EXPECT_EQ(daemon.ApiTargets(), std::vector<std::string>{"/v1.41/images/get?names=busybox&names=base%3A1"});
}

TEST(EngineClientTest, EventsSendsSinceUntilAndFiltersAndStopsWhenAsked) {
    FakeDaemon daemon([](http::Request&, http::ResponseWriter& response) {
        response.BeginStream(200, "application/json");
        response.WriteChunk(R"({"Type":"image","Action":"tag"})"
                            "\n"
                            R"({"Type":"image","Action":"delete"})"
                            "\n");
        response.EndStream();
    });
    EngineClient client(daemon.endpoint());
    EventsOptions options;
    options.since = "100";
    options.until = "200";
    options.filters = api::Filters(api::Filters::Fields{{"type", {{"image", true}}}});
    std::vector<std::string> actions;
    client.Events(options, [&](const nlohmann::json& event) {
        actions.push_back(event["Action"]);
        return false;
    });
    EXPECT_EQ(actions, std::vector<std::string>{"tag"});
    EXPECT_EQ(daemon.ApiTargets(),
              std::vector<std::string>{"/v1.41/events?filters=%7B%22type%22%3A%7B%22image%22%3Atrue%7D%7D&since=100&"
                                       "until=200"});
}

TEST(EngineClientTest, ConnectFailureSaysWhereAndWhat) {
    engine::testing::TempDir dir;
    EngineClient client(ParseEndpoint("unix://" + (dir.path() / "berthd.sock").string()));
    const Error error = CaptureError([&] { client.Info(); });
    EXPECT_EQ(error.code(), Errc::kUnavailable);
    EXPECT_EQ(std::string(error.what()),
              "Cannot connect to the Berth daemon at unix://" + (dir.path() / "berthd.sock").string() +
                  ". Is berthd running?");
}

}  // namespace
}  // namespace engine::client
