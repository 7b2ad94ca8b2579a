#include "engine/http/server.hpp"

#include <atomic>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/http/test_support.hpp"

namespace engine::http {
namespace {

using namespace std::chrono_literals;
using testing::Client;
using testing::Get;
using testing::LambdaDispatcher;

// A server on a UNIX socket in a temp dir; each test sets its handler first.
class ServerTest : public ::testing::Test {
  protected:
    void StartServer(ServerOptions options = {}) {
        options.spool_directory = dir_.path() / "spool";
        server_ = std::make_unique<Server>(options, dispatcher_);
        server_->Listen(testing::UnixAt(socket_));
        server_->Start();
    }
    Client Connect() { return Client::Unix(socket_); }

    testing::TempDir dir_;
    std::filesystem::path socket_ = dir_.path() / "api.sock";
    LambdaDispatcher::Handler handler_ = [](Request& request, ResponseWriter& response) {
        response.Send(200, "text/plain", request.head.method + " " + request.head.target + " " + request.body);
    };
    LambdaDispatcher::Policy policy_;
    LambdaDispatcher dispatcher_{[this](Request& request, ResponseWriter& response) { handler_(request, response); },
                                 [this](const RequestHead& head) { return policy_ ? policy_(head) : BodyPolicy{}; }};
    std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, ServesSeveralRequestsOnOneConnection) {
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.connected());
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(client.Send(Get("/v1.41/_ping?n=" + std::to_string(i))));
        const Client::Response response = client.Read();
        EXPECT_EQ(response.status, 200);
        EXPECT_EQ(response.body, "GET /v1.41/_ping?n=" + std::to_string(i) + " ");
        EXPECT_EQ(response.Header("Content-Type"), "text/plain");
        EXPECT_EQ(response.Header("Connection"), "");
    }
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send(Get("/a") + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz" + Get("/c")));
    EXPECT_EQ(client.Read().body, "GET /a ");
    EXPECT_EQ(client.Read().body, "POST /b xyz");
    EXPECT_EQ(client.Read().body, "GET /c ");
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send(Get("/x", "Connection: close\r\n")));
    const Client::Response response = client.Read();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.Header("Connection"), "close");
    EXPECT_TRUE(client.ClosedByPeer());
}

TEST_F(ServerTest, Http10GetsAnAnswerAndTheConnectionCloses) {
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send("GET /old HTTP/1.0\r\n\r\n"));
    const Client::Response response = client.Read();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "GET /old ");
    EXPECT_TRUE(client.ClosedByPeer());
}

TEST_F(ServerTest, ReadsChunkedRequestBodies) {
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(
        client.Send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
    EXPECT_EQ(client.Read().body, "POST /up hello world");
}

TEST_F(ServerTest, HeadGetsHeadersWithoutBody) {
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send("HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n" + Get("/y")));
    const Client::Response head = client.Read(/*head=*/true);
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.Header("Content-Length"), "8");  // "HEAD /x " would have been sent
    const Client::Response next = client.Read();
    EXPECT_EQ(next.body, "GET /y ");  // nothing of the HEAD body came before it
}

TEST_F(ServerTest, HeadOfAStreamGetsHeadersOnly) {
    handler_ = [](Request&, ResponseWriter& response) {
        response.BeginStream(200, "application/json");
        EXPECT_TRUE(response.WriteChunk("{}"));
        response.EndStream();
    };
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send("HEAD /events HTTP/1.1\r\nHost: x\r\n\r\n" + Get("/after")));
    EXPECT_EQ(client.Read(true).status, 200);
    const Client::Response next = client.Read();
    EXPECT_EQ(next.status, 200);
    EXPECT_EQ(next.body, "{}");
}

TEST_F(ServerTest, EachChunkIsFlushedBeforeTheNextIsWritten) {
    std::promise<void> got_first;
    std::future<void> first_arrived = got_first.get_future();
    std::atomic<bool> waited_ok{false};
    handler_ = [&](Request&, ResponseWriter& response) {
        response.BeginStream(200, "application/json", {{"X-Stream", "yes"}});
        ASSERT_TRUE(response.WriteChunk("first"));
        waited_ok = first_arrived.wait_for(5s) == std::future_status::ready;
        ASSERT_TRUE(response.WriteChunk("second"));
        response.EndStream();
    };
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send(Get("/events")));
    ASSERT_TRUE(client.ReadUntil("first\r\n"));
    EXPECT_NE(client.buffer().find("Transfer-Encoding: chunked"), std::string::npos);
    EXPECT_NE(client.buffer().find("X-Stream: yes"), std::string::npos);
    EXPECT_EQ(client.buffer().find("second"), std::string::npos);
    got_first.set_value();
    ASSERT_TRUE(client.ReadUntil("0\r\n\r\n"));
    EXPECT_TRUE(waited_ok);
    EXPECT_NE(client.buffer().find("6\r\nsecond\r\n0\r\n\r\n"), std::string::npos);
    // The connection stays usable after a stream.
    client.buffer().clear();
    ASSERT_TRUE(client.Send(Get("/again")));
    EXPECT_EQ(client.Read().body, "firstsecond");
}

TEST_F(ServerTest, StreamNotEndedByTheHandlerIsEnded) {
    handler_ = [](Request&, ResponseWriter& response) {
        response.BeginStream(200, "text/plain");
        response.WriteChunk("x");
    };
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send(Get("/s")));
    const Client::Response response = client.Read();
    EXPECT_EQ(response.status, 200);
    EXPECT_TRUE(response.chunked);
    EXPECT_EQ(response.body, "x");
}

TEST_F(ServerTest, BodyOverTheLimitIs413AndCloses) {
    policy_ = [](const RequestHead&) { return BodyPolicy{.max_bytes = 10}; };
    bool called = false;
    handler_ = [&](Request&, ResponseWriter& response) {
        called = true;
        response.Send(200, "text/plain", "");
    };
    StartServer();
    {
        Client client = Connect();
        ASSERT_TRUE(client.Send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n"));
        const Client::Response response = client.Read();
        EXPECT_EQ(response.status, 413);
        EXPECT_EQ(response.Header("Content-Type"), "application/json");
        EXPECT_EQ(response.body, R"j({"message":"request body too large (the limit is 10 bytes)"})j");
        EXPECT_TRUE(client.ClosedByPeer());
    }
    {
        Client client = Connect();  // chunked: found out while reading
        ASSERT_TRUE(
            client.Send("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "6\r\n123456\r\n6\r\n789012\r\n0\r\n\r\n"));
        EXPECT_EQ(client.Read().status, 413);
        EXPECT_TRUE(client.ClosedByPeer());
    }
    EXPECT_FALSE(called);
}

TEST_F(ServerTest, HeaderOverTheLimitIs431) {
    StartServer(testing::Options([](ServerOptions& o) { o.max_header_bytes = 1024; }));
    Client client = Connect();
    ASSERT_TRUE(client.Send(Get("/x", "X-Big: " + std::string(2000, 'a') + "\r\n")));
    const Client::Response response = client.Read();
    EXPECT_EQ(response.status, 431);
    EXPECT_EQ(response.body, R"j({"message":"request header fields too large (the limit is 1024 bytes)"})j");
    EXPECT_TRUE(client.ClosedByPeer());
}

TEST_F(ServerTest, MalformedRequestIs400AndCloses) {
    StartServer();
    for (const std::string request :
         {"GARBAGE\r\n\r\n",
          "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
          "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
          "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
          // both lengths: a request smuggling vector, refused
          "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
          "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"}) {
        Client client = Connect();
        ASSERT_TRUE(client.Send(request));
        const Client::Response response = client.Read();
        EXPECT_EQ(response.status, 400) << request;
        EXPECT_EQ(response.body.rfind(R"({"message":"malformed HTTP request)", 0), 0u) << response.body;
        EXPECT_TRUE(client.ClosedByPeer()) << request;
    }
}

TEST_F(ServerTest, IdleTimeoutClosesTheConnection) {
    StartServer(testing::Options([](ServerOptions& o) { o.idle_timeout = 200ms; }));
    Client client = Connect();
    ASSERT_TRUE(client.Send(Get("/x")));
    EXPECT_EQ(client.Read().status, 200);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.ClosedByPeer());  // between requests
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);

    Client slow = Connect();
    ASSERT_TRUE(slow.Send("GET /x HTTP/1.1\r\nHo"));  // a head that never ends
    EXPECT_TRUE(slow.ClosedByPeer());
    EXPECT_EQ(slow.buffer(), "");
}

TEST_F(ServerTest, HijackEchoesBytesIncludingPipelinedOnes) {
    handler_ = [](Request&, ResponseWriter& response) {
        std::unique_ptr<HijackedConnection> connection = response.Hijack("tcp", {{"Api-Version", "1.41"}});
        char buffer[256];
        for (std::size_t count; (count = connection->Read(buffer)) > 0;) {
            connection->Write(std::string_view(buffer, count));
        }
        connection->Write("bye");
        connection->CloseWrite();
    };
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(
        client.Send("POST /containers/x/attach HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                    "Upgrade: tcp\r\n\r\nearly"));
    ASSERT_TRUE(client.ReadUntil("\r\n\r\n"));
    const std::string head = client.buffer().substr(0, client.buffer().find("\r\n\r\n") + 4);
    client.buffer().erase(0, head.size());
    EXPECT_EQ(head.rfind("HTTP/1.1 101 UPGRADED\r\n", 0), 0u) << head;
    EXPECT_NE(head.find("Content-Type: application/vnd.docker.raw-stream\r\n"), std::string::npos);
    EXPECT_NE(head.find("Connection: Upgrade\r\n"), std::string::npos);
    EXPECT_NE(head.find("Upgrade: tcp\r\n"), std::string::npos);
    EXPECT_NE(head.find("Api-Version: 1.41\r\n"), std::string::npos);
    ASSERT_TRUE(client.ReadUntil("early"));
    ASSERT_TRUE(client.Send("later"));
    ASSERT_TRUE(client.ReadUntil("earlylater"));
    shutdown(client.fd(), SHUT_WR);
    EXPECT_EQ(client.ReadToEnd(), "earlylaterbye");
}

TEST_F(ServerTest, CancelledTurnsTrueWhenTheClientDisconnects) {
    std::promise<bool> cancelled;
    handler_ = [&](Request&, ResponseWriter& response) {
        response.BeginStream(200, "application/json");
        EXPECT_FALSE(response.Cancelled());
        response.WriteChunk("{}");
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        while (!response.Cancelled() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(10ms);
        }
        cancelled.set_value(response.Cancelled());
    };
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send(Get("/events")));
    ASSERT_TRUE(client.ReadUntil("{}"));
    client.Close();
    std::future<bool> result = cancelled.get_future();
    ASSERT_EQ(result.wait_for(3s), std::future_status::ready);
    EXPECT_TRUE(result.get());
}

TEST_F(ServerTest, StopLetsInFlightRequestsFinishAndClosesIdleOnes) {
    std::promise<void> entered;
    handler_ = [&](Request&, ResponseWriter& response) {
        entered.set_value();
        std::this_thread::sleep_for(300ms);
        response.Send(200, "text/plain", "done");
    };
    StartServer();
    Client idle = Connect();
    Client busy = Connect();
    ASSERT_TRUE(busy.Send(Get("/slow")));
    entered.get_future().wait();
    const auto start = std::chrono::steady_clock::now();
    server_->Stop(5s);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
    const Client::Response response = busy.Read();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "done");
    EXPECT_EQ(response.Header("Connection"), "close");
    EXPECT_TRUE(busy.ClosedByPeer());
    EXPECT_TRUE(idle.ClosedByPeer());
    EXPECT_FALSE(std::filesystem::exists(socket_));
    EXPECT_FALSE(Connect().connected());
}

TEST_F(ServerTest, StopWakesLongStreamsThroughCancelled) {
    std::promise<void> entered;
    handler_ = [&](Request&, ResponseWriter& response) {
        response.BeginStream(200, "application/json");
        entered.set_value();
        while (!response.Cancelled()) {
            std::this_thread::sleep_for(5ms);
        }
        response.EndStream();
    };
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send(Get("/events")));
    entered.get_future().wait();
    const auto start = std::chrono::steady_clock::now();
    server_->Stop(10s);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST_F(ServerTest, StopAfterGraceClosesStuckConnections) {
    handler_ = [](Request&, ResponseWriter& response) {
        std::unique_ptr<HijackedConnection> connection = response.Hijack("tcp");
        char buffer[16];
        try {
            while (connection->Read(buffer) > 0) {
            }
        } catch (const Error&) {
        }
    };
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send(Get("/attach")));
    ASSERT_TRUE(client.ReadUntil("\r\n\r\n"));
    const auto start = std::chrono::steady_clock::now();
    server_->Stop(100ms);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    EXPECT_TRUE(client.ClosedByPeer());
}

TEST_F(ServerTest, ExpectContinueUploadIsSpooledToAFile) {
    policy_ = [](const RequestHead& head) {
        return BodyPolicy{.max_bytes = 1 << 20, .spool_to_file = head.target == "/images/load"};
    };
    std::filesystem::path spooled;
    handler_ = [&](Request& request, ResponseWriter& response) {
        spooled = request.body_file;
        std::ifstream in(request.body_file);
        std::stringstream content;
        content << in.rdbuf();
        struct stat info {};
        stat(spooled.parent_path().c_str(), &info);
        response.Send(200,
                      "text/plain",
                      content.str() + " body=" + request.body + " mode=" + std::to_string(info.st_mode & 0777));
    };
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(
        client.Send("POST /images/load HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n"));
    ASSERT_TRUE(client.ReadUntil("\r\n\r\n"));
    EXPECT_EQ(client.buffer(), "HTTP/1.1 100 Continue\r\n\r\n");
    client.buffer().clear();
    ASSERT_TRUE(client.Send("4\r\ntar!\r\n0\r\n\r\n"));
    const Client::Response response = client.Read();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "tar! body= mode=448");  // 0700
    EXPECT_EQ(spooled.parent_path(), dir_.path() / "spool");
    // Deleted once the handler returned, which may be just after the client got the reply.
    for (int attempt = 0; attempt < 200 && std::filesystem::exists(spooled); ++attempt) {
        std::this_thread::sleep_for(5ms);
    }
    EXPECT_FALSE(std::filesystem::exists(spooled));
}

TEST_F(ServerTest, ExpectContinueOverTheLimitGets413Instead) {
    policy_ = [](const RequestHead&) { return BodyPolicy{.max_bytes = 4}; };
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send("PUT /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
    const Client::Response response = client.Read();
    EXPECT_EQ(response.status, 413);
}

TEST_F(ServerTest, ExceptionsBecomeJsonErrors) {
    handler_ = [](Request& request, ResponseWriter&) {
        if (request.head.target == "/missing") {
            throw Error(Errc::kNotFound, "no such container: \"web\"\n");
        }
        if (request.head.target == "/conflict") {
            throw Error(Errc::kConflict, "in use");
        }
        if (request.head.target == "/bad") {
            throw Error(Errc::kInvalidArgument, "bad");
        }
        if (request.head.target == "/down") {
            throw Error(Errc::kUnavailable, "down");
        }
        if (request.head.target == "/std") {
            throw std::runtime_error("boom");
        }
        // no response at all
    };
    StartServer();
    Client client = Connect();
    const std::pair<std::string, std::pair<int, std::string>> cases[] = {
        {"/missing", {404, R"({"message":"no such container: \"web\"\n"})"}},
        {"/conflict", {409, R"({"message":"in use"})"}},
        {"/bad", {400, R"({"message":"bad"})"}},
        {"/down", {503, R"({"message":"down"})"}},
        {"/std", {500, R"({"message":"boom"})"}},
        {"/silent", {500, R"({"message":"the handler sent no response"})"}},
    };
    for (const auto& [target, expected] : cases) {
        ASSERT_TRUE(client.Send(Get(target)));
        const Client::Response response = client.Read();
        EXPECT_EQ(response.status, expected.first) << target;
        EXPECT_EQ(response.body, expected.second) << target;
        EXPECT_EQ(response.Header("Content-Type"), "application/json");
    }
}

TEST_F(ServerTest, ExceptionAfterTheResponseStartedClosesTheConnection) {
    handler_ = [](Request&, ResponseWriter& response) {
        response.BeginStream(200, "text/plain");
        response.WriteChunk("partial");
        throw std::runtime_error("late");
    };
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send(Get("/x")));
    ASSERT_TRUE(client.ReadUntil("partial\r\n"));
    EXPECT_TRUE(client.ClosedByPeer());
    EXPECT_EQ(client.buffer().find("0\r\n\r\n"), std::string::npos);
}

TEST_F(ServerTest, ConnectionsOverTheCapAreRefused) {
    StartServer(testing::Options([](ServerOptions& o) { o.max_connections = 1; }));
    Client first = Connect();
    ASSERT_TRUE(first.Send(Get("/x")));
    EXPECT_EQ(first.Read().status, 200);
    Client second = Connect();
    const std::string reply = second.ReadToEnd();
    EXPECT_EQ(reply.rfind("HTTP/1.1 503", 0), 0u) << reply;
    first.Close();
    // The slot frees once the first connection is gone.
    for (int attempt = 0; attempt < 100; ++attempt) {
        Client third = Connect();
        if (third.Send(Get("/x")) && third.Read().status == 200) {
            return;
        }
        std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "the slot was not freed";
}

TEST_F(ServerTest, PeerIsUnixForUnixSockets) {
    handler_ = [](Request& request, ResponseWriter& response) { response.Send(200, "text/plain", request.peer); };
    StartServer();
    Client client = Connect();
    ASSERT_TRUE(client.Send(Get("/x")));
    EXPECT_EQ(client.Read().body, "unix");
}

TEST(RequestHeadTest, HeaderIsCaseInsensitiveAndFirstWins) {
    RequestHead head;
    head.headers = {{"Content-Type", "a"}, {"content-type", "b"}};
    EXPECT_EQ(head.Header("CONTENT-TYPE"), "a");
    EXPECT_EQ(head.Header("X-None"), "");
}

}  // namespace
}  // namespace engine::http
