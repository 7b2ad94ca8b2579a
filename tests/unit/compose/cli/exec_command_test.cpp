#include "compose/cli/exec_command.hpp"

#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;
using testing::Summary;

// One frame of Docker's multiplexed stream.
std::string Frame(char stream, const std::string& data) {
    std::string frame{stream, 0, 0, 0};
    const auto size = static_cast<std::uint32_t>(data.size());
    for (int shift = 24; shift >= 0; shift -= 8) {
        frame.push_back(static_cast<char>((size >> shift) & 0xFFU));
    }
    return frame + data;
}

class ExecCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        context_ =
            testing::ObservedContext(api_,
                                     json::array({Summary("www", "web", 1, "running", "Up 1 minute"),
                                                  Summary("w2", "web", 2, "exited", "Exited (0) 1 minute ago")}));
        api_.replies["ExecCreate"] = json{{"Id", "e1"}};
        api_.replies["ExecInspect e1"] = json{{"ExitCode", 3}};
        api_.attach_output = Frame(1, "hi\n") + Frame(2, "warn\n");
        options_.service = "web";
        options_.command = {"ls", "-l"};
    }

    testing::FakeComposeEngine api_;
    ProjectContext context_;
    ExecOptions options_;
    std::ostringstream out_;
    std::ostringstream err_;
};

TEST_F(ExecCommand, RunsInTheFirstReplicaAndReturnsTheExitCode) {
    EXPECT_EQ(RunExec(options_, context_, api_, out_, err_), 3);
    EXPECT_EQ(out_.str(), "hi\n");
    EXPECT_EQ(err_.str(), "warn\n");
    const std::string create = api_.calls.at(0);
    ASSERT_TRUE(create.starts_with("ExecCreate www ")) << create;
    const json body = json::parse(create.substr(15));
    EXPECT_EQ(body["Cmd"], json::array({"ls", "-l"}));
    EXPECT_EQ(body["Tty"], false);
    EXPECT_EQ(body["AttachStdin"], false);
    EXPECT_EQ(body["AttachStdout"], true);
    EXPECT_EQ(api_.calls.at(1), "ExecStart e1 detach=0 tty=0");
    EXPECT_EQ(api_.calls.at(2), "ExecInspect e1");
}

TEST_F(ExecCommand, CopiesStdinAndHalfClosesAtItsEnd) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    ASSERT_EQ(write(fds[1], "input", 5), 5);
    close(fds[1]);
    options_.stdin_fd = fds[0];
    options_.env = {"A=b"};
    options_.user = "nobody";
    api_.eof_after_close = true;  // the output ends only once stdin was closed
    EXPECT_EQ(RunExec(options_, context_, api_, out_, err_), 3);
    close(fds[0]);
    EXPECT_EQ(api_.attach_input, "input");
    const json body = json::parse(api_.calls.at(0).substr(15));
    EXPECT_EQ(body["AttachStdin"], true);
    EXPECT_EQ(body["Env"], json::array({"A=b"}));
    EXPECT_EQ(body["User"], "nobody");
}

TEST_F(ExecCommand, DetachedReturnsAtOnce) {
    options_.detach = true;
    EXPECT_EQ(RunExec(options_, context_, api_, out_, err_), 0);
    EXPECT_EQ(api_.calls.at(1), "ExecStart e1 detach=1 tty=0");
    EXPECT_EQ(api_.calls.size(), 2U);
}

TEST_F(ExecCommand, AStoppedReplicaIsAnError) {
    options_.index = 2;
    try {
        RunExec(options_, context_, api_, out_, err_);
        FAIL() << "no error";
    } catch (const engine::Error& error) {
        EXPECT_EQ(std::string(error.what()).find("service \"web\" is not running"), 0U);
    }
    EXPECT_TRUE(api_.calls.empty());
}

}  // namespace
}  // namespace compose::cli
