#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>

#include "compose/reconcile/plan.hpp"
#include "compose/reconcile/resource_specs.hpp"
#include "engine/client/engine_api.hpp"

namespace compose::reconcile {

/// One step of progress on one resource, for the progress printers (compose/cli).
struct ProgressEvent final {
    enum class Status { kWorking, kDone, kWarning, kError };
    /// "Container demo-web-1", "Network demo_default", "Volume demo_db-data".
    std::string resource;
    /// Docker Compose's words: Creating, Created, Recreate, Recreated, Starting, Started,
    /// Waiting, Healthy, Exited, Stopping, Stopped, Removing, Removed, Running, Error.
    std::string text;
    Status status = Status::kWorking;
    /// Time since this resource's first event (0 for the first).
    std::chrono::milliseconds elapsed{0};
    /// For errors and warnings: the cause.
    std::string detail;
};

using ProgressCallback = std::function<void(const ProgressEvent& event)>;

/// Why a plan stopped: the first real cause ("db is unhealthy: last check output: ...",
/// "migrate exited with code 1", "Error response from daemon: ..."), with the operation.
class ExecuteError final : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ExecuteOptions final {
    /// Project name: dependency conditions look up a service's containers by label.
    std::string project;
    /// At most this many API operations at once; <= 0 means no limit.
    int parallel = 0;
    ProgressCallback on_progress;
    /// Set (e.g. from a SIGINT handler) to cancel: operations not yet begun are skipped,
    /// waits end, running calls finish; Execute then throws ExecuteError("canceled").
    const std::atomic<bool>* cancel = nullptr;
    /// How often dependency conditions are checked.
    std::chrono::milliseconds poll_interval{100};
};

/// Runs `plan`: every operation once its `after` operations are done, independent ones in
/// parallel up to the limit. kStartContainer first waits for its `wait_for` conditions:
/// service_started (the dependency's containers run or ran), service_healthy (healthy; fails
/// on unhealthy or exit, or when there is no health check), service_completed_successfully
/// (exited 0; fails on another code); a condition with required=false only warns. Starts of
/// containers that publish host port ranges run one at a time. After the first failure no
/// new operation begins; the ones running finish; then ExecuteError names the first cause.
void Execute(const Plan& plan,
             engine::client::EngineApi& api,
             const ResourceSpecs& specs,
             const ExecuteOptions& options);

}  // namespace compose::reconcile
