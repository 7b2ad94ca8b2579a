#include "compose/cli/start_stop_commands.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;
using testing::FakeComposeEngine;
using testing::Summary;

class StartStopCommands : public ::testing::Test {
  protected:
    void Observe(const std::string& state, const std::string& status) {
        context_ = testing::ObservedContext(
            api_,
            json::array(
                {Summary("www", "web", 1, state, status, "db:service_healthy:false,cache:service_started:false"),
                 Summary("ddd", "db", 1, state, status),
                 Summary("ccc", "cache", 1, state, status, "db:service_started:true")}));
    }
    OperationContext Operations() { return testing::Operations(api_, &progress_); }

    FakeComposeEngine api_;
    ProjectContext context_;
    StartStopOptions options_;
    testing::RecordedProgress progress_;
};

TEST_F(StartStopCommands, StartFollowsTheDependsOnLabels) {
    Observe("exited", "Exited (0) 1 minute ago");
    EXPECT_EQ(RunStart(options_, context_, Operations()), 0);
    EXPECT_EQ(api_.calls, (std::vector<std::string>{"ContainerStart ddd", "ContainerStart ccc", "ContainerStart www"}));
    EXPECT_EQ(progress_.lines.at(0), "Container demo-db-1 Starting");
    EXPECT_EQ(progress_.lines.at(1), "Container demo-db-1 Started");
    EXPECT_EQ(progress_.lines.size(), 6U);
}

TEST_F(StartStopCommands, StopGoesInReverseWithTheTimeout) {
    Observe("running", "Up 1 minute");
    options_.timeout = 5;
    EXPECT_EQ(RunStop(options_, context_, Operations()), 0);
    EXPECT_EQ(api_.calls,
              (std::vector<std::string>{"ContainerStop www t=5", "ContainerStop ccc t=5", "ContainerStop ddd t=5"}));
    EXPECT_EQ(progress_.lines.back(), "Container demo-db-1 Stopped");
}

TEST_F(StartStopCommands, StopOfOneServiceLeavesTheOthers) {
    Observe("running", "Up 1 minute");
    options_.selected = {"db"};
    RunStop(options_, context_, Operations());
    EXPECT_EQ(api_.calls, (std::vector<std::string>{"ContainerStop ddd"}));
}

TEST_F(StartStopCommands, RestartGoesInDependencyOrder) {
    Observe("running", "Up 1 minute");
    RunRestart(options_, context_, Operations());
    EXPECT_EQ(api_.calls,
              (std::vector<std::string>{"ContainerRestart ddd", "ContainerRestart ccc", "ContainerRestart www"}));
}

TEST_F(StartStopCommands, AFailureIsReportedWithItsContainer) {
    Observe("exited", "Exited (0) 1 minute ago");
    api_.errors.emplace("ContainerStart ddd",
                        engine::Error(engine::Errc::kConflict, "Error response from daemon: port is taken"));
    try {
        RunStart(options_, context_, Operations());
        FAIL() << "no error";
    } catch (const engine::Error& error) {
        EXPECT_STREQ(error.what(), "start container demo-db-1: Error response from daemon: port is taken");
    }
    EXPECT_EQ(progress_.lines.back(), "Container demo-db-1 Error Error response from daemon: port is taken");
    EXPECT_EQ(api_.CallsStartingWith("ContainerStart www").size(), 0U);
}

TEST_F(StartStopCommands, StartOfAServiceWithoutContainersIsAnError) {
    Observe("exited", "Exited (0) 1 minute ago");
    context_.project.emplace();
    context_.project->name = "demo";
    for (const char* name : {"web", "db", "cache", "worker"}) {
        context_.project->config["services"][name] = model::Value::MakeMap();
    }
    options_.selected = {"worker"};
    EXPECT_THROW(RunStart(options_, context_, Operations()), engine::Error);
}

TEST_F(StartStopCommands, ReplicasRunInParallelOnTheirOwnConnections) {
    context_ = testing::ObservedContext(api_,
                                        json::array({Summary("w1", "web", 1, "exited", "Exited (0) 1 minute ago"),
                                                     Summary("w2", "web", 2, "exited", "Exited (0) 1 minute ago")}));
    OperationContext operations = Operations();
    operations.open_api = testing::SharedFactory(api_);
    RunStart(options_, context_, operations);
    std::vector<std::string> calls = api_.calls;
    std::sort(calls.begin(), calls.end());
    EXPECT_EQ(calls, (std::vector<std::string>{"ContainerStart w1", "ContainerStart w2"}));
}

}  // namespace
}  // namespace compose::cli
