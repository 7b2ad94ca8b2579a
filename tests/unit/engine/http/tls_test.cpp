// TCP+TLS with mandatory client certificates (docker --tlsverify): certificates are made with
// the openssl CLI in a temp dir, the client is plain OpenSSL.
#include <atomic>
#include <cstdlib>
#include <thread>

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "engine/base/error.hpp"
#include "engine/http/server.hpp"
#include "tests/unit/engine/http/test_support.hpp"

namespace engine::http {
namespace {

using testing::Client;

class TlsTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new testing::TempDir();
        const std::string script = R"(set -e
cd ")" + dir_->path().string() + R"("
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1" 2>/dev/null; }
key ca-key.pem
openssl req -x509 -new -key ca-key.pem -out ca.pem -days 2 -subj /CN=berth-test-ca
key other-ca-key.pem
openssl req -x509 -new -key other-ca-key.pem -out other-ca.pem -days 2 -subj /CN=other-ca
sign() {  # name ca extension
  key "$1-key.pem"
  openssl req -new -key "$1-key.pem" -out "$1.csr" -subj "/CN=$1"
  printf '%s\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2-key.pem" -CAcreateserial -out "$1-cert.pem" -days 2 \
    -extfile "$1.ext" 2>/dev/null
}
sign server ca "subjectAltName=IP:127.0.0.1
extendedKeyUsage=serverAuth"
sign client ca "extendedKeyUsage=clientAuth"
sign stranger other-ca "extendedKeyUsage=clientAuth"
)";
        ASSERT_EQ(std::system(("bash -c '" + Quote(script) + "' >/dev/null").c_str()), 0);
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::string Quote(const std::string& text) {
        std::string out;
        for (const char c : text) {
            out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        }
        return out;
    }
    static std::filesystem::path File(const std::string& name) { return dir_->path() / name; }

    void StartServer() {
        server_ = std::make_unique<Server>(ServerOptions{}, dispatcher_);
        port_ =
            server_
                ->Listen(ParseListenAddress("tcp://127.0.0.1:0"),
                         TlsFiles{.ca = File("ca.pem"), .cert = File("server-cert.pem"), .key = File("server-key.pem")})
                .port;
        server_->Start();
    }

    // One request over TLS with `client` ("" = no certificate); everything the server sent, or
    // "handshake failed".
    std::string Exchange(const std::string& client, const std::string& request) {
        SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_load_verify_locations(ctx, File("ca.pem").c_str(), nullptr);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
        if (!client.empty()) {
            EXPECT_EQ(SSL_CTX_use_certificate_file(ctx, File(client + "-cert.pem").c_str(), SSL_FILETYPE_PEM), 1);
            EXPECT_EQ(SSL_CTX_use_PrivateKey_file(ctx, File(client + "-key.pem").c_str(), SSL_FILETYPE_PEM), 1);
        }
        Client tcp = Client::Tcp(port_);
        SSL* ssl = SSL_new(ctx);
        SSL_set_fd(ssl, tcp.fd());
        std::string reply;
        if (SSL_connect(ssl) != 1) {
            reply = "handshake failed";
        } else {
            SSL_write(ssl, request.data(), static_cast<int>(request.size()));
            char buffer[4096];
            for (int count; (count = SSL_read(ssl, buffer, sizeof buffer)) > 0;) {
                reply.append(buffer, static_cast<std::size_t>(count));
            }
        }
        SSL_free(ssl);
        SSL_CTX_free(ctx);
        ERR_clear_error();
        return reply;
    }

    static testing::TempDir* dir_;
    testing::LambdaDispatcher dispatcher_{[this](Request& request, ResponseWriter& response) {
        if (request.head.target == "/attach") {
            // Writes until the vanished client's reset is seen, then closes its side, which
            // writes to a dead socket again: EPIPE, which must not be a SIGPIPE.
            std::unique_ptr<HijackedConnection> connection = response.Hijack("tcp");
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            try {
                while (std::chrono::steady_clock::now() < deadline) {
                    connection->Write(std::string(1024, 'x'));
                }
            } catch (const Error&) {
            }
            connection->CloseWrite();
            stream_ended_ = true;
            return;
        }
        response.Send(200, "text/plain", "hello " + request.head.target);
    }};
    std::atomic<bool> stream_ended_{false};
    std::unique_ptr<Server> server_;
    unsigned port_ = 0;
};

testing::TempDir* TlsTest::dir_ = nullptr;

TEST_F(TlsTest, ClientWithACertificateFromTheCaIsServed) {
    StartServer();
    const std::string reply = Exchange("client",
                                       "GET /tls HTTP/1.1\r\nHost: x\r\n\r\nGET /again HTTP/1.1\r\nHost: x\r\n"
                                       "Connection: close\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << reply;
    EXPECT_NE(reply.find("hello /tls"), std::string::npos) << reply;
    EXPECT_NE(reply.find("hello /again"), std::string::npos) << reply;
}

// Writing to a TLS peer that has gone must fail the write, not raise SIGPIPE (which would end
// this test binary, as it would a daemon that did not ignore it).
TEST_F(TlsTest, WritingToAClientThatLeftRaisesNoSigpipe) {
    StartServer();
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_use_certificate_file(ctx, File("client-cert.pem").c_str(), SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(ctx, File("client-key.pem").c_str(), SSL_FILETYPE_PEM);
    {
        Client tcp = Client::Tcp(port_);
        SSL* ssl = SSL_new(ctx);
        SSL_set_fd(ssl, tcp.fd());
        ASSERT_EQ(SSL_connect(ssl), 1);
        const std::string request = "POST /attach HTTP/1.1\r\nHost: x\r\nUpgrade: tcp\r\nConnection: Upgrade\r\n\r\n";
        SSL_write(ssl, request.data(), static_cast<int>(request.size()));
        char buffer[4096];
        EXPECT_GT(SSL_read(ssl, buffer, sizeof buffer), 0);
        SSL_free(ssl);
    }  // closed with unread data: the server's next writes get EPIPE or ECONNRESET
    SSL_CTX_free(ctx);
    for (int attempt = 0; attempt < 500 && !stream_ended_; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(stream_ended_);
}

TEST_F(TlsTest, ClientWithoutACertificateIsRefused) {
    StartServer();
    const std::string reply = Exchange("", "GET /tls HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.find("HTTP/1.1"), std::string::npos) << reply;
}

TEST_F(TlsTest, ClientWithACertificateFromAnotherCaIsRefused) {
    StartServer();
    const std::string reply = Exchange("stranger", "GET /tls HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.find("HTTP/1.1"), std::string::npos) << reply;
}

TEST_F(TlsTest, PlainHttpOnTheTlsPortGetsNoAnswer) {
    StartServer();
    Client client = Client::Tcp(port_);
    ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(client.ReadToEnd().find("HTTP/1.1 200"), std::string::npos);
}

TEST_F(TlsTest, StopDoesNotWaitForAClientThatNeverShakesHands) {
    StartServer();
    Client client = Client::Tcp(port_);  // connected, silent
    ASSERT_TRUE(client.connected());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto start = std::chrono::steady_clock::now();
    server_->Stop(std::chrono::seconds(10));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    EXPECT_TRUE(client.ClosedByPeer());
}

TEST_F(TlsTest, MissingFilesAreAClearError) {
    Server server(ServerOptions{}, dispatcher_);
    try {
        server.Listen(ParseListenAddress("tcp://127.0.0.1:0"),
                      TlsFiles{.ca = File("ca.pem"), .cert = File("nope.pem"), .key = File("server-key.pem")});
        ADD_FAILURE();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kInvalidArgument);
        EXPECT_EQ(
            std::string(e.what()).rfind("tls: cannot load the server certificate " + File("nope.pem").string(), 0), 0u)
            << e.what();
    }
}

}  // namespace
}  // namespace engine::http
