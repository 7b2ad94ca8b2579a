#include "compose/cli/pause_commands.hpp"

#include <gtest/gtest.h>

#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;
using testing::Summary;

TEST(PauseCommands, PauseRunningAndUnpausePaused) {
    testing::FakeComposeEngine api;
    const ProjectContext context =
        testing::ObservedContext(api,
                                 json::array({Summary("www", "web", 1, "running", "Up 1 minute"),
                                              Summary("ddd", "db", 1, "paused", "Up 1 minute (Paused)")}));
    testing::RecordedProgress progress;
    const OperationContext operations = testing::Operations(api, &progress);
    RunPause({}, context, operations);
    RunUnpause({}, context, operations);
    EXPECT_EQ(api.calls, (std::vector<std::string>{"ContainerPause www", "ContainerUnpause ddd"}));
    EXPECT_EQ(progress.lines,
              (std::vector<std::string>{"Container demo-web-1 Pausing",
                                        "Container demo-web-1 Paused",
                                        "Container demo-db-1 Unpausing",
                                        "Container demo-db-1 Unpaused"}));
}

}  // namespace
}  // namespace compose::cli
