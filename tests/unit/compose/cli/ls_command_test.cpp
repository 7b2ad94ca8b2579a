#include "compose/cli/ls_command.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;
using testing::Summary;

class LsCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        json other = Summary("ooo", "app", 1, "exited", "Exited (0) 1 minute ago");
        other["Labels"]["com.docker.compose.project"] = "other";
        other["Labels"]["com.docker.compose.project.config_files"] = "/src/other/compose.yaml";
        api_.replies["ContainerList"] = json::array({Summary("w1", "web", 1, "running", "Up"),
                                                     Summary("w2", "web", 2, "running", "Up"),
                                                     Summary("ddd", "db", 1, "exited", "Exited (0)"),
                                                     other});
    }

    std::string Run() {
        std::ostringstream out;
        EXPECT_EQ(RunLs(options_, api_, out), 0);
        return out.str();
    }

    testing::FakeComposeEngine api_;
    LsOptions options_;
};

TEST_F(LsCommand, ListsRunningProjectsFromLabels) {
    EXPECT_EQ(Run(),
              "NAME      STATUS                  CONFIG FILES\n"
              "demo      exited(1), running(2)   /src/demo/compose.yaml\n");
    EXPECT_EQ(api_.calls.at(0),
              "ContainerList all=1 limit=0 size=0 filters={\"label\":{\"com.docker.compose.project\":true}}");
}

TEST_F(LsCommand, AllQuietAndJson) {
    options_.all = true;
    options_.quiet = true;
    EXPECT_EQ(Run(), "demo\nother\n");
    options_.quiet = false;
    options_.format = "json";
    const json projects = json::parse(Run());
    ASSERT_EQ(projects.size(), 2U);
    EXPECT_EQ(projects[1],
              json({{"Name", "other"}, {"Status", "exited(1)"}, {"ConfigFiles", "/src/other/compose.yaml"}}));
}

}  // namespace
}  // namespace compose::cli
