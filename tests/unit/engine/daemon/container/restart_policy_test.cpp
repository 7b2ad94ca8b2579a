#include "engine/daemon/container/restart_policy.hpp"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::daemon {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr seconds kShortRun{1};

api::RestartPolicy Policy(std::string name, std::int64_t max = 0) {
    return {.name = std::move(name), .maximum_retry_count = max};
}

struct PolicyCase {
    api::RestartPolicy policy;
    int exit_code;
    bool manually_stopped;
    int restart_count;
    bool restart;
};

TEST(RestartPolicyTest, PolicyTable) {
    const std::vector<PolicyCase> cases = {
        {Policy(""), 1, false, 0, false},
        {Policy("no"), 1, false, 0, false},
        {Policy("no"), 0, false, 0, false},
        {Policy("bogus"), 1, false, 0, false},
        {Policy("always"), 0, false, 0, true},
        {Policy("always"), 1, false, 0, true},
        {Policy("always"), 137, true, 0, true},  // a manual stop stops "always" through Cancel, not here
        {Policy("always"), 0, false, 1000, true},
        {Policy("unless-stopped"), 0, false, 0, true},
        {Policy("unless-stopped"), 2, false, 0, true},
        {Policy("unless-stopped"), 0, true, 0, false},
        {Policy("unless-stopped"), 143, true, 0, false},
        {Policy("on-failure"), 0, false, 0, false},
        {Policy("on-failure"), 1, false, 0, true},
        {Policy("on-failure"), 1, true, 0, true},
        {Policy("on-failure"), 255, false, 1000, true},  // 0: no limit
        {Policy("on-failure", 3), 1, false, 2, true},
        {Policy("on-failure", 3), 1, false, 3, false},
        {Policy("on-failure", 3), 0, false, 0, false},
        {Policy("on-failure", 1), -1, false, 0, true},
    };
    for (const PolicyCase& c : cases) {
        SCOPED_TRACE(c.policy.name + ":" + std::to_string(c.policy.maximum_retry_count) + " exit " +
                     std::to_string(c.exit_code) + (c.manually_stopped ? " stopped" : "") + " count " +
                     std::to_string(c.restart_count));
        EXPECT_EQ(PolicyWantsRestart(c.policy, c.exit_code, c.manually_stopped, c.restart_count), c.restart);
        RestartManager manager(c.policy, c.restart_count);
        const RestartDecision decision = manager.ShouldRestart(c.exit_code, c.manually_stopped, kShortRun);
        EXPECT_EQ(decision.restart, c.restart);
        EXPECT_FALSE(decision.canceled);
        EXPECT_EQ(manager.restart_count(), c.restart_count + (c.restart ? 1 : 0));
        EXPECT_EQ(manager.pending(), c.restart);
    }
}

struct DaemonStartCase {
    api::RestartPolicy policy;
    StoppedContainerFacts facts;
    bool start;
};

TEST(RestartPolicyTest, DaemonStartTable) {
    const std::vector<DaemonStartCase> cases = {
        {Policy("no"), {.exit_code = 1, .has_been_started_before = true}, false},
        {Policy("always"), {.exit_code = 0, .has_been_started_before = true}, true},
        {Policy("always"), {.exit_code = 137, .manually_stopped = true, .has_been_started_before = true}, true},
        {Policy("always"), {.exit_code = 0, .has_been_started_before = false}, false},
        {Policy("unless-stopped"), {.exit_code = 0, .has_been_started_before = true}, true},
        {Policy("unless-stopped"), {.exit_code = 0, .manually_stopped = true, .has_been_started_before = true}, false},
        {Policy("on-failure"), {.exit_code = 0, .has_been_started_before = true}, false},
        {Policy("on-failure"), {.exit_code = 3, .has_been_started_before = true}, true},
        {Policy("on-failure", 2), {.exit_code = 3, .restart_count = 2, .has_been_started_before = true}, false},
        {Policy("on-failure", 2), {.exit_code = 3, .restart_count = 1, .has_been_started_before = true}, true},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        SCOPED_TRACE("case " + std::to_string(i));
        EXPECT_EQ(ShouldStartWithDaemon(cases[i].policy, cases[i].facts), cases[i].start);
    }
}

TEST(RestartManagerTest, DelayDoublesUpToOneMinute) {
    RestartManager manager(Policy("always"));
    const std::vector<milliseconds> expected = {
        milliseconds(100),
        milliseconds(200),
        milliseconds(400),
        milliseconds(800),
        milliseconds(1'600),
        milliseconds(3'200),
        milliseconds(6'400),
        milliseconds(12'800),
        milliseconds(25'600),
        milliseconds(51'200),
        milliseconds(60'000),
        milliseconds(60'000),
    };
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const RestartDecision decision = manager.ShouldRestart(1, false, kShortRun);
        ASSERT_TRUE(decision.restart);
        EXPECT_EQ(decision.delay, expected[i]) << "restart " << i;
        ASSERT_TRUE(manager.ConsumePending());
    }
    EXPECT_EQ(manager.restart_count(), 12);
}

TEST(RestartManagerTest, ARunOfTenSecondsResetsTheDelay) {
    RestartManager manager(Policy("always"));
    for (int i = 0; i < 4; ++i) {
        manager.ShouldRestart(1, false, kShortRun);
        manager.ConsumePending();
    }
    EXPECT_EQ(manager.ShouldRestart(1, false, milliseconds(9'999)).delay, milliseconds(1'600));
    manager.ConsumePending();
    EXPECT_EQ(manager.ShouldRestart(1, false, seconds(10)).delay, milliseconds(100));
    manager.ConsumePending();
    EXPECT_EQ(manager.ShouldRestart(1, false, kShortRun).delay, milliseconds(200));
}

TEST(RestartManagerTest, TheDelayMovesEvenWithoutARestart) {
    // moby computes the back-off before it looks at the policy.
    RestartManager manager(Policy("on-failure"));
    EXPECT_FALSE(manager.ShouldRestart(0, false, kShortRun).restart);
    EXPECT_EQ(manager.ShouldRestart(1, false, kShortRun).delay, milliseconds(200));
}

TEST(RestartManagerTest, OnFailureStopsAfterTheMaximumRetryCount) {
    RestartManager manager(Policy("on-failure", 2));
    EXPECT_TRUE(manager.ShouldRestart(1, false, kShortRun).restart);
    manager.ConsumePending();
    EXPECT_TRUE(manager.ShouldRestart(1, false, kShortRun).restart);
    manager.ConsumePending();
    EXPECT_FALSE(manager.ShouldRestart(1, false, kShortRun).restart);
    EXPECT_EQ(manager.restart_count(), 2);
    EXPECT_FALSE(manager.pending());
}

TEST(RestartManagerTest, ASuccessfulExitDoesNotCountForOnFailure) {
    RestartManager manager(Policy("on-failure", 1));
    EXPECT_FALSE(manager.ShouldRestart(0, false, kShortRun).restart);
    EXPECT_EQ(manager.restart_count(), 0);
}

TEST(RestartManagerTest, CancelEndsRestartsForGood) {
    RestartManager manager(Policy("always"));
    manager.Cancel();
    const RestartDecision decision = manager.ShouldRestart(1, false, kShortRun);
    EXPECT_FALSE(decision.restart);
    EXPECT_TRUE(decision.canceled);
    EXPECT_TRUE(manager.canceled());
    EXPECT_EQ(manager.restart_count(), 0);
}

TEST(RestartManagerTest, CancelWhilePendingStopsThePendingRestart) {
    RestartManager manager(Policy("always"));
    ASSERT_TRUE(manager.ShouldRestart(1, false, kShortRun).restart);
    manager.Cancel();
    EXPECT_FALSE(manager.ConsumePending());
    EXPECT_FALSE(manager.pending());
}

TEST(RestartManagerTest, CancelWakesAWaitAtOnce) {
    RestartManager manager(Policy("always"));
    for (int i = 0; i < 12; ++i) {  // a one-minute delay: the wait must end by the cancel
        manager.ShouldRestart(1, false, kShortRun);
        manager.ConsumePending();
    }
    ASSERT_EQ(manager.ShouldRestart(1, false, kShortRun).delay, milliseconds(60'000));
    bool restart = true;
    std::thread waiter([&] { restart = manager.WaitPending(); });
    manager.Cancel();
    waiter.join();
    EXPECT_FALSE(restart);
}

TEST(RestartManagerTest, WaitPendingReturnsTrueAfterTheDelay) {
    RestartManager manager(Policy("always"));
    ASSERT_EQ(manager.ShouldRestart(1, false, kShortRun).delay, milliseconds(100));
    const auto before = std::chrono::steady_clock::now();
    EXPECT_TRUE(manager.WaitPending());
    EXPECT_GE(std::chrono::steady_clock::now() - before, milliseconds(100));
    EXPECT_FALSE(manager.pending());
    EXPECT_FALSE(manager.WaitPending());  // nothing pending any more
}

TEST(RestartManagerTest, ASecondExitWhilePendingIsRefused) {
    RestartManager manager(Policy("always"));
    manager.ShouldRestart(1, false, kShortRun);
    try {
        manager.ShouldRestart(1, false, kShortRun);
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kConflict);
        EXPECT_STREQ(error.what(), "invalid call on an active restart manager: a restart is already pending");
    }
}

TEST(RestartManagerTest, ANoPolicyNeverRestartsNorCounts) {
    RestartManager manager(Policy("no"));
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(manager.ShouldRestart(1, false, kShortRun).restart);
    }
    EXPECT_EQ(manager.restart_count(), 0);
}

TEST(RestartManagerTest, SetPolicyAppliesFromTheNextExit) {
    RestartManager manager(Policy("no"));
    EXPECT_FALSE(manager.ShouldRestart(1, false, kShortRun).restart);
    manager.SetPolicy(Policy("unless-stopped"));
    EXPECT_TRUE(manager.ShouldRestart(1, false, kShortRun).restart);
    manager.ConsumePending();
    EXPECT_FALSE(manager.ShouldRestart(0, true, kShortRun).restart);
}

TEST(RestartManagerTest, StartsFromTheContainersRestartCount) {
    RestartManager manager(Policy("on-failure", 5), 4);
    EXPECT_TRUE(manager.ShouldRestart(1, false, kShortRun).restart);
    EXPECT_EQ(manager.restart_count(), 5);
    manager.ConsumePending();
    EXPECT_FALSE(manager.ShouldRestart(1, false, kShortRun).restart);
}

}  // namespace
}  // namespace engine::daemon
