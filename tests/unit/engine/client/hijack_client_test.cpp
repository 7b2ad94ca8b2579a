// Attach and exec start upgraded to raw streams, and the wait armed before start, against the
// fake daemon's real hijack.
#include <array>
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/client/engine_client.hpp"
#include "tests/unit/engine/client/fake_daemon.hpp"

namespace engine::client {
namespace {

using testing::FakeDaemon;

std::string ReadAll(RawStream& stream) {
    std::string data;
    std::array<char, 256> buffer;
    for (std::size_t count; (count = stream.Read(buffer)) > 0;) {
        data.append(buffer.data(), count);
    }
    return data;
}

// Echoes what the client sends, upper-cased, until the client half-closes.
void EchoUpper(http::ResponseWriter& response) {
    std::unique_ptr<http::HijackedConnection> connection =
        response.Hijack("tcp", {{"Content-Type", "application/vnd.docker.raw-stream"}});
    connection->Write("ready:");
    std::array<char, 256> buffer;
    for (std::size_t count; (count = connection->Read(buffer)) > 0;) {
        std::string text(buffer.data(), count);
        for (char& c : text) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        connection->Write(text);
    }
    connection->CloseWrite();
}

TEST(HijackClientTest, AttachUpgradesAndHalfCloses) {
    FakeDaemon daemon([](http::Request& request, http::ResponseWriter& response) {
        if (request.head.target.find("/attach") == std::string::npos) {
            response.Send(204, "text/plain", "");
            return;
        }
        EchoUpper(response);
    });
    EngineClient client(daemon.endpoint());
    AttachOptions options;
    options.stdin_stream = true;
    options.detach_keys = "ctrl-x";
    std::unique_ptr<RawStream> stream = client.ContainerAttach("web", options);
    stream->Write("hello");
    stream->CloseWrite();
    EXPECT_EQ(ReadAll(*stream), "ready:HELLO");
    const http::Request request = daemon.requests().back();
    EXPECT_EQ(request.head.method, "POST");
    EXPECT_EQ(request.head.target, "/v1.41/containers/web/attach?detachKeys=ctrl-x&stderr=1&stdin=1&stdout=1&stream=1");
    EXPECT_EQ(request.head.Header("Upgrade"), "tcp");
    EXPECT_EQ(request.head.Header("Connection"), "Upgrade");
    // The kept-alive connection is untouched: later calls still work.
    EXPECT_NO_THROW(client.ContainerStart("web"));
}

TEST(HijackClientTest, AttachToAMissingContainerIsNotFound) {
    FakeDaemon daemon(testing::JsonReply(R"({"message":"No such container: nope"})", 404));
    EngineClient client(daemon.endpoint());
    try {
        client.ContainerAttach("nope", {});
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kNotFound);
        EXPECT_STREQ(error.what(), "Error response from daemon: No such container: nope");
    }
}

TEST(HijackClientTest, ExecStartSendsDetachAndTty) {
    FakeDaemon daemon([](http::Request& request, http::ResponseWriter& response) {
        if (request.head.target.find("/start") == std::string::npos ||
            request.body.find("\"Detach\":true") != std::string::npos) {
            response.Send(200, "application/json", R"({"Id":"e1"})");
            return;
        }
        EchoUpper(response);
    });
    EngineClient client(daemon.endpoint());
    EXPECT_EQ(client.ExecCreate("web", {{"Cmd", {"cat"}}})["Id"], "e1");
    EXPECT_EQ(client.ExecStart("e1", true, false), nullptr);
    std::unique_ptr<RawStream> stream = client.ExecStart("e1", false, true);
    stream->CloseWrite();
    EXPECT_EQ(ReadAll(*stream), "ready:");
    client.ExecResize("e1", 24, 80);
    client.ExecInspect("e1");
    const std::vector<http::Request> requests = daemon.requests();
    std::vector<std::string> lines;
    for (const http::Request& request : requests) {
        if (request.head.target != "/_ping") {
            lines.push_back(request.head.method + " " + request.head.target + " " + request.body);
        }
    }
    EXPECT_EQ(lines,
              (std::vector<std::string>{
                  R"(POST /v1.41/containers/web/exec {"Cmd":["cat"]})",
                  R"(POST /v1.41/exec/e1/start {"Detach":true,"Tty":false})",
                  R"(POST /v1.41/exec/e1/start {"Detach":false,"Tty":true})",
                  "POST /v1.41/exec/e1/resize?h=24&w=80 ",
                  "GET /v1.41/exec/e1/json ",
              }));
}

TEST(HijackClientTest, WaitBeginReturnsOnceTheHeadersArrived) {
    std::atomic<bool> release = false;
    FakeDaemon daemon([&release](http::Request& request, http::ResponseWriter& response) {
        if (request.head.target.find("/wait") == std::string::npos) {
            response.Send(204, "text/plain", "");
            return;
        }
        response.BeginStream(200, "application/json");
        while (!release.load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        response.WriteChunk(R"({"StatusCode":7,"Error":null})");
        response.EndStream();
    });
    EngineClient client(daemon.endpoint());
    std::unique_ptr<PendingWait> wait = client.ContainerWaitBegin("web", "next-exit");
    client.ContainerStart("web");  // on the client's own connection while the wait is pending
    release = true;
    EXPECT_EQ(wait->Result()["StatusCode"], 7);
    EXPECT_EQ(
        daemon.ApiTargets(),
        (std::vector<std::string>{"/v1.41/containers/web/wait?condition=next-exit", "/v1.41/containers/web/start"}));
}

}  // namespace
}  // namespace engine::client
