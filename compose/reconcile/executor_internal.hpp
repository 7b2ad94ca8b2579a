#pragma once

// Private to compose/reconcile: the pieces Execute (executor*.cpp) and WaitForServices
// (service_wait.cpp) share. Nothing outside this folder includes it.

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "compose/model/project.hpp"
#include "compose/reconcile/executor.hpp"
#include "engine/client/engine_api.hpp"

namespace compose::reconcile::internal {

/// Serializes progress callbacks (workers emit from many threads) and stamps each event with
/// the time since its resource's first event. An empty callback makes Emit a no-op.
class ProgressSink final {
  public:
    /// `callback` must outlive the sink.
    explicit ProgressSink(const ProgressCallback& callback) : callback_(callback) {}

    void Emit(const std::string& resource,
              std::string text,
              ProgressEvent::Status status,
              std::string detail = std::string());

  private:
    const ProgressCallback& callback_;
    std::mutex mutex_;
    std::map<std::string, std::chrono::steady_clock::time_point> first_seen_;
};

/// "Container <name>".
std::string ContainerResource(std::string_view name);

/// What a condition needs to know about one container, read with ContainerInspect.
struct ContainerStatus final {
    std::string id;
    std::string name;   ///< without the leading "/"
    std::string state;  ///< State.Status: created, running, exited, dead, ...
    int exit_code = 0;
    /// Config.Healthcheck is set (and not ["NONE"]), or the engine reports State.Health.
    bool has_healthcheck = false;
    std::string health;       ///< State.Health.Status; "" without a health check
    std::string last_output;  ///< the trimmed Output of the last State.Health.Log entry
};

/// Inspects `id_or_name`. Throws engine::Error from the API.
ContainerStatus ReadContainerStatus(engine::client::EngineApi& api, const std::string& id_or_name);

/// A container found by its labels.
struct ContainerRef final {
    std::string id;
    std::string name;  ///< without the leading "/"
};

/// The non-one-off containers of `service` in `project`, in every state, sorted by name.
std::vector<ContainerRef> ListServiceContainers(engine::client::EngineApi& api,
                                                const std::string& project,
                                                const std::string& service);

/// One container judged against a condition.
struct Verdict final {
    enum class Kind { kWaiting, kSatisfied, kFailed };
    Kind kind = Kind::kWaiting;
    /// kSatisfied: the progress word ("Healthy", "Exited", "Running"). kFailed: the cause.
    /// kWaiting: why not yet ("health is starting", "is created"), for timeout messages.
    std::string text;
};

/// service_healthy: healthy is done; starting waits; unhealthy, exited or no health check fail.
Verdict CheckHealthy(const ContainerStatus& status);
/// service_completed_successfully for `service`: exited 0 is done, another code fails.
Verdict CheckCompleted(const std::string& service, const ContainerStatus& status);
/// `up --wait`: healthy when it has a health check, else running; exited fails.
Verdict CheckRunningOrHealthy(const ContainerStatus& status);

/// A failure whose message is already the whole cause (no operation prefix is added) and whose
/// Error progress events have gone out.
class DependencyFailure final : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Sleeps up to `interval` between two polls; returns false when the wait must end early
/// (another operation failed, or the user canceled).
using PauseFunction = std::function<bool(std::chrono::milliseconds interval)>;

/// What a dependency wait needs besides the conditions.
struct WaitContext final {
    engine::client::EngineApi& api;
    const std::string& project;
    std::chrono::milliseconds poll_interval;
    ProgressSink& sink;
    PauseFunction pause;
};

/// Waits until every condition in `dependencies` of the container `dependant` (its name) holds.
/// Returns false when `pause` ended the wait first. Throws DependencyFailure when a required
/// condition cannot hold any more; an optional one only emits a warning event.
bool WaitForDependencies(const WaitContext& context,
                         const std::string& dependant,
                         const std::vector<model::Dependency>& dependencies);

/// Go's time.Duration.String() for whole milliseconds: "500ms", "30s", "1m30s", "1.5s".
std::string FormatDuration(std::chrono::milliseconds duration);

/// Runs single operations: the API calls, their progress events and error context. Holds what
/// operations of one plan share: the IDs of the containers the plan created and the port-range
/// start lock. Safe to call from several threads at once.
class OperationRunner final {
  public:
    /// All references must outlive the runner.
    OperationRunner(engine::client::EngineApi& api,
                    const ResourceSpecs& specs,
                    const ExecuteOptions& options,
                    ProgressSink& sink);

    /// Runs `operation`. Returns false when a dependency wait was ended by `pause` before the
    /// start call. Throws DependencyFailure, or ExecuteError naming the operation ("start
    /// container demo-web-1: ..."), after emitting the Error event.
    bool Run(const Operation& operation, const PauseFunction& pause);

  private:
    struct Created final {
        std::string id;
        nlohmann::json body;
    };

    bool RunContainer(const Operation& operation, const PauseFunction& pause);
    void RunNetworkOrVolume(const Operation& operation);
    void CreateContainer(const Operation& operation);
    bool StartContainer(const Operation& operation, const PauseFunction& pause);
    void RemoveContainer(const Operation& operation);
    void RemoveNetwork(const Operation& operation);
    /// The container a container operation acts on: its id_or_name, else the ID the create of
    /// the same (service, number) returned, else its name.
    std::string ContainerId(const Operation& operation);
    bool PublishesPortRange(const Operation& operation, const std::string& id);

    engine::client::EngineApi& api_;
    const ResourceSpecs& specs_;
    const ExecuteOptions& options_;
    ProgressSink& sink_;
    std::mutex created_mutex_;
    std::map<std::pair<std::string, int>, Created> created_;
    /// Held around starts of containers publishing host port ranges: the engine allocates
    /// range ports non-atomically (docker/compose PR #10067).
    std::mutex port_range_mutex_;
};

/// The progress resource of an operation ("Container demo-web-1", "Network demo_default"); for a
/// create under a temporary "<12hex>_" name, the final name.
std::string OperationResource(const Operation& operation);

/// What an operation does, for error context ("start container demo-web-1").
std::string DescribeOperation(const Operation& operation);

}  // namespace compose::reconcile::internal
