#include "compose/cli/rm_command.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;
using testing::FakeComposeEngine;
using testing::Summary;

class RmCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        context_ = testing::ObservedContext(api_,
                                            json::array({Summary("www", "web", 1, "exited", "Exited (0) 1 minute ago"),
                                                         Summary("ddd", "db", 1, "running", "Up 1 minute")}));
    }
    int Run(const std::string& answer) {
        std::istringstream in(answer);
        return RunRm(options_, context_, testing::Operations(api_), in, out_, err_);
    }

    FakeComposeEngine api_;
    ProjectContext context_;
    RmOptions options_;
    std::ostringstream out_;
    std::ostringstream err_;
};

TEST_F(RmCommand, AsksAndRemovesNothingWithoutYes) {
    EXPECT_EQ(Run("n\n"), 0);
    EXPECT_EQ(out_.str(), "Going to remove demo-web-1\nAre you sure? [y/N] ");
    EXPECT_TRUE(api_.calls.empty());
}

TEST_F(RmCommand, RemovesStoppedContainersOnYes) {
    EXPECT_EQ(Run("y\n"), 0);
    EXPECT_EQ(api_.calls, (std::vector<std::string>{"ContainerRemove www force=1 v=0"}));
}

TEST_F(RmCommand, StopFirstWithForceAndVolumes) {
    options_.force = true;
    options_.stop = true;
    options_.volumes = true;
    EXPECT_EQ(Run(""), 0);
    EXPECT_EQ(out_.str(), "");
    EXPECT_EQ(api_.calls,
              (std::vector<std::string>{
                  "ContainerStop ddd", "ContainerRemove ddd force=1 v=1", "ContainerRemove www force=1 v=1"}));
}

TEST_F(RmCommand, SaysWhenNothingIsStopped) {
    options_.selected = {"db"};
    EXPECT_EQ(Run(""), 0);
    EXPECT_EQ(err_.str(), "No stopped containers\n");
    EXPECT_TRUE(api_.calls.empty());
}

}  // namespace
}  // namespace compose::cli
