#include "engine/daemon/container/restart_policy.hpp"

#include <algorithm>
#include <cstdint>

#include "engine/base/error.hpp"

namespace engine::daemon {
namespace {

bool IsNone(const api::RestartPolicy& policy) {
    return policy.name.empty() || policy.name == "no";
}

}  // namespace

bool PolicyWantsRestart(const api::RestartPolicy& policy, int exit_code, bool manually_stopped, int restart_count) {
    if (policy.name == "always") {
        return true;
    }
    if (policy.name == "unless-stopped") {
        return !manually_stopped;
    }
    if (policy.name == "on-failure") {
        const std::int64_t max = policy.maximum_retry_count;
        return exit_code != 0 && (max == 0 || restart_count < max);
    }
    return false;
}

bool ShouldStartWithDaemon(const api::RestartPolicy& policy, const StoppedContainerFacts& facts) {
    return facts.has_been_started_before &&
           PolicyWantsRestart(policy, facts.exit_code, facts.manually_stopped, facts.restart_count);
}

RestartManager::RestartManager(api::RestartPolicy policy, int restart_count)
    : policy_(std::move(policy)), restart_count_(restart_count) {}

RestartDecision RestartManager::ShouldRestart(int exit_code, bool manually_stopped, std::chrono::nanoseconds ran_for) {
    const std::lock_guard lock(mutex_);
    if (IsNone(policy_)) {
        return {};
    }
    if (canceled_) {
        return {.restart = false, .delay = {}, .canceled = true};
    }
    if (pending_) {
        throw Error(Errc::kConflict, "invalid call on an active restart manager: a restart is already pending");
    }
    // moby moves the back-off on every exit, whether or not it restarts.
    if (ran_for >= kRestartResetAfter || delay_.count() == 0) {
        delay_ = kRestartFirstDelay;
    } else {
        delay_ = std::min(delay_ * 2, kRestartMaxDelay);
    }
    if (!PolicyWantsRestart(policy_, exit_code, manually_stopped, restart_count_)) {
        return {};
    }
    ++restart_count_;
    pending_ = true;
    return {.restart = true, .delay = delay_, .canceled = false};
}

bool RestartManager::WaitPending() {
    std::unique_lock lock(mutex_);
    if (!pending_) {
        return false;
    }
    // Only Cancel wakes the wait early; the delay otherwise runs out in full.
    changed_.wait_for(lock, delay_, [this] { return canceled_; });
    return EndPendingLocked();
}

bool RestartManager::ConsumePending() {
    const std::lock_guard lock(mutex_);
    return EndPendingLocked();
}

bool RestartManager::EndPendingLocked() {
    const bool was_pending = pending_;
    pending_ = false;
    return was_pending && !canceled_;
}

void RestartManager::Cancel() {
    {
        const std::lock_guard lock(mutex_);
        canceled_ = true;
    }
    changed_.notify_all();
}

void RestartManager::SetPolicy(api::RestartPolicy policy) {
    const std::lock_guard lock(mutex_);
    policy_ = std::move(policy);
}

int RestartManager::restart_count() const {
    const std::lock_guard lock(mutex_);
    return restart_count_;
}

bool RestartManager::canceled() const {
    const std::lock_guard lock(mutex_);
    return canceled_;
}

bool RestartManager::pending() const {
    const std::lock_guard lock(mutex_);
    return pending_;
}

}  // namespace engine::daemon
