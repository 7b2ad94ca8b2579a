// berthd as a process: start-up, the data-root lock, listeners and their rules, clean shutdown.

#include <regex>

#include <gtest/gtest.h>

#include "tests/integration/integration_env.hpp"
#include "tests/support/raw_http.hpp"

namespace engine::testing {
namespace {

TEST(DaemonTest, ServesPingAndStopsCleanlyOnSigterm) {
    TempDir root;
    DaemonProcess daemon(BerthdPath(), root.path());
    daemon.Start();
    const RawResponse ping = RawHttp(daemon.socket(), "GET", "/_ping");
    EXPECT_EQ(ping.status, 200);
    EXPECT_EQ(ping.body, "OK");
    EXPECT_NE(ping.headers.find("Api-Version: 1.41"), std::string::npos) << ping.headers;
    EXPECT_TRUE(std::filesystem::exists(root.path() / "exec" / "berthd.pid"));
    EXPECT_EQ(daemon.Stop(), 0) << daemon.Log();
    EXPECT_FALSE(std::filesystem::exists(daemon.socket())) << "the socket file must go with the daemon";
    EXPECT_FALSE(std::filesystem::exists(root.path() / "exec" / "berthd.pid"));
    EXPECT_NE(daemon.Log().find("daemon stopped"), std::string::npos) << daemon.Log();
}

TEST(DaemonTest, UnknownRoutesAndBadVersionsAreJsonErrors) {
    TempDir root;
    DaemonProcess daemon(BerthdPath(), root.path());
    daemon.Start();
    const RawResponse unknown = RawHttp(daemon.socket(), "GET", "/v1.41/no/such/route");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_NE(unknown.headers.find("Content-Type: application/json\r\n"), std::string::npos) << unknown.headers;
    EXPECT_EQ(unknown.body, "{\"message\":\"page not found\"}\n");
    const RawResponse too_new = RawHttp(daemon.socket(), "GET", "/v1.99/version");
    EXPECT_EQ(too_new.status, 400);
    EXPECT_NE(too_new.body.find("Maximum supported API version is 1.41"), std::string::npos) << too_new.body;
}

TEST(DaemonTest, SecondDaemonOnTheSameDataRootIsRefused) {
    TempDir root;
    DaemonProcess first(BerthdPath(), root.path());
    first.Start();
    const CommandResult second = RunCommand({BerthdPath().string(),
                                             "--data-root",
                                             first.data_root().string(),
                                             "--exec-root",
                                             (root.path() / "exec2").string(),
                                             "-H",
                                             "unix://" + (root.path() / "second.sock").string()},
                                            {},
                                            "",
                                            std::chrono::seconds(10));
    EXPECT_EQ(second.exit_code, 1);
    EXPECT_NE(second.err.find("another berthd (pid " + std::to_string(first.pid()) + ") is using the data root"),
              std::string::npos)
        << second.err;
    EXPECT_TRUE(first.Connectable()) << "the first daemon must be unaffected";
}

TEST(DaemonTest, PlainTcpIsRefusedUnlessLoopbackAndAllowed) {
    TempDir root;
    const auto run = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = {BerthdPath().string(),
                                         "--data-root",
                                         (root.path() / "data").string(),
                                         "--exec-root",
                                         (root.path() / "exec").string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return RunCommand(args, {}, "", std::chrono::seconds(10));
    };
    const CommandResult open_tcp = run({"-H", "tcp://0.0.0.0:0"});
    EXPECT_EQ(open_tcp.exit_code, 1);
    EXPECT_NE(open_tcp.err.find("refusing to listen on tcp://0.0.0.0:0 without TLS"), std::string::npos)
        << open_tcp.err;
    const CommandResult loopback_without_flag = run({"-H", "tcp://127.0.0.1:0"});
    EXPECT_EQ(loopback_without_flag.exit_code, 1);
    const CommandResult non_loopback_with_flag = run({"-H", "tcp://0.0.0.0:0", "--allow-insecure-loopback-tcp"});
    EXPECT_EQ(non_loopback_with_flag.exit_code, 1);
    const CommandResult bad_host = run({"-H", "http://x"});
    EXPECT_EQ(bad_host.exit_code, 1);
    EXPECT_NE(bad_host.err.find("http://x"), std::string::npos) << bad_host.err;
}

TEST(DaemonTest, LoopbackTcpServesWhenExplicitlyAllowed) {
    TempDir root;
    DaemonProcess daemon(BerthdPath(), root.path(), {"-H", "tcp://127.0.0.1:0", "--allow-insecure-loopback-tcp"});
    daemon.Start();
    // Start() returns once the UNIX socket answers; the TCP listener logs its line after that.
    EXPECT_NO_THROW(
        daemon.WaitForLog(std::regex(R"(address=tcp://127\.0\.0\.1:[0-9]+ requested=tcp://127\.0\.0\.1:0)")));
    EXPECT_EQ(daemon.Stop(), 0) << daemon.Log();
}

TEST(DaemonTest, ConfigFileIsReadAndBrokenOnesAreNamed) {
    TempDir root;
    const std::filesystem::path config = root.path() / "daemon.json";
    std::ofstream(config) << "{\"log-level\": \"loud\"}";
    const CommandResult result = RunCommand({BerthdPath().string(),
                                             "--config-file",
                                             config.string(),
                                             "--data-root",
                                             (root.path() / "data").string(),
                                             "-H",
                                             "unix://" + (root.path() / "s.sock").string()},
                                            {},
                                            "",
                                            std::chrono::seconds(10));
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find(config.string()), std::string::npos) << result.err;
}

}  // namespace
}  // namespace engine::testing
