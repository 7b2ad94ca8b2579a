// The transport's wire behaviour: incremental delivery of chunked replies, chunked uploads from
// a descriptor, keep-alive reuse and reconnection, TLS with client certificates.
#include "engine/client/http_transport.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/client/engine_client.hpp"
#include "tests/unit/engine/client/fake_daemon.hpp"

namespace engine::client {
namespace {

using testing::FakeDaemon;
using testing::JsonReply;

// Lets the client's callback tell the server thread that message 1 arrived.
class Signal final {
  public:
    void Set() {
        std::lock_guard lock(mutex_);
        set_ = true;
        changed_.notify_all();
    }
    bool WaitFor(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return set_; });
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool set_ = false;
};

TEST(HttpTransportTest, ChunkedMessagesArriveBeforeTheNextIsSent) {
    Signal first_received;
    std::atomic<bool> server_saw_receipt{false};
    FakeDaemon daemon([&](http::Request&, http::ResponseWriter& response) {
        response.BeginStream(200, "application/json");
        response.WriteChunk(R"({"id":1})"
                            "\n");
        // Message 2 goes out only once the client has handed message 1 to its callback.
        server_saw_receipt = first_received.WaitFor(std::chrono::seconds(5));
        response.WriteChunk(R"({"id":2})"
                            "\n");
        response.EndStream();
    });
    EngineClient client(daemon.endpoint());
    std::vector<int> ids;
    client.Events({}, [&](const nlohmann::json& event) {
        ids.push_back(event["id"]);
        first_received.Set();
        return true;
    });
    EXPECT_TRUE(server_saw_receipt);
    EXPECT_EQ(ids, (std::vector<int>{1, 2}));
}

TEST(HttpTransportTest, UploadFromDescriptorIsSentChunked) {
    FakeDaemon daemon(JsonReply(R"({"stream":"Loaded image: x:1\n"})"));
    engine::testing::TempDir dir;
    std::string content;
    for (int i = 0; i < 200000; ++i) {
        content += static_cast<char>('a' + i % 26);
    }
    std::ofstream(dir.path() / "image.tar") << content;
    const int fd = open((dir.path() / "image.tar").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    EngineClient client(daemon.endpoint());
    std::vector<nlohmann::json> messages;
    client.ImageLoad(fd, true, [&](const nlohmann::json& message) {
        messages.push_back(message);
        return true;
    });
    close(fd);
    const http::Request load = daemon.requests().back();
    EXPECT_EQ(load.head.target, "/v1.41/images/load?quiet=1");
    EXPECT_EQ(load.head.Header("Transfer-Encoding"), "chunked");
    EXPECT_EQ(load.head.Header("Content-Length"), "");
    EXPECT_EQ(load.head.Header("Content-Type"), "application/x-tar");
    EXPECT_EQ(load.body.size(), content.size());
    EXPECT_TRUE(load.body == content);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0]["stream"], "Loaded image: x:1\n");
}

TEST(HttpTransportTest, KeepAliveReusesOneConnection) {
    FakeDaemon daemon(JsonReply("{}"), "1.41", /*tcp=*/true);
    EngineClient client(daemon.endpoint());
    client.Info();
    client.Version();
    const std::vector<http::Request> requests = daemon.requests();
    ASSERT_EQ(requests.size(), 3u);  // ping, info, version
    EXPECT_EQ(requests[0].peer, requests[1].peer);
    EXPECT_EQ(requests[1].peer, requests[2].peer);
    EXPECT_EQ(client.transport().connections_opened(), 1);
}

TEST(HttpTransportTest, ReconnectsWhenTheDaemonClosedAnIdleConnection) {
    http::ServerOptions options;
    options.idle_timeout = std::chrono::milliseconds(100);
    FakeDaemon daemon(JsonReply("{}"), "1.41", /*tcp=*/true, std::nullopt, options);
    EngineClient client(daemon.endpoint());
    client.Info();
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    client.Info();
    EXPECT_EQ(client.transport().connections_opened(), 2);
    EXPECT_NE(daemon.requests()[1].peer, daemon.requests()[2].peer);
}

TEST(HttpTransportTest, StoppingAStreamEarlyDropsTheConnection) {
    FakeDaemon daemon([](http::Request& request, http::ResponseWriter& response) {
        if (request.head.target.find("/events") == std::string::npos) {
            response.Send(200, "application/json", "{}");
            return;
        }
        response.BeginStream(200, "application/json");
        for (int i = 0; i < 3 && response.WriteChunk("{\"n\":1}\n"); ++i) {
        }
        response.EndStream();
    });
    EngineClient client(daemon.endpoint());
    int count = 0;
    client.Events({}, [&](const nlohmann::json&) { return ++count < 1; });
    EXPECT_EQ(count, 1);
    client.Info();  // a fresh connection, not the rest of the event stream
    EXPECT_EQ(client.transport().connections_opened(), 2);
}

class TlsTransportTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new engine::testing::TempDir();
        const std::string script = "set -e; cd '" + dir_->path().string() + R"(';
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1" 2>/dev/null; }
key ca-key.pem
openssl req -x509 -new -key ca-key.pem -out ca.pem -days 2 -subj /CN=berth-test-ca
sign() {
  key "$1-key.pem"
  openssl req -new -key "$1-key.pem" -out "$1.csr" -subj "/CN=$1"
  printf '%s\n' "$2" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out "$1-cert.pem" -days 2 \
    -extfile "$1.ext" 2>/dev/null
}
sign server "subjectAltName=IP:127.0.0.1
extendedKeyUsage=serverAuth"
sign client "extendedKeyUsage=clientAuth"
)";
        const std::filesystem::path file = dir_->path() / "make-certs.sh";
        std::ofstream(file) << script;
        ASSERT_EQ(std::system(("bash '" + file.string() + "' >/dev/null").c_str()), 0);
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::filesystem::path File(const char* name) { return dir_->path() / name; }

    static inline engine::testing::TempDir* dir_ = nullptr;
};

TEST_F(TlsTransportTest, VerifiedTlsWithClientCertificate) {
    http::TlsFiles files{File("ca.pem"), File("server-cert.pem"), File("server-key.pem")};
    FakeDaemon daemon(JsonReply(R"({"ID":"x"})"), "1.41", /*tcp=*/true, files);
    Endpoint endpoint = daemon.endpoint();
    endpoint.tls = TlsOptions{true, File("ca.pem"), File("client-cert.pem"), File("client-key.pem")};
    EngineClient client(endpoint);
    EXPECT_EQ(client.Info()["ID"], "x");
    EXPECT_EQ(client.Info()["ID"], "x");
    EXPECT_EQ(client.transport().connections_opened(), 1);
}

TEST_F(TlsTransportTest, WithoutClientCertificateTheHandshakeFails) {
    http::TlsFiles files{File("ca.pem"), File("server-cert.pem"), File("server-key.pem")};
    FakeDaemon daemon(JsonReply("{}"), "1.41", /*tcp=*/true, files);
    Endpoint endpoint = daemon.endpoint();
    endpoint.tls = TlsOptions{true, File("ca.pem"), {}, {}};
    EngineClient client(endpoint);
    try {
        client.Info();
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kUnavailable);
        EXPECT_TRUE(std::string(error.what()).starts_with("error during connect: " + endpoint.ToString()))
            << error.what();
    }
}

}  // namespace
}  // namespace engine::client
