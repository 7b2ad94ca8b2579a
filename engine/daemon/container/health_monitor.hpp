#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/container_config.hpp"

namespace engine::daemon {

// moby's daemon/health.go: runs a container's healthcheck command on an interval and keeps
// State.Health (status, failing streak, the last results).

/// State.Health.Status of a container with a healthcheck.
enum class HealthStatus { kStarting, kHealthy, kUnhealthy };

/// "starting", "healthy" or "unhealthy", as the API and the health_status event say it.
std::string_view HealthStatusName(HealthStatus status);

/// One probe's result in State.Health.Log (moby's HealthcheckResult).
struct HealthLogEntry final {
    std::chrono::system_clock::time_point start;
    std::chrono::system_clock::time_point end;
    /// 0 healthy, 1 unhealthy; -1 for a timeout or a probe that could not run.
    int exit_code = 0;
    /// At most kHealthMaxOutput bytes, then "..." when the probe wrote more; valid UTF-8.
    std::string output;

    bool operator==(const HealthLogEntry&) const = default;
};

/// State.Health.
struct HealthState final {
    HealthStatus status = HealthStatus::kStarting;
    int failing_streak = 0;
    /// Oldest first, at most kHealthMaxLogEntries.
    std::vector<HealthLogEntry> log;

    bool operator==(const HealthState&) const = default;
};

inline constexpr std::size_t kHealthMaxOutput = 4096;
inline constexpr std::size_t kHealthMaxLogEntries = 5;

/// The Health object of docker inspect: {"Status", "FailingStreak", "Log": [{"Start", "End",
/// "ExitCode", "Output"}]}, times in RFC 3339 with nanoseconds, Log [] when empty.
nlohmann::json HealthJson(const HealthState& state);

/// Reads HealthJson's form back (the daemon persists State.Health that way). Throws
/// Error(kInvalidArgument) for an unknown status or a malformed time.
HealthState HealthStateFromJson(const nlohmann::json& json);

/// A healthcheck with moby's defaults applied.
struct HealthSettings final {
    /// What the probe runs: Test[1:] for CMD, the shell plus Test[1:] for CMD-SHELL.
    std::vector<std::string> argv;
    std::chrono::nanoseconds interval{std::chrono::seconds(30)};
    std::chrono::nanoseconds timeout{std::chrono::seconds(30)};
    std::chrono::nanoseconds start_period{0};
    std::chrono::nanoseconds start_interval{std::chrono::seconds(5)};
    int retries = 3;
};

/// The state a new run of the container starts from (moby's initHealthMonitor): "starting",
/// no failing streak, the previous runs' log kept.
HealthState HealthForNewRun(HealthState previous);

/// The settings for Config.Healthcheck (already merged with the image's), with `shell` being
/// Config.Shell (empty: ["/bin/sh", "-c"]). Zero durations and retries take moby's defaults.
/// nullopt when there is nothing to monitor: no healthcheck, an empty Test, "NONE", an
/// unknown test type (moby only logs it) or a CMD or CMD-SHELL without a command.
std::optional<HealthSettings> ResolveHealthcheck(const std::optional<api::HealthConfig>& config,
                                                 const std::vector<std::string>& shell);

/// What one run of the probe command gave.
struct ProbeResult final {
    int exit_code = 0;
    /// Its stdout and stderr together (the monitor truncates it).
    std::string output;
    /// The probe was killed after the timeout; exit_code is then ignored.
    bool timed_out = false;
};

/// Runs `argv` in the container (the daemon does it with an exec), killing it after `timeout`
/// (then timed_out) or as soon as `stop` is requested. May throw when the command cannot be
/// started: the failure is recorded with exit code -1 and the exception's message.
using ProbeFunction = std::function<ProbeResult(
    const std::vector<std::string>& argv, std::chrono::nanoseconds timeout, std::stop_token stop)>;

/// The time a monitor runs on: the system clock in the daemon, a manual one in tests.
class HealthClock {
  public:
    virtual ~HealthClock() = default;
    /// The wall time, for the log and the start period.
    virtual std::chrono::system_clock::time_point Now() = 0;
    /// Waits `duration` (a steady wait, not a wall deadline); returns early, false, once
    /// `stop` is requested, true otherwise.
    virtual bool SleepFor(std::chrono::nanoseconds duration, std::stop_token stop) = 0;
};

/// The real clock: system_clock for Now, a condition variable wait for SleepFor. Stateless.
class SystemHealthClock final : public HealthClock {
  public:
    std::chrono::system_clock::time_point Now() override;
    bool SleepFor(std::chrono::nanoseconds duration, std::stop_token stop) override;
};

/// Called on the monitor's thread after each change of status, with the state after the
/// probe that caused it. It must not call Stop or destroy the monitor.
using HealthStatusCallback = std::function<void(const HealthState& state)>;

/// The healthcheck of one running container, probing on its own thread from construction to
/// Stop: the first probe one interval after the start, then one interval after each probe
/// ends; StartInterval instead while still starting inside StartPeriod. Exit code 0 makes the
/// container healthy (from any state, at once); anything else, a timeout or a probe error is
/// a failure, and `retries` failures in a row make it unhealthy. While starting inside the
/// start period, failures do not count. The daemon makes one per start of the container
/// (moby's initHealthMonitor) and on unpause, and stops it on exit, pause and removal.
class HealthMonitor final {
  public:
    struct Options final {
        HealthSettings settings;
        /// State.StartedAt of this run, against which the start period counts.
        std::chrono::system_clock::time_point started_at;
        ProbeFunction probe;
        HealthStatusCallback on_status_change;
        /// nullptr: a SystemHealthClock.
        std::shared_ptr<HealthClock> clock;
        /// Where to start from: HealthForNewRun(old state) on a start or restart, the state
        /// kept at the pause on an unpause (moby resets the status only on a start).
        HealthState initial;
    };

    /// Starts monitoring from `options.initial` (without a callback for that status).
    explicit HealthMonitor(Options options);
    /// Stop().
    ~HealthMonitor();
    HealthMonitor(const HealthMonitor&) = delete;
    HealthMonitor& operator=(const HealthMonitor&) = delete;

    /// Ends monitoring: interrupts the wait or asks the running probe to stop, and joins the
    /// thread; no probe runs and no callback comes once it returns, and the result of an
    /// interrupted probe is dropped. Idempotent.
    void Stop();

    /// A copy of the current state, from any thread.
    HealthState State() const;

  private:
    void Run(std::stop_token stop);
    std::chrono::nanoseconds NextInterval();
    HealthLogEntry Probe(std::stop_token stop);
    void Record(HealthLogEntry entry);

    Options options_;
    mutable std::mutex mutex_;  // guards state_
    std::mutex stop_mutex_;     // makes Stop safe to call from several threads
    HealthState state_;
    std::jthread thread_;  // last: it starts once everything above is ready
};

}  // namespace engine::daemon
