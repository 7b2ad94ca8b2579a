#include "compose/cli/events_command.hpp"

#include <cstdlib>
#include <ctime>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;

class EventsCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        setenv("TZ", "UTC", 1);
        tzset();
        api_.streams["Events"] = {
            json{{"Type", "container"},
                 {"Action", "start"},
                 {"Actor",
                  {{"ID", "aaa"},
                   {"Attributes",
                    {{"name", "demo-web-1"},
                     {"image", "busybox"},
                     {"com.docker.compose.project", "demo"},
                     {"com.docker.compose.service", "web"}}}}},
                 {"time", 1700000000},
                 {"timeNano", 1700000000123456000}},
            json{{"Type", "container"},
                 {"Action", "die"},
                 {"Actor",
                  {{"ID", "ddd"}, {"Attributes", {{"name", "demo-db-1"}, {"com.docker.compose.service", "db"}}}}},
                 {"timeNano", 1700000001000000000}}};
    }

    testing::FakeComposeEngine api_;
    EventsOptions options_;
    std::ostringstream out_;
};

TEST_F(EventsCommand, PrintsPlainLinesOfTheProjectsContainerEvents) {
    EXPECT_EQ(RunEvents(options_, "demo", api_, out_), 0);
    EXPECT_EQ(out_.str(),
              "2023-11-14 22:13:20.123456 container start aaa (image=busybox, name=demo-web-1, service=web)\n"
              "2023-11-14 22:13:21.000000 container die ddd (name=demo-db-1, service=db)\n");
    EXPECT_EQ(api_.calls.at(0),
              "Events since= until= filters={\"label\":{\"com.docker.compose.project=demo\":true},"
              "\"type\":{\"container\":true}}");
}

TEST_F(EventsCommand, JsonAndServiceSelection) {
    options_.json = true;
    options_.selected = {"web"};
    RunEvents(options_, "demo", api_, out_);
    EXPECT_EQ(json::parse(out_.str()),
              json({{"action", "start"},
                    {"attributes", {{"image", "busybox"}, {"name", "demo-web-1"}}},
                    {"id", "aaa"},
                    {"service", "web"},
                    {"time", "2023-11-14T22:13:20.123456Z"},
                    {"type", "container"}}));
}

}  // namespace
}  // namespace compose::cli
