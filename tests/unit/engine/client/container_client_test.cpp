// EngineClient's container and volume calls against the fake daemon: exact methods, targets
// and bodies as the docker client sends them, and the demultiplexed log stream.
#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/client/engine_client.hpp"
#include "engine/client/std_stream.hpp"
#include "tests/unit/engine/client/fake_daemon.hpp"

namespace engine::client {
namespace {

using testing::FakeDaemon;
using testing::JsonReply;

std::string Frame(char stream, std::string_view payload) {
    std::string frame(8, '\0');
    frame[0] = stream;
    const auto size = static_cast<std::uint32_t>(payload.size());
    frame[4] = static_cast<char>((size >> 24) & 0xff);
    frame[5] = static_cast<char>((size >> 16) & 0xff);
    frame[6] = static_cast<char>((size >> 8) & 0xff);
    frame[7] = static_cast<char>(size & 0xff);
    return frame + std::string(payload);
}

std::vector<std::string> MethodsAndTargets(const FakeDaemon& daemon) {
    std::vector<std::string> lines;
    for (const http::Request& request : daemon.requests()) {
        if (request.head.target != "/_ping") {
            lines.push_back(request.head.method + " " + request.head.target);
        }
    }
    return lines;
}

TEST(ContainerClientTest, LifecycleCallsSendDockersRequests) {
    FakeDaemon daemon(JsonReply("{}"));
    EngineClient client(daemon.endpoint());
    client.ContainerStart("web");
    client.ContainerStop("web", std::nullopt, "");
    client.ContainerStop("web", 3, "SIGINT");
    client.ContainerRestart("web", 0, "");
    client.ContainerKill("web", "");
    client.ContainerKill("web", "HUP");
    client.ContainerPause("web");
    client.ContainerUnpause("web");
    client.ContainerWait("web", "next-exit");
    client.ContainerWait("web", "");
    client.ContainerRemove("web", true, true);
    client.ContainerRemove("web", false, false);
    client.ContainerInspect("web", false);
    client.ContainerInspect("web", true);
    client.ContainerRename("web", "api");
    client.ContainerTop("web", "aux");
    client.ContainerChanges("web");
    EXPECT_EQ(MethodsAndTargets(daemon),
              (std::vector<std::string>{
                  "POST /v1.41/containers/web/start",
                  "POST /v1.41/containers/web/stop",
                  "POST /v1.41/containers/web/stop?signal=SIGINT&t=3",
                  "POST /v1.41/containers/web/restart?t=0",
                  "POST /v1.41/containers/web/kill",
                  "POST /v1.41/containers/web/kill?signal=HUP",
                  "POST /v1.41/containers/web/pause",
                  "POST /v1.41/containers/web/unpause",
                  "POST /v1.41/containers/web/wait?condition=next-exit",
                  "POST /v1.41/containers/web/wait",
                  "DELETE /v1.41/containers/web?force=1&v=1",
                  "DELETE /v1.41/containers/web",
                  "GET /v1.41/containers/web/json",
                  "GET /v1.41/containers/web/json?size=1",
                  "POST /v1.41/containers/web/rename?name=api",
                  "GET /v1.41/containers/web/top?ps_args=aux",
                  "GET /v1.41/containers/web/changes",
              }));
}

TEST(ContainerClientTest, CreateSendsTheBodyAndNameAndReturnsTheId) {
    FakeDaemon daemon(JsonReply(R"({"Id":"abc123","Warnings":[]})", 201));
    EngineClient client(daemon.endpoint());
    const nlohmann::json body = {{"Image", "busybox"}, {"Cmd", {"echo", "hi"}}, {"HostConfig", {{"AutoRemove", true}}}};
    const nlohmann::json created = client.ContainerCreate("my app", "linux/amd64", body);
    EXPECT_EQ(created["Id"], "abc123");
    const http::Request request = daemon.requests().back();
    EXPECT_EQ(request.head.method, "POST");
    EXPECT_EQ(request.head.target, "/v1.41/containers/create?name=my+app&platform=linux%2Famd64");
    EXPECT_EQ(request.head.Header("Content-Type"), "application/json");
    EXPECT_EQ(nlohmann::json::parse(request.body), body);
}

TEST(ContainerClientTest, CreateOfAMissingImageIsNotFound) {
    FakeDaemon daemon(JsonReply(R"({"message":"No such image: busybox:latest"})", 404));
    EngineClient client(daemon.endpoint());
    try {
        client.ContainerCreate("", "", {{"Image", "busybox"}});
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kNotFound);
        EXPECT_STREQ(error.what(), "Error response from daemon: No such image: busybox:latest");
    }
    EXPECT_EQ(daemon.ApiTargets().back(), "/v1.41/containers/create");
}

TEST(ContainerClientTest, ListAndPruneQueries) {
    FakeDaemon daemon(JsonReply("[]"));
    EngineClient client(daemon.endpoint());
    ContainerListOptions options;
    client.ContainerList(options);
    options.all = true;
    options.limit = 3;
    options.size = true;
    options.filters = api::Filters(api::Filters::Fields{{"status", {{"exited", true}}}});
    client.ContainerList(options);
    client.ContainerPrune({});
    EXPECT_EQ(MethodsAndTargets(daemon),
              (std::vector<std::string>{
                  "GET /v1.41/containers/json",
                  "GET /v1.41/containers/json?all=1&filters=%7B%22status%22%3A%7B%22exited%22%3Atrue%7D%7D&limit=3&"
                  "size=1",
                  "POST /v1.41/containers/prune",
              }));
}

TEST(ContainerClientTest, PullSplitsTheTag) {
    FakeDaemon daemon([](http::Request&, http::ResponseWriter& response) {
        response.BeginStream(200, "application/json");
        response.WriteChunk("{\"status\":\"Pulling from library/busybox\",\"id\":\"latest\"}\r\n");
        response.EndStream();
    });
    EngineClient client(daemon.endpoint());
    std::vector<nlohmann::json> messages;
    const JsonCallback collect = [&messages](const nlohmann::json& message) {
        messages.push_back(message);
        return true;
    };
    client.ImagePull("localhost:5000/x:1", "", collect);
    client.ImagePull("busybox@sha256:abc", "linux/arm64", collect);
    client.ImagePull("localhost:5000/x", "", collect);
    EXPECT_EQ(daemon.ApiTargets(),
              (std::vector<std::string>{
                  "/v1.41/images/create?fromImage=localhost%3A5000%2Fx&tag=1",
                  "/v1.41/images/create?fromImage=busybox&platform=linux%2Farm64&tag=sha256%3Aabc",
                  "/v1.41/images/create?fromImage=localhost%3A5000%2Fx",
              }));
    ASSERT_EQ(messages.size(), 3u);
    EXPECT_EQ(messages[0]["id"], "latest");
}

TEST(ContainerClientTest, LogsAreDemultiplexedAcrossChunks) {
    const std::string stream = Frame(1, "out line\n") + Frame(2, "err line\n") + Frame(1, "more\n");
    FakeDaemon daemon([stream](http::Request&, http::ResponseWriter& response) {
        response.BeginStream(200, "application/vnd.docker.raw-stream");
        // Cut inside a header and inside a payload.
        response.WriteChunk(stream.substr(0, 5));
        response.WriteChunk(stream.substr(5, 9));
        response.WriteChunk(stream.substr(14));
        response.EndStream();
    });
    EngineClient client(daemon.endpoint());
    LogsOptions options;
    options.follow = true;
    options.timestamps = true;
    options.since = "1700000000";
    options.tail = "10";
    std::string out;
    std::string err;
    client.ContainerLogs("web", options, false, [&](StdStream which, std::string_view data) {
        (which == StdStream::kStderr ? err : out).append(data);
        return true;
    });
    EXPECT_EQ(out, "out line\nmore\n");
    EXPECT_EQ(err, "err line\n");
    EXPECT_EQ(daemon.ApiTargets().back(),
              "/v1.41/containers/web/logs?follow=1&since=1700000000&stderr=1&stdout=1&tail=10&timestamps=1");
}

TEST(ContainerClientTest, TtyLogsAreRaw) {
    FakeDaemon daemon([](http::Request&, http::ResponseWriter& response) {
        response.BeginStream(200, "application/vnd.docker.raw-stream");
        response.WriteChunk("raw\r\n");
        response.EndStream();
    });
    EngineClient client(daemon.endpoint());
    LogsOptions options;
    options.stderr_stream = false;
    std::string out;
    client.ContainerLogs("web", options, true, [&](StdStream which, std::string_view data) {
        EXPECT_EQ(which, StdStream::kStdout);
        out.append(data);
        return true;
    });
    EXPECT_EQ(out, "raw\r\n");
    EXPECT_EQ(daemon.ApiTargets().back(), "/v1.41/containers/web/logs?stdout=1&tail=all");
}

TEST(ContainerClientTest, DemuxerRejectsAnUnknownStream) {
    StdStreamDemuxer demuxer([](StdStream, std::string_view) { return true; });
    EXPECT_THROW(demuxer.Feed(Frame(7, "x")), Error);
}

TEST(ContainerClientTest, VolumeCalls) {
    FakeDaemon daemon(JsonReply(R"({"Name":"data"})"));
    EngineClient client(daemon.endpoint());
    client.VolumeCreate({{"Name", "data"}, {"Driver", "local"}});
    client.VolumeList(api::Filters(api::Filters::Fields{{"dangling", {{"true", true}}}}));
    client.VolumeInspect("data");
    client.VolumeRemove("data", true);
    client.VolumeRemove("data", false);
    client.VolumePrune({});
    EXPECT_EQ(MethodsAndTargets(daemon),
              (std::vector<std::string>{
                  "POST /v1.41/volumes/create",
                  "GET /v1.41/volumes?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%7D",
                  "GET /v1.41/volumes/data",
                  "DELETE /v1.41/volumes/data?force=1",
                  "DELETE /v1.41/volumes/data",
                  "POST /v1.41/volumes/prune",
              }));
    EXPECT_EQ(nlohmann::json::parse(daemon.requests()[1].body),
              (nlohmann::json{{"Name", "data"}, {"Driver", "local"}}));
}

}  // namespace
}  // namespace engine::client

namespace engine::client {
namespace {

TEST(ContainerClientTest, ArchiveCallsDecodeThePathStat) {
    // base64 of {"name":"x","size":3,"mode":420,"mtime":"2024-01-01T00:00:00Z","linkTarget":""}
    const std::string stat =
        "eyJuYW1lIjoieCIsInNpemUiOjMsIm1vZGUiOjQyMCwibXRpbWUiOiIyMDI0LTAxLTAxVDAwOjAwOjAwWiIsImxpbmtUYXJnZXQiOiIifQ==";
    FakeDaemon daemon([stat](http::Request& request, http::ResponseWriter& response) {
        response.Send(200,
                      "application/x-tar",
                      request.head.method == "PUT" ? "" : "tar!",
                      {{"X-Docker-Container-Path-Stat", stat}});
    });
    EngineClient client(daemon.endpoint());
    std::string tar;
    const nlohmann::json got = client.ContainerArchiveGet("web", "/etc/x y", [&tar](std::string_view data) {
        tar.append(data);
        return true;
    });
    EXPECT_EQ(tar, "tar!");
    EXPECT_EQ(got["name"], "x");
    EXPECT_EQ(got["mode"], 420);
    EXPECT_EQ(client.ContainerArchiveStat("web", "/etc")["size"], 3);
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    ASSERT_EQ(write(fds[1], "upload", 6), 6);
    close(fds[1]);
    client.ContainerArchivePut("web", "/tmp", fds[0], true, false);
    close(fds[0]);
    EXPECT_EQ(daemon.requests().back().body, "upload");
    EXPECT_EQ(MethodsAndTargets(daemon),
              (std::vector<std::string>{
                  "GET /v1.41/containers/web/archive?path=%2Fetc%2Fx+y",
                  "HEAD /v1.41/containers/web/archive?path=%2Fetc",
                  "PUT /v1.41/containers/web/archive?noOverwriteDirNonDir=true&path=%2Ftmp",
              }));
}

TEST(ContainerClientTest, StatsAndExport) {
    FakeDaemon daemon([](http::Request& request, http::ResponseWriter& response) {
        if (request.head.target.find("/stats") != std::string::npos) {
            response.Send(200, "application/json", "{\"read\":\"a\"}\n{\"read\":\"b\"}\n");
            return;
        }
        response.Send(200, "application/x-tar", "exported");
    });
    EngineClient client(daemon.endpoint());
    std::vector<std::string> reads;
    client.ContainerStats("web", true, [&reads](const nlohmann::json& stats) {
        reads.push_back(stats["read"]);
        return true;
    });
    EXPECT_EQ(reads, (std::vector<std::string>{"a", "b"}));
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    client.ContainerExport("web", fds[1]);
    close(fds[1]);
    char buffer[16] = {};
    EXPECT_EQ(read(fds[0], buffer, sizeof buffer), 8);
    close(fds[0]);
    EXPECT_EQ(std::string(buffer), "exported");
    EXPECT_EQ(daemon.ApiTargets(),
              (std::vector<std::string>{"/v1.41/containers/web/stats?stream=1", "/v1.41/containers/web/export"}));
}

}  // namespace
}  // namespace engine::client

namespace engine::client {
namespace {

TEST(ContainerClientTest, NetworkAndBuildCachePrune) {
    FakeDaemon daemon(JsonReply("{}"));
    EngineClient client(daemon.endpoint());
    client.NetworkPrune({});
    client.BuildCachePrune(true, {});
    client.BuildCachePrune(false, {});
    EXPECT_EQ(MethodsAndTargets(daemon),
              (std::vector<std::string>{
                  "POST /v1.41/networks/prune", "POST /v1.41/build/prune?all=1", "POST /v1.41/build/prune"}));
}

}  // namespace
}  // namespace engine::client
