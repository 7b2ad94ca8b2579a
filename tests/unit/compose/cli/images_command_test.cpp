#include "compose/cli/images_command.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;
using testing::Summary;

class ImagesCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        context_ = testing::ObservedContext(
            api_, json::array({Summary("w1", "web", 1, "running", "Up"), Summary("w2", "web", 2, "running", "Up")}));
        api_.replies["ImageInspect"] = json{{"RepoTags", {"busybox:latest"}}, {"Size", 4261234}};
    }

    testing::FakeComposeEngine api_;
    ProjectContext context_;
    ImagesOptions options_;
    std::ostringstream out_;
};

TEST_F(ImagesCommand, TableOfTheContainersImages) {
    EXPECT_EQ(RunImages(options_, context_, api_, out_), 0);
    EXPECT_EQ(out_.str(),
              "CONTAINER    REPOSITORY   TAG       IMAGE ID       SIZE\n"
              "demo-web-1   busybox      latest    0123456789ab   4.26MB\n"
              "demo-web-2   busybox      latest    0123456789ab   4.26MB\n");
    // Each image is inspected once.
    EXPECT_EQ(api_.calls, (std::vector<std::string>{"ImageInspect sha256:0123456789abcdef0123"}));
}

TEST_F(ImagesCommand, QuietPrintsEachIdOnce) {
    options_.quiet = true;
    RunImages(options_, context_, api_, out_);
    EXPECT_EQ(out_.str(), "sha256:0123456789abcdef0123\n");
}

TEST(HumanSize, DecimalUnitsWithThreeDigits) {
    EXPECT_EQ(HumanSize(512), "512B");
    EXPECT_EQ(HumanSize(4261234), "4.26MB");
    EXPECT_EQ(HumanSize(1200000000), "1.2GB");
}

}  // namespace
}  // namespace compose::cli
