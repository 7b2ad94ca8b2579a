#include "compose/cli/start_stop_commands.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

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

// Starts wait (up to 5 s) until `expected` of them have been in flight together once, and the
// most seen together is recorded: a sequential run shows 1, a run over the limit more.
struct StartsInFlight final {
    std::mutex mutex;
    std::condition_variable changed;
    int in_flight = 0;
    int most = 0;

    void Hold(int expected) {
        std::unique_lock lock(mutex);
        most = std::max(most, ++in_flight);
        changed.notify_all();
        changed.wait_for(lock, std::chrono::seconds(5), [&] { return most >= expected; });
        changed.notify_all();
    }
    void Leave() {
        std::lock_guard lock(mutex);
        --in_flight;
    }
};

TEST_F(StartStopCommands, ReplicasRunInParallelUpToTheLimit) {
    json replicas = json::array();
    for (int n = 1; n <= 4; ++n) {
        replicas.push_back(Summary("w" + std::to_string(n), "web", n, "exited", "Exited (0) 1 minute ago"));
    }
    context_ = testing::ObservedContext(api_, replicas);
    StartsInFlight starts;
    api_.on_call = [&](const std::string& call) {
        if (call.starts_with("ContainerStart")) {
            starts.Hold(2);
            starts.Leave();
        }
    };
    OperationContext operations = Operations();
    operations.parallel = 2;
    RunStart(options_, context_, operations);
    EXPECT_EQ(starts.most, 2);
    std::vector<std::string> calls = api_.calls;
    std::sort(calls.begin(), calls.end());
    EXPECT_EQ(
        calls,
        (std::vector<std::string>{"ContainerStart w1", "ContainerStart w2", "ContainerStart w3", "ContainerStart w4"}));
}

}  // namespace
}  // namespace compose::cli
