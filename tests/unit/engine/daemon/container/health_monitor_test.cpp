#include "engine/daemon/container/health_monitor.hpp"

#include <condition_variable>
#include <deque>
#include <thread>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::daemon {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;
using TimePoint = std::chrono::system_clock::time_point;

const TimePoint kStart{seconds(1'700'000'000)};

// Time that moves only when the test says so. The test sees each wait the monitor starts, so
// it can let exactly one probe run at a time.
class ManualClock final : public HealthClock {
  public:
    TimePoint Now() override {
        const std::lock_guard lock(mutex_);
        return now_;
    }

    bool SleepFor(nanoseconds duration, std::stop_token stop) override {
        std::unique_lock lock(mutex_);
        const TimePoint deadline = now_ + std::chrono::duration_cast<TimePoint::duration>(duration);
        ++sleeps_;
        last_wait_ = duration;
        changed_.notify_all();
        const bool reached = changed_.wait(lock, stop, [&] { return now_ >= deadline; });
        return reached && !stop.stop_requested();
    }

    /// Blocks until the monitor has started its `count`th wait; returns that wait's length.
    nanoseconds AwaitSleep(int count) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return sleeps_ >= count; });
        return last_wait_;
    }

    void Advance(nanoseconds duration) {
        {
            const std::lock_guard lock(mutex_);
            now_ += std::chrono::duration_cast<TimePoint::duration>(duration);
        }
        changed_.notify_all();
    }

  private:
    std::mutex mutex_;
    std::condition_variable_any changed_;
    TimePoint now_ = kStart;
    int sleeps_ = 0;
    nanoseconds last_wait_{0};
};

struct ScriptedProbe {
    ProbeResult result;
    nanoseconds takes{0};
};

class HealthMonitorTest : public ::testing::Test {
  protected:
    void Start(HealthSettings settings, HealthState initial = {}) {
        monitor_ = std::make_unique<HealthMonitor>(HealthMonitor::Options{
            .settings = std::move(settings),
            .started_at = kStart,
            .probe =
                [this](const std::vector<std::string>& argv, nanoseconds timeout, std::stop_token) {
                    const std::lock_guard lock(mutex_);
                    calls_.push_back(argv);
                    timeouts_.push_back(timeout);
                    EXPECT_FALSE(script_.empty()) << "an unexpected probe";
                    const ScriptedProbe next = script_.empty() ? ScriptedProbe{} : script_.front();
                    if (!script_.empty()) {
                        script_.pop_front();
                    }
                    clock_->Advance(next.takes);
                    return next.result;
                },
            .on_status_change = [this](const HealthState& state) { changes_.push_back(state.status); },
            .clock = clock_,
            .initial = std::move(initial),
        });
    }

    void Script(int exit_code, std::string output = "", nanoseconds takes = milliseconds(10)) {
        const std::lock_guard lock(mutex_);
        script_.push_back({.result = {.exit_code = exit_code, .output = std::move(output)}, .takes = takes});
    }

    // Lets the next probe run and waits until the monitor has recorded it; returns the wait
    // the monitor took before it.
    nanoseconds Step() {
        ++steps_;
        const nanoseconds wait = clock_->AwaitSleep(steps_);
        clock_->Advance(wait);
        clock_->AwaitSleep(steps_ + 1);
        return wait;
    }

    static HealthSettings Settings() { return HealthSettings{.argv = {"check"}}; }

    std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
    std::mutex mutex_;
    std::deque<ScriptedProbe> script_;
    std::vector<std::vector<std::string>> calls_;
    std::vector<nanoseconds> timeouts_;
    std::vector<HealthStatus> changes_;
    std::unique_ptr<HealthMonitor> monitor_;
    int steps_ = 0;
};

TEST_F(HealthMonitorTest, StartingThenHealthyOnTheFirstSuccess) {
    Script(0, "ok");
    Start(Settings());
    EXPECT_EQ(monitor_->State().status, HealthStatus::kStarting);
    EXPECT_EQ(Step(), seconds(30));
    const HealthState state = monitor_->State();
    EXPECT_EQ(state.status, HealthStatus::kHealthy);
    EXPECT_EQ(state.failing_streak, 0);
    ASSERT_EQ(state.log.size(), 1u);
    EXPECT_EQ(state.log[0], (HealthLogEntry{kStart + seconds(30), kStart + milliseconds(30'010), 0, "ok"}));
    EXPECT_EQ(changes_, std::vector<HealthStatus>{HealthStatus::kHealthy});
    EXPECT_EQ(calls_, std::vector<std::vector<std::string>>{{"check"}});
    EXPECT_EQ(timeouts_, std::vector<nanoseconds>{seconds(30)});
}

TEST_F(HealthMonitorTest, UnhealthyAfterRetriesFailuresAndBackOnASuccess) {
    for (int i = 0; i < 3; ++i) {
        Script(1, "down");
    }
    Script(0);
    Script(1);
    Start(Settings());
    Step();
    Step();
    EXPECT_EQ(monitor_->State().status, HealthStatus::kStarting);
    EXPECT_EQ(monitor_->State().failing_streak, 2);
    Step();
    EXPECT_EQ(monitor_->State().status, HealthStatus::kUnhealthy);
    EXPECT_EQ(monitor_->State().failing_streak, 3);
    Step();
    EXPECT_EQ(monitor_->State().status, HealthStatus::kHealthy);
    Step();
    EXPECT_EQ(monitor_->State().status, HealthStatus::kHealthy);  // one failure of three
    EXPECT_EQ(monitor_->State().failing_streak, 1);
    EXPECT_EQ(changes_, (std::vector<HealthStatus>{HealthStatus::kUnhealthy, HealthStatus::kHealthy}));
}

TEST_F(HealthMonitorTest, TheIntervalRunsFromTheEndOfTheLastProbe) {
    Script(0, "", seconds(2));
    Script(0, "", seconds(2));
    Start(Settings());
    Step();
    Step();
    const HealthState state = monitor_->State();
    ASSERT_EQ(state.log.size(), 2u);
    EXPECT_EQ(state.log[1].start, state.log[0].end + seconds(30));
}

TEST_F(HealthMonitorTest, TheStartPeriodIgnoresFailuresAndUsesTheStartInterval) {
    for (int i = 0; i < 3; ++i) {
        Script(1);
    }
    HealthSettings settings = Settings();
    settings.start_period = seconds(12);
    settings.retries = 1;
    Start(settings);
    EXPECT_EQ(Step(), seconds(5));  // probe at 5 s: inside the start period
    EXPECT_EQ(Step(), seconds(5));  // probe at 10 s: inside
    EXPECT_EQ(monitor_->State().status, HealthStatus::kStarting);
    EXPECT_EQ(monitor_->State().failing_streak, 0);
    EXPECT_EQ(Step(), seconds(5));  // probe at 15 s: the failure counts now
    EXPECT_EQ(monitor_->State().status, HealthStatus::kUnhealthy);
    EXPECT_EQ(monitor_->State().failing_streak, 1);
    EXPECT_EQ(clock_->AwaitSleep(steps_ + 1), seconds(30));
    EXPECT_EQ(changes_, std::vector<HealthStatus>{HealthStatus::kUnhealthy});
}

TEST_F(HealthMonitorTest, ASuccessInTheStartPeriodIsHealthyAtOnce) {
    Script(1);
    Script(0);
    HealthSettings settings = Settings();
    settings.start_period = seconds(60);
    settings.start_interval = seconds(2);
    Start(settings);
    EXPECT_EQ(Step(), seconds(2));
    EXPECT_EQ(Step(), seconds(2));
    EXPECT_EQ(monitor_->State().status, HealthStatus::kHealthy);
    // Healthy inside the start period: back to the normal interval.
    EXPECT_EQ(clock_->AwaitSleep(steps_ + 1), seconds(30));
}

TEST_F(HealthMonitorTest, ATimeoutFailsWithMobysMessage) {
    {
        const std::lock_guard lock(mutex_);
        script_.push_back({.result = {.exit_code = 0, .output = "", .timed_out = true}});
    }
    Start(Settings());
    Step();
    const HealthState state = monitor_->State();
    ASSERT_EQ(state.log.size(), 1u);
    EXPECT_EQ(state.log[0].exit_code, -1);
    EXPECT_EQ(state.log[0].output, "Health check exceeded timeout (30s)");
    EXPECT_EQ(state.failing_streak, 1);
}

TEST_F(HealthMonitorTest, TheTimeoutMessageSaysTheTimeoutAsGoAndKeepsTheOutput) {
    const std::vector<std::pair<nanoseconds, std::string>> cases = {
        {milliseconds(1'500), "Health check exceeded timeout (1.5s): partial"},
        {milliseconds(500), "Health check exceeded timeout (500ms): partial"},
        {seconds(90), "Health check exceeded timeout (1m30s): partial"},
        {seconds(3'600), "Health check exceeded timeout (1h0m0s): partial"},
        {nanoseconds(1'500), "Health check exceeded timeout (1.5\u00b5s): partial"},
    };
    for (const auto& [timeout, message] : cases) {
        clock_ = std::make_shared<ManualClock>();
        steps_ = 0;
        {
            const std::lock_guard lock(mutex_);
            script_.push_back({.result = {.exit_code = 0, .output = "partial", .timed_out = true}});
        }
        HealthSettings settings = Settings();
        settings.timeout = timeout;
        Start(settings);
        Step();
        EXPECT_EQ(monitor_->State().log.at(0).output, message);
        monitor_->Stop();
    }
}

TEST_F(HealthMonitorTest, OtherExitCodesAndProbeErrorsAreFailures) {
    Script(2, "odd");
    Start(HealthSettings{.argv = {"check"}, .retries = 2});
    Step();
    EXPECT_EQ(monitor_->State().failing_streak, 1);
    EXPECT_EQ(monitor_->State().log.at(0).exit_code, 2);
    EXPECT_EQ(monitor_->State().log.at(0).output, "odd");
}

TEST(HealthMonitorErrorTest, AProbeThatThrowsIsRecordedWithItsMessage) {
    auto clock = std::make_shared<ManualClock>();
    HealthMonitor monitor(HealthMonitor::Options{
        .settings = HealthSettings{.argv = {"check"}, .retries = 1},
        .started_at = kStart,
        .probe = [](const std::vector<std::string>&, nanoseconds, std::stop_token) -> ProbeResult {
            throw Error(Errc::kNotFound, "exec check: container c1 is not running");
        },
        .on_status_change = {},
        .clock = clock,
        .initial = {},
    });
    clock->Advance(clock->AwaitSleep(1));
    clock->AwaitSleep(2);
    const HealthState state = monitor.State();
    EXPECT_EQ(state.status, HealthStatus::kUnhealthy);
    EXPECT_EQ(state.log.at(0).exit_code, -1);
    EXPECT_EQ(state.log.at(0).output, "exec check: container c1 is not running");
}

TEST_F(HealthMonitorTest, TheLogKeepsTheLastFiveResults) {
    for (int i = 0; i < 7; ++i) {
        Script(0, std::to_string(i));
    }
    Start(Settings());
    for (int i = 0; i < 7; ++i) {
        Step();
    }
    std::vector<std::string> outputs;
    for (const HealthLogEntry& entry : monitor_->State().log) {
        outputs.push_back(entry.output);
    }
    EXPECT_EQ(outputs, (std::vector<std::string>{"2", "3", "4", "5", "6"}));
    EXPECT_EQ(changes_.size(), 1u);
}

TEST_F(HealthMonitorTest, OutputIsTruncatedAndMadeValidUtf8) {
    Script(0, std::string(5000, 'a'));
    Script(0, "bad \xff byte");
    Start(Settings());
    Step();
    Step();
    const HealthState state = monitor_->State();
    EXPECT_EQ(state.log.at(0).output, std::string(4096, 'a') + "...");
    EXPECT_EQ(state.log.at(1).output, "bad \ufffd byte");
}

TEST_F(HealthMonitorTest, ANewRunKeepsTheLogButStartsOver) {
    HealthState previous{.status = HealthStatus::kUnhealthy, .failing_streak = 4, .log = {}};
    for (int i = 0; i < 6; ++i) {
        previous.log.push_back({kStart - seconds(100 - i), kStart - seconds(99 - i), 1, std::to_string(i)});
    }
    Start(Settings(), HealthForNewRun(previous));
    const HealthState state = monitor_->State();
    EXPECT_EQ(state.status, HealthStatus::kStarting);
    EXPECT_EQ(state.failing_streak, 0);
    ASSERT_EQ(state.log.size(), 5u);
    EXPECT_EQ(state.log.front().output, "1");
}

TEST_F(HealthMonitorTest, AnUnpauseCarriesOnFromTheKeptState) {
    Script(1);
    Start(Settings(), HealthState{.status = HealthStatus::kUnhealthy, .failing_streak = 3, .log = {}});
    Step();
    EXPECT_EQ(monitor_->State().status, HealthStatus::kUnhealthy);
    EXPECT_EQ(monitor_->State().failing_streak, 4);
    EXPECT_TRUE(changes_.empty());
}

TEST_F(HealthMonitorTest, StopEndsTheWaitAndNoProbeFollows) {
    Start(Settings());
    clock_->AwaitSleep(1);
    monitor_->Stop();
    monitor_->Stop();  // idempotent
    clock_->Advance(std::chrono::hours(1));
    EXPECT_TRUE(calls_.empty());
    EXPECT_EQ(monitor_->State(), HealthState{});
}

TEST(HealthMonitorStopTest, StopInterruptsARunningProbeAndDropsItsResult) {
    auto clock = std::make_shared<ManualClock>();
    std::mutex mutex;
    std::condition_variable_any changed;
    bool probing = false;
    int changes = 0;
    HealthMonitor monitor(HealthMonitor::Options{
        .settings = HealthSettings{.argv = {"check"}},
        .started_at = kStart,
        .probe =
            [&](const std::vector<std::string>&, nanoseconds, std::stop_token stop) {
                std::unique_lock lock(mutex);
                probing = true;
                changed.notify_all();
                changed.wait(lock, stop, [] { return false; });  // until the stop
                return ProbeResult{.exit_code = 0, .output = "late", .timed_out = false};
            },
        .on_status_change = [&](const HealthState&) { ++changes; },
        .clock = clock,
        .initial = {},
    });
    clock->Advance(clock->AwaitSleep(1));
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return probing; });
    }
    monitor.Stop();
    EXPECT_EQ(changes, 0);
    EXPECT_EQ(monitor.State(), HealthState{});
}

TEST(HealthClockTest, TheSystemClockSleepsAndWakesOnStop) {
    SystemHealthClock clock;
    std::stop_source source;
    EXPECT_TRUE(clock.SleepFor(milliseconds(1), source.get_token()));
    std::thread stopper([&] { source.request_stop(); });
    EXPECT_FALSE(clock.SleepFor(std::chrono::hours(1), source.get_token()));
    stopper.join();
}

api::HealthConfig Config(std::vector<std::string> test) {
    return api::HealthConfig{.test = std::move(test)};
}

TEST(ResolveHealthcheckTest, NothingToMonitor) {
    EXPECT_FALSE(ResolveHealthcheck(std::nullopt, {}));
    EXPECT_FALSE(ResolveHealthcheck(api::HealthConfig{}, {}));
    EXPECT_FALSE(ResolveHealthcheck(Config({}), {}));
    EXPECT_FALSE(ResolveHealthcheck(Config({"NONE"}), {}));
    EXPECT_FALSE(ResolveHealthcheck(Config({"CMD"}), {}));
    EXPECT_FALSE(ResolveHealthcheck(Config({"CMD-SHELL"}), {}));
    EXPECT_FALSE(ResolveHealthcheck(Config({"HTTP", "http://localhost"}), {}));
}

TEST(ResolveHealthcheckTest, CmdRunsAsGivenWithMobysDefaults) {
    const std::optional<HealthSettings> settings = ResolveHealthcheck(Config({"CMD", "curl", "-f", "x"}), {});
    ASSERT_TRUE(settings);
    EXPECT_EQ(settings->argv, (std::vector<std::string>{"curl", "-f", "x"}));
    EXPECT_EQ(settings->interval, seconds(30));
    EXPECT_EQ(settings->timeout, seconds(30));
    EXPECT_EQ(settings->start_period, seconds(0));
    EXPECT_EQ(settings->start_interval, seconds(5));
    EXPECT_EQ(settings->retries, 3);
}

TEST(ResolveHealthcheckTest, CmdShellRunsInTheContainersShell) {
    EXPECT_EQ(ResolveHealthcheck(Config({"CMD-SHELL", "test -f /ok"}), {})->argv,
              (std::vector<std::string>{"/bin/sh", "-c", "test -f /ok"}));
    EXPECT_EQ(ResolveHealthcheck(Config({"CMD-SHELL", "test -f /ok"}), {"/bin/bash", "-ec"})->argv,
              (std::vector<std::string>{"/bin/bash", "-ec", "test -f /ok"}));
}

TEST(ResolveHealthcheckTest, ConfiguredValuesWin) {
    const api::HealthConfig config{.test = std::vector<std::string>{"CMD", "true"},
                                   .interval = 2'000'000'000,
                                   .timeout = 1'000'000'000,
                                   .start_period = 60'000'000'000,
                                   .start_interval = 500'000'000,
                                   .retries = 7};
    const std::optional<HealthSettings> settings = ResolveHealthcheck(config, {});
    ASSERT_TRUE(settings);
    EXPECT_EQ(settings->interval, seconds(2));
    EXPECT_EQ(settings->timeout, seconds(1));
    EXPECT_EQ(settings->start_period, seconds(60));
    EXPECT_EQ(settings->start_interval, milliseconds(500));
    EXPECT_EQ(settings->retries, 7);
}

TEST(HealthJsonTest, RendersTheInspectObject) {
    EXPECT_EQ(HealthJson(HealthState{}).dump(), R"({"FailingStreak":0,"Log":[],"Status":"starting"})");
    const HealthState state{
        .status = HealthStatus::kUnhealthy,
        .failing_streak = 3,
        .log = {{kStart + nanoseconds(123'456'789), kStart + seconds(1), 1, "no\n"}},
    };
    EXPECT_EQ(HealthJson(state).dump(),
              R"({"FailingStreak":3,"Log":[{"End":"2023-11-14T22:13:21Z","ExitCode":1,"Output":"no\n",)"
              R"("Start":"2023-11-14T22:13:20.123456789Z"}],"Status":"unhealthy"})");
    EXPECT_EQ(HealthStateFromJson(HealthJson(state)), state);
}

TEST(HealthJsonTest, ReadingBackRefusesAnUnknownStatus) {
    try {
        HealthStateFromJson(nlohmann::json{{"Status", "sick"}});
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        EXPECT_STREQ(error.what(), "health state: health status \"sick\": unknown");
    }
    EXPECT_EQ(HealthStateFromJson(nlohmann::json{{"Status", "healthy"}, {"Log", nullptr}}).status,
              HealthStatus::kHealthy);
}

}  // namespace
}  // namespace engine::daemon
