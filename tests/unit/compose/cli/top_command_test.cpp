#include "compose/cli/top_command.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;
using testing::Summary;

TEST(TopCommand, PrintsEachRunningContainerWithItsProcesses) {
    testing::FakeComposeEngine api;
    const ProjectContext context =
        testing::ObservedContext(api,
                                 json::array({Summary("www", "web", 1, "running", "Up 1 minute"),
                                              Summary("w2", "web", 2, "running", "Up 1 minute"),
                                              Summary("ddd", "db", 1, "exited", "Exited (0) 1 minute ago")}));
    api.replies["ContainerTop"] = json{{"Titles", {"UID", "PID", "CMD"}}, {"Processes", {{"root", "1", "sleep 3600"}}}};
    std::ostringstream out;
    EXPECT_EQ(RunTop({}, context, api, out), 0);
    EXPECT_EQ(out.str(),
              "demo-web-1\nUID       PID       CMD\nroot      1         sleep 3600\n"
              "\ndemo-web-2\nUID       PID       CMD\nroot      1         sleep 3600\n");
    EXPECT_EQ(api.calls, (std::vector<std::string>{"ContainerTop www", "ContainerTop w2"}));
}

}  // namespace
}  // namespace compose::cli
