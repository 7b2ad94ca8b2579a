#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "engine/api/container_config.hpp"

namespace engine::daemon {

// moby's restartmanager: which exits of a container lead to a new start, after which delay,
// and which stopped containers the daemon starts again when it starts itself.

/// The delay before the first restart, and again after a run of at least kRestartResetAfter.
inline constexpr std::chrono::milliseconds kRestartFirstDelay{100};
/// The delay doubles on each exit and never exceeds this.
inline constexpr std::chrono::milliseconds kRestartMaxDelay{60'000};
/// A run at least this long resets the delay to kRestartFirstDelay.
inline constexpr std::chrono::seconds kRestartResetAfter{10};

/// The policy rule on its own, without back-off or cancellation: "no" and "" (and any unknown
/// name) never restart; "always" always does, even after a manual stop (moby stops it through
/// RestartManager::Cancel instead); "unless-stopped" unless `manually_stopped`; "on-failure"
/// for a non-zero `exit_code` while `restart_count` is below MaximumRetryCount (0: no limit).
bool PolicyWantsRestart(const api::RestartPolicy& policy, int exit_code, bool manually_stopped, int restart_count);

/// The facts the daemon has kept about a stopped container when it starts itself.
struct StoppedContainerFacts final {
    int exit_code = 0;
    /// State.HasBeenManuallyStopped: docker stop / kill, not the daemon's own shutdown.
    bool manually_stopped = false;
    /// State.RestartCount.
    int restart_count = 0;
    /// False for a container that was created and never started: the daemon leaves it alone.
    bool has_been_started_before = false;
};

/// moby's restore rule: a container that is not running is started again with the daemon when
/// it was started before and PolicyWantsRestart says so with its last exit. So "always" comes
/// back even after docker stop, "unless-stopped" only when not stopped by the user, and
/// "on-failure" when its last exit was a failure and retries are left.
bool ShouldStartWithDaemon(const api::RestartPolicy& policy, const StoppedContainerFacts& facts);

/// What to do about one exit of a container.
struct RestartDecision final {
    bool restart = false;
    /// How long to wait before starting it again (when `restart`).
    std::chrono::milliseconds delay{0};
    /// The manager was canceled (stop, kill or remove): never restart again.
    bool canceled = false;
};

/// The restart state of one run of a container: made when the user (or the daemon at its
/// start) starts the container, dropped when the user starts it again. The daemon calls
/// ShouldRestart on every exit and, when it says restart, sets State.Restarting and
/// State.RestartCount = restart_count(), waits for the delay, and starts the container unless
/// the wait reports a cancel. Thread-safe.
class RestartManager final {
  public:
    /// `restart_count` is the container's State.RestartCount (0 after a start by the user).
    explicit RestartManager(api::RestartPolicy policy, int restart_count = 0);

    /// Decides about an exit with `exit_code` after running for `ran_for`. `manually_stopped`
    /// is State.HasBeenManuallyStopped, or true while the daemon shuts down. Every call past a
    /// "no" policy moves the back-off: 100 ms, then doubled up to 1 min, back to 100 ms after a
    /// run of 10 s or more. A restart counts toward restart_count() and leaves a restart
    /// pending until WaitPending or ConsumePending ends it. Throws Error(kConflict) when a
    /// restart is already pending (the daemon got two exits for one run).
    RestartDecision ShouldRestart(int exit_code, bool manually_stopped, std::chrono::nanoseconds ran_for);

    /// Blocks for the pending restart's delay; true when the container should now be started,
    /// false when Cancel came first (or nothing was pending).
    bool WaitPending();

    /// For a caller that timed the delay itself: ends the pending restart at once, true when
    /// the container should now be started, false when canceled or nothing was pending.
    bool ConsumePending();

    /// Stops all restarts for good, waking a WaitPending (moby's ExitOnNext): call it on docker
    /// stop, docker kill with the stop signal or SIGKILL, docker rm and the daemon's shutdown.
    void Cancel();

    /// docker update --restart: the new policy applies from the next exit on.
    void SetPolicy(api::RestartPolicy policy);

    /// The restarts so far, counting the one pending.
    int restart_count() const;
    bool canceled() const;
    /// True between a ShouldRestart that said restart and the end of its wait.
    bool pending() const;

  private:
    bool EndPendingLocked();

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    api::RestartPolicy policy_;
    int restart_count_;
    std::chrono::milliseconds delay_{0};
    bool pending_ = false;
    bool canceled_ = false;
};

}  // namespace engine::daemon
