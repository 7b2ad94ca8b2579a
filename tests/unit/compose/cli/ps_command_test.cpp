#include "compose/cli/ps_command.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;
using testing::FakeComposeEngine;
using testing::Summary;

class PsCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        json web = Summary("aaa", "web", 1, "running", "Up 2 minutes");
        web["Command"] = "nginx -g 'daemon off;' --verbose";
        web["Ports"] = json::array({{{"IP", "0.0.0.0"}, {"PrivatePort", 80}, {"PublicPort", 8080}, {"Type", "tcp"}},
                                    {{"PrivatePort", 443}, {"Type", "tcp"}}});
        containers_ = json::array({web,
                                   Summary("bbb", "db", 1, "exited", "Exited (1) 1 minute ago"),
                                   Summary("ccc", "cache", 1, "running", "Up 1 minute (healthy)")});
        context_ = testing::ObservedContext(api_, containers_);
        api_.replies["ContainerList"] = containers_;
        options_.now = std::chrono::system_clock::from_time_t(1700000000 + 120);
    }

    std::string Run() {
        std::ostringstream out;
        std::ostringstream err;
        EXPECT_EQ(RunPs(options_, context_, api_, out, err), 0);
        return out.str();
    }

    FakeComposeEngine api_;
    json containers_;
    ProjectContext context_;
    PsOptions options_;
};

TEST_F(PsCommand, PrintsRunningContainersAsDockerComposeTable) {
    EXPECT_EQ(
        Run(),
        "NAME           IMAGE     COMMAND                  SERVICE   CREATED         STATUS                  PORTS\n"
        "demo-cache-1   busybox   \"sleep 3600\"             cache     2 minutes ago   Up 1 minute (healthy)\n"
        "demo-web-1     busybox   \"nginx -g 'daemon of…\"   web       2 minutes ago   Up 2 minutes            "
        "0.0.0.0:8080->80/tcp, 443/tcp\n");
    EXPECT_EQ(api_.calls.at(0),
              "ContainerList all=0 limit=0 size=0 filters={\"label\":{\"com.docker.compose.project=demo\":true}}");
}

TEST_F(PsCommand, AllIncludesStoppedContainersAndQuietPrintsIds) {
    options_.all = true;
    options_.quiet = true;
    EXPECT_EQ(Run(), "ccc\nbbb\naaa\n");
}

TEST_F(PsCommand, ServicesAndStatusFilters) {
    options_.services = true;
    options_.status = {"exited"};
    EXPECT_EQ(Run(), "db\n");
    options_.status.clear();
    options_.filter = "status=running";
    EXPECT_EQ(Run(), "cache\nweb\n");
    options_.filter = "name=x";
    std::ostringstream out;
    EXPECT_THROW(RunPs(options_, context_, api_, out, out), engine::Error);
}

TEST_F(PsCommand, JsonIsOneObjectPerLine) {
    options_.format = "json";
    options_.selected = {"cache"};
    const json row = json::parse(Run());
    EXPECT_EQ(row["Name"], "demo-cache-1");
    EXPECT_EQ(row["Service"], "cache");
    EXPECT_EQ(row["State"], "running");
    EXPECT_EQ(row["Health"], "healthy");
    EXPECT_EQ(row["ExitCode"], 0);
    EXPECT_EQ(row["Project"], "demo");
    EXPECT_EQ(row["ID"], "ccc");
    EXPECT_EQ(row["Publishers"], json::array());
}

TEST_F(PsCommand, UnknownServiceIsAnError) {
    options_.selected = {"nope"};
    std::ostringstream out;
    EXPECT_THROW(RunPs(options_, context_, api_, out, out), engine::Error);
}

}  // namespace
}  // namespace compose::cli
