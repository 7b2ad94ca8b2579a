#include <fstream>

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/http/server.hpp"
#include "tests/unit/engine/http/test_support.hpp"

namespace engine::http {
namespace {

using testing::Client;
using testing::Get;

testing::LambdaDispatcher Echo() {
    return testing::LambdaDispatcher(
        [](Request& request, ResponseWriter& response) { response.Send(200, "text/plain", request.peer); });
}

int BindUnixSocket(const std::filesystem::path& path, bool listening) {
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    if (listening) {
        EXPECT_EQ(listen(fd, 4), 0);
    }
    return fd;
}

TEST(ListenerTest, UnixSocketGetsModeAndIsRemovedAtStop) {
    testing::TempDir dir;
    auto dispatcher = Echo();
    const std::filesystem::path path = dir.path() / "sub" / "api.sock";
    Server server(testing::Options([](ServerOptions& o) { o.unix_mode = 0600; }), dispatcher);
    const ListenAddress bound = server.Listen(testing::UnixAt(path));
    EXPECT_EQ(bound.path, path);
    struct stat info {};
    ASSERT_EQ(stat(path.c_str(), &info), 0);
    EXPECT_TRUE(S_ISSOCK(info.st_mode));
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    server.Start();
    Client client = Client::Unix(path);
    ASSERT_TRUE(client.Send(Get("/x")));
    EXPECT_EQ(client.Read().body, "unix");
    server.Stop();
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(ListenerTest, StaleUnixSocketFileIsReplaced) {
    testing::TempDir dir;
    const std::filesystem::path path = dir.path() / "api.sock";
    close(BindUnixSocket(path, /*listening=*/false));  // a daemon that died left its socket file
    ASSERT_TRUE(std::filesystem::exists(path));
    auto dispatcher = Echo();
    Server server({}, dispatcher);
    server.Listen(testing::UnixAt(path));
    server.Start();
    Client client = Client::Unix(path);
    ASSERT_TRUE(client.Send(Get("/x")));
    EXPECT_EQ(client.Read().status, 200);
}

TEST(ListenerTest, LiveUnixSocketIsRefused) {
    testing::TempDir dir;
    const std::filesystem::path path = dir.path() / "api.sock";
    const int other = BindUnixSocket(path, /*listening=*/true);  // another daemon serving
    auto dispatcher = Echo();
    Server server({}, dispatcher);
    try {
        server.Listen(testing::UnixAt(path));
        ADD_FAILURE() << "a live socket was replaced";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kAlreadyExists);
        EXPECT_EQ(std::string(e.what()),
                  "listen unix://" + path.string() + ": another process is accepting connections on " + path.string() +
                      " (is another daemon running?)");
    }
    EXPECT_TRUE(std::filesystem::exists(path));
    server.Stop();
    EXPECT_TRUE(std::filesystem::exists(path));  // not ours to remove
    close(other);
}

TEST(ListenerTest, RegularFileInTheWayIsRefused) {
    testing::TempDir dir;
    const std::filesystem::path path = dir.path() / "api.sock";
    std::ofstream(path) << "data";
    auto dispatcher = Echo();
    Server server({}, dispatcher);
    EXPECT_THROW(server.Listen(testing::UnixAt(path)), Error);
    EXPECT_TRUE(std::filesystem::exists(path));
}

TEST(ListenerTest, TcpOnAnEphemeralLoopbackPort) {
    auto dispatcher = Echo();
    Server server({}, dispatcher);
    const ListenAddress bound = server.Listen(ParseListenAddress("tcp://127.0.0.1:0"));
    ASSERT_NE(bound.port, 0u);
    server.Start();
    Client client = Client::Tcp(bound.port);
    ASSERT_TRUE(client.Send(Get("/x")));
    const Client::Response response = client.Read();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body.rfind("127.0.0.1:", 0), 0u) << response.body;
    // The same port again is "address already in use".
    Server second({}, dispatcher);
    ListenAddress same = bound;
    EXPECT_THROW(second.Listen(same), Error);
}

TEST(ListenerTest, FdWithoutSystemdIsAClearError) {
    auto dispatcher = Echo();
    Server server({}, dispatcher);
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_PID");
    try {
        server.Listen(ParseListenAddress("fd://"));
        ADD_FAILURE();
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "listen fd://: no sockets passed by systemd (LISTEN_PID unset)");
    }
}

TEST(ListenerTest, FdFromSystemdIsServed) {
    // What systemd does: a listening socket at fd 3.. and LISTEN_FDS/LISTEN_PID.
    testing::TempDir dir;
    const std::filesystem::path path = dir.path() / "activated.sock";
    const int fd = BindUnixSocket(path, /*listening=*/true);
    const int target = 3 + 40;  // out of the way of fds the test runner uses
    ASSERT_EQ(dup2(fd, target), target);
    close(fd);
    // Only fds 3..3+N-1 count, so pretend N covers `target`, and ask for that one.
    setenv("LISTEN_PID", std::to_string(getpid()).c_str(), 1);
    setenv("LISTEN_FDS", std::to_string(target - 3 + 1).c_str(), 1);
    auto dispatcher = Echo();
    {
        Server server({}, dispatcher);
        const ListenAddress bound = server.Listen(ParseListenAddress("fd://" + std::to_string(target)));
        EXPECT_EQ(bound.fd, target);
        server.Start();
        Client client = Client::Unix(path);
        ASSERT_TRUE(client.Send(Get("/x")));
        EXPECT_EQ(client.Read().status, 200);
        try {
            server.Listen(ParseListenAddress("fd://100"));
            ADD_FAILURE();
        } catch (const Error& e) {
            EXPECT_EQ(std::string(e.what()), "listen fd://100: fd 100 was not passed by systemd (LISTEN_FDS=41)");
        }
    }
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_PID");
}

}  // namespace
}  // namespace engine::http
