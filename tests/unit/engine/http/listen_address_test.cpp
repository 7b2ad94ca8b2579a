#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/http/server.hpp"

namespace engine::http {
namespace {

using Kind = ListenAddress::Kind;

struct Parsed {
    std::string text;
    Kind kind;
    std::string path;
    std::string host;
    unsigned port;
    int fd;
};

TEST(ParseListenAddressTest, AcceptsDockerForms) {
    const Parsed cases[] = {
        {"unix:///run/berth/berthd.sock", Kind::kUnix, "/run/berth/berthd.sock", "", 0, -1},
        {"unix://", Kind::kUnix, "/default.sock", "", 0, -1},
        {"tcp://127.0.0.1:2376", Kind::kTcp, "", "127.0.0.1", 2376, -1},
        {"tcp://0.0.0.0:2375", Kind::kTcp, "", "0.0.0.0", 2375, -1},
        {"tcp://[::1]:2376", Kind::kTcp, "", "::1", 2376, -1},
        {"tcp://localhost:0", Kind::kTcp, "", "localhost", 0, -1},
        {"tcp://:2375", Kind::kTcp, "", "0.0.0.0", 2375, -1},
        {"tcp://127.0.0.1:2375/", Kind::kTcp, "", "127.0.0.1", 2375, -1},
        {"fd://", Kind::kFd, "", "", 0, -1},
        {"fd://3", Kind::kFd, "", "", 0, 3},
        {"fd://12", Kind::kFd, "", "", 0, 12},
    };
    for (const Parsed& expected : cases) {
        const ListenAddress address = ParseListenAddress(expected.text, "/default.sock");
        EXPECT_EQ(address.kind, expected.kind) << expected.text;
        EXPECT_EQ(address.path, expected.path) << expected.text;
        EXPECT_EQ(address.host, expected.host) << expected.text;
        EXPECT_EQ(address.port, expected.port) << expected.text;
        EXPECT_EQ(address.fd, expected.fd) << expected.text;
    }
}

TEST(ParseListenAddressTest, DefaultUnixPathIsTheDaemons) {
    EXPECT_EQ(ParseListenAddress("unix://").path, "/run/berth/berthd.sock");
}

TEST(ParseListenAddressTest, RejectsEverythingElseNamingTheValue) {
    const std::pair<std::string, std::string> cases[] = {
        {"", "invalid listen address \"\": empty (expected unix://, tcp:// or fd://)"},
        {"/run/x.sock", "invalid listen address \"/run/x.sock\": expected unix:///path, tcp://host:port or fd://"},
        {"http://x:1", "invalid listen address \"http://x:1\": expected unix:///path, tcp://host:port or fd://"},
        {"tcp://127.0.0.1", "invalid listen address \"tcp://127.0.0.1\": missing port (tcp://host:port)"},
        {"tcp://127.0.0.1:", "invalid listen address \"tcp://127.0.0.1:\": missing port (tcp://host:port)"},
        {"tcp://[::1]", "invalid listen address \"tcp://[::1]\": missing port (tcp://host:port)"},
        {"tcp://[::1:2376", "invalid listen address \"tcp://[::1:2376\": missing ']' after the IPv6 address"},
        {"tcp://[nope]:1", "invalid listen address \"tcp://[nope]:1\": \"nope\" is not an IPv6 address"},
        {"tcp://::1:2376",
         "invalid listen address \"tcp://::1:2376\": IPv6 addresses need brackets (tcp://[::1]:2376)"},
        {"tcp://h:65536", "invalid listen address \"tcp://h:65536\": port \"65536\" is not a number from 0 to 65535"},
        {"tcp://h:abc", "invalid listen address \"tcp://h:abc\": port \"abc\" is not a number from 0 to 65535"},
        {"tcp://h:1/path", "invalid listen address \"tcp://h:1/path\": a TCP address has no path"},
        {"unix://relative.sock",
         "invalid listen address \"unix://relative.sock\": the socket path must be absolute (unix:///path/to/socket)"},
        {"fd://x",
         "invalid listen address \"fd://x\": expected fd:// or fd://N with N >= 3 (a socket passed by systemd)"},
        {"fd://1",
         "invalid listen address \"fd://1\": expected fd:// or fd://N with N >= 3 (a socket passed by systemd)"},
    };
    for (const auto& [text, message] : cases) {
        try {
            ParseListenAddress(text);
            ADD_FAILURE() << text << " was accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::kInvalidArgument) << text;
            EXPECT_EQ(std::string(e.what()), message);
        }
    }
}

TEST(IsLoopbackTest, OnlyLocalTcpAddresses) {
    const std::pair<std::string, bool> cases[] = {
        {"tcp://127.0.0.1:2375", true},
        {"tcp://127.1.2.3:2375", true},
        {"tcp://[::1]:2375", true},
        {"tcp://localhost:2375", true},
        {"tcp://[::ffff:127.0.0.1]:1", true},
        {"tcp://0.0.0.0:2375", false},
        {"tcp://10.0.0.1:2375", false},
        {"tcp://[::]:2375", false},
        {"tcp://128.0.0.1:1", false},
        {"tcp://example.com:1", false},
        {"unix:///run/x.sock", false},
        {"fd://", false},
    };
    for (const auto& [text, expected] : cases) {
        EXPECT_EQ(IsLoopback(ParseListenAddress(text)), expected) << text;
    }
}

TEST(ListenAddressToStringTest, RoundTrips) {
    for (const std::string text :
         {"unix:///run/x.sock", "tcp://127.0.0.1:2376", "tcp://[::1]:2376", "fd://", "fd://4"}) {
        EXPECT_EQ(ToString(ParseListenAddress(text)), text);
    }
}

}  // namespace
}  // namespace engine::http
