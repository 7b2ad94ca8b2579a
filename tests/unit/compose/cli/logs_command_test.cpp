#include "compose/cli/logs_command.hpp"

#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using engine::client::StdStream;
using nlohmann::json;
using testing::FakeComposeEngine;
using testing::Summary;

class LogsCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        context_ = testing::ObservedContext(api_,
                                            json::array({Summary("aaa", "web", 1, "running", "Up 1 minute"),
                                                         Summary("ddd", "db", 1, "running", "Up 1 minute")}));
        api_.log_chunks["aaa"] = {
            {StdStream::kStdout, "hello\nwor"}, {StdStream::kStderr, "oops\n"}, {StdStream::kStdout, "ld"}};
        api_.log_chunks["ddd"] = {{StdStream::kStdout, "ready\n"}};
    }

    int Run() { return RunLogs(options_, context_, api_, out_, err_); }

    FakeComposeEngine api_;
    ProjectContext context_;
    LogsOptions options_;
    std::ostringstream out_;
    std::ostringstream err_;
};

TEST_F(LogsCommand, PrefixesWholeLinesWithPaddedContainerNames) {
    EXPECT_EQ(Run(), 0);
    EXPECT_EQ(out_.str(), "demo-db-1   | ready\ndemo-web-1  | hello\ndemo-web-1  | world\n");
    EXPECT_EQ(err_.str(), "demo-web-1  | oops\n");
    EXPECT_EQ(api_.CallsStartingWith("ContainerLogs aaa").at(0),
              "ContainerLogs aaa follow=0 stdout=1 stderr=1 timestamps=0 details=0 since= until= tail=all tty=0");
}

TEST_F(LogsCommand, PassesFlagsAndSelectsServiceWithoutPrefix) {
    options_.selected = {"db"};
    options_.tail = "5";
    options_.timestamps = true;
    options_.since = "1700000000";
    options_.no_log_prefix = true;
    EXPECT_EQ(Run(), 0);
    EXPECT_EQ(out_.str(), "ready\n");
    EXPECT_EQ(api_.CallsStartingWith("ContainerLogs").size(), 1U);
    EXPECT_EQ(
        api_.CallsStartingWith("ContainerLogs").at(0),
        "ContainerLogs ddd follow=0 stdout=1 stderr=1 timestamps=1 details=0 since=1700000000 until= tail=5 tty=0");
}

TEST_F(LogsCommand, ColoursThePrefixOnATerminal) {
    options_.color = true;
    options_.selected = {"db"};
    Run();
    EXPECT_EQ(out_.str(), "\x1b[36mdemo-db-1  |\x1b[0m ready\n");
    options_.no_color = true;
    out_.str("");
    Run();
    EXPECT_EQ(out_.str(), "demo-db-1  | ready\n");
}

TEST_F(LogsCommand, FollowsEveryContainerAtOnce) {
    options_.follow = true;
    EXPECT_EQ(Run(), 0);
    std::istringstream lines(out_.str());
    std::vector<std::string> got;
    for (std::string line; std::getline(lines, line);) {
        got.push_back(line);
    }
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{"demo-db-1   | ready", "demo-web-1  | hello", "demo-web-1  | world"}));
    EXPECT_EQ(api_.CallsStartingWith("ContainerLogs").size(), 2U);
    EXPECT_NE(api_.CallsStartingWith("ContainerLogs aaa follow=1").size(), 0U);
}

TEST_F(LogsCommand, IndexPicksOneReplica) {
    options_.index = 2;
    EXPECT_THROW(Run(), engine::Error);
}

TEST(ToUnixTimestamp, AcceptsTimestampsDurationsAndRfc3339) {
    const auto now = std::chrono::system_clock::from_time_t(1700000600);
    EXPECT_EQ(ToUnixTimestamp("1700000000.5", now), "1700000000.5");
    EXPECT_EQ(ToUnixTimestamp("10m", now), "1700000000.000000000");
    EXPECT_EQ(ToUnixTimestamp("1h30s", now), "1699996970.000000000");
    EXPECT_EQ(ToUnixTimestamp("2023-11-14T22:13:20Z", now), "1700000000.000000000");
    EXPECT_EQ(ToUnixTimestamp("2023-11-14T23:13:20.25+01:00", now), "1700000000.250000000");
    EXPECT_THROW(ToUnixTimestamp("yesterday", now), engine::Error);
}

}  // namespace
}  // namespace compose::cli
