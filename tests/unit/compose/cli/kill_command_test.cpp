#include "compose/cli/kill_command.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;
using testing::Summary;

TEST(KillCommand, SignalsRunningContainersOnly) {
    testing::FakeComposeEngine api;
    const ProjectContext context =
        testing::ObservedContext(api,
                                 json::array({Summary("www", "web", 1, "running", "Up 1 minute"),
                                              Summary("ddd", "db", 1, "exited", "Exited (0) 1 minute ago")}));
    testing::RecordedProgress progress;
    KillOptions options;
    options.signal = "SIGTERM";
    std::ostringstream err;
    EXPECT_EQ(RunKill(options, context, testing::Operations(api, &progress), err), 0);
    EXPECT_EQ(api.calls, (std::vector<std::string>{"ContainerKill www signal=SIGTERM"}));
    EXPECT_EQ(progress.lines,
              (std::vector<std::string>{"Container demo-web-1 Killing", "Container demo-web-1 Killed"}));

    options.selected = {"db"};
    EXPECT_EQ(RunKill(options, context, testing::Operations(api), err), 0);
    EXPECT_EQ(err.str(), "No container to kill\n");
}

}  // namespace
}  // namespace compose::cli
