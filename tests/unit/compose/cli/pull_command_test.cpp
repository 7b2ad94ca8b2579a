#include "compose/cli/pull_command.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

class PullCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        context_.name = "demo";
        context_.project.emplace();
        context_.project->name = "demo";
        model::Value& services = context_.project->config["services"];
        services["web"]["image"] = model::Value("busybox");
        services["api"]["image"] = model::Value("localhost:5000/app:dev");
        services["api"]["build"]["context"] = model::Value("/src");
        services["tool"]["build"]["context"] = model::Value("/src/tool");
        api_.errors.emplace("ImageInspect localhost:5000/app:dev",
                            engine::Error(engine::Errc::kNotFound, "No such image: localhost:5000/app:dev"));
    }

    testing::FakeComposeEngine api_;
    ProjectContext context_;
    PullOptions options_;
    std::ostringstream err_;
};

TEST_F(PullCommand, SkipsLocalImagesAndNamesMissingOnes) {
    EXPECT_EQ(RunPull(options_, context_, api_, err_), 1);
    EXPECT_EQ(err_.str(),
              "service \"api\": image localhost:5000/app:dev is not available locally and cannot be pulled (no "
              "registry is reachable yet); load it with `berth image load` or build it with `berth-compose build`\n"
              "Image busybox:latest exists locally, skipping pull: no registry is reachable yet\n");
    EXPECT_EQ(api_.calls,
              (std::vector<std::string>{"ImageInspect localhost:5000/app:dev", "ImageInspect busybox:latest"}));
}

TEST_F(PullCommand, IgnoreFailuresAndQuiet) {
    options_.ignore_pull_failures = true;
    options_.quiet = true;
    options_.selected = {"web"};
    EXPECT_EQ(RunPull(options_, context_, api_, err_), 0);
    EXPECT_EQ(err_.str(), "");
}

TEST_F(PullCommand, NeedsAComposeFile) {
    context_.project.reset();
    EXPECT_THROW(RunPull(options_, context_, api_, err_), engine::Error);
}

}  // namespace
}  // namespace compose::cli
