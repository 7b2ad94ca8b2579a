#pragma once

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "compose/reconcile/executor.hpp"
#include "engine/client/engine_api.hpp"

namespace compose::reconcile {

/// `up --wait`: waits until every non-one-off container of each of `services` in `project` is
/// ready: running, and healthy when it has a health check; for services in
/// `completed_successfully_services` (ones others wait on that way), exited with code 0.
/// Checks every `poll_interval`. Emits "Waiting" for each container, then "Healthy", "Running"
/// or "Exited" when it is ready. Throws ExecuteError at once with the cause when a container is
/// unhealthy or exited (non-zero for completed services): "container demo-web-1 is unhealthy:
/// last check output: ..."; "application not healthy after 30s: demo-web-1 health is starting"
/// when `timeout` (> 0; otherwise there is none) passes first; "canceled" when *cancel becomes
/// true. Throws engine::Error from the API.
void WaitForServices(engine::client::EngineApi& api,
                     const std::string& project,
                     const std::vector<std::string>& services,
                     const std::set<std::string>& completed_successfully_services,
                     std::chrono::milliseconds timeout,
                     const std::atomic<bool>* cancel,
                     const ProgressCallback& on_progress,
                     std::chrono::milliseconds poll_interval);

}  // namespace compose::reconcile
