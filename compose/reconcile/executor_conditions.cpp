// depends_on conditions: reading containers' state and health, and waiting on them the way
// docker/compose's waitDependencies does (convergence.go).

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compose/reconcile/executor_internal.hpp"
#include "compose/reconcile/labels.hpp"
#include "engine/api/filters.hpp"

namespace compose::reconcile::internal {
namespace {

constexpr std::string_view kServiceStarted = "service_started";
constexpr std::string_view kServiceHealthy = "service_healthy";
constexpr std::string_view kServiceCompleted = "service_completed_successfully";

std::string Trim(std::string_view text) {
    const std::size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) {
        return std::string();
    }
    const std::size_t end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end - begin + 1));
}

std::string StripSlash(std::string name) {
    if (!name.empty() && name.front() == '/') {
        name.erase(0, 1);
    }
    return name;
}

bool HasHealthcheck(const nlohmann::json& config) {
    if (!config.is_object()) {
        return false;
    }
    const auto check = config.find("Healthcheck");
    if (check == config.end() || !check->is_object()) {
        return false;
    }
    const auto test = check->find("Test");
    // A check with no Test inherits the image's; only an explicit NONE disables it.
    return test == check->end() || !test->is_array() || test->empty() || test->front() != "NONE";
}

bool HasExited(const ContainerStatus& status) {
    return status.state == "exited" || status.state == "dead";
}

Verdict Failed(std::string cause) {
    return Verdict{Verdict::Kind::kFailed, std::move(cause)};
}
Verdict Satisfied(std::string word) {
    return Verdict{Verdict::Kind::kSatisfied, std::move(word)};
}
Verdict Waiting(std::string why) {
    return Verdict{Verdict::Kind::kWaiting, std::move(why)};
}

/// Health as both service_healthy and `up --wait` judge it, for a container with a check.
Verdict CheckHealth(const ContainerStatus& status) {
    if (status.health == "healthy") {
        return Satisfied("Healthy");
    }
    if (status.health == "unhealthy") {
        std::string cause = "container " + status.name + " is unhealthy";
        if (!status.last_output.empty()) {
            cause += ": last check output: " + status.last_output;
        }
        return Failed(std::move(cause));
    }
    return Waiting("health is " + (status.health.empty() ? std::string("starting") : status.health));
}

/// One dependency still being waited for.
struct PendingDependency final {
    const model::Dependency* dependency;
    std::vector<ContainerRef> containers;
    std::set<std::string> satisfied;  // container IDs
    std::map<std::string, std::string> words;
};

Verdict Judge(const model::Dependency& dependency, const ContainerStatus& status) {
    if (dependency.condition == kServiceCompleted) {
        return CheckCompleted(dependency.service, status);
    }
    Verdict verdict = CheckHealthy(status);
    if (verdict.kind == Verdict::Kind::kFailed) {
        verdict.text = "dependency failed to start: " + verdict.text;
    }
    return verdict;
}

/// Polls the containers of `pending` once. Returns true when all of them are satisfied (or the
/// optional dependency failed and was skipped). Throws DependencyFailure for a required failure.
bool PollDependency(const WaitContext& context, const std::string& dependant, PendingDependency& pending) {
    const model::Dependency& dependency = *pending.dependency;
    for (const ContainerRef& container : pending.containers) {
        if (pending.satisfied.contains(container.id)) {
            continue;
        }
        const Verdict verdict = Judge(dependency, ReadContainerStatus(context.api, container.id));
        if (verdict.kind == Verdict::Kind::kFailed) {
            if (dependency.required) {
                context.sink.Emit(
                    ContainerResource(container.name), "Error", ProgressEvent::Status::kError, verdict.text);
                throw DependencyFailure(verdict.text);
            }
            context.sink.Emit(
                ContainerResource(container.name),
                "Skipped",
                ProgressEvent::Status::kWarning,
                "optional dependency \"" + dependency.service + "\" of " + dependant + " failed: " + verdict.text);
            return true;
        }
        if (verdict.kind == Verdict::Kind::kSatisfied) {
            pending.satisfied.insert(container.id);
            pending.words[container.id] = verdict.text;
        }
    }
    if (pending.satisfied.size() < pending.containers.size()) {
        return false;
    }
    for (const ContainerRef& container : pending.containers) {
        context.sink.Emit(ContainerResource(container.name), pending.words[container.id], ProgressEvent::Status::kDone);
    }
    return true;
}

/// The dependency's containers to poll, after emitting "Waiting" for each; empty when there is
/// nothing to poll (service_started with containers, or an optional dependency without any).
std::vector<ContainerRef> ContainersToWaitFor(const WaitContext& context,
                                              const std::string& dependant,
                                              const model::Dependency& dependency) {
    std::vector<ContainerRef> containers = ListServiceContainers(context.api, context.project, dependency.service);
    if (containers.empty()) {
        const std::string cause = "service " + dependency.service + " has no container";
        if (dependency.required) {
            context.sink.Emit(ContainerResource(dependant), "Error", ProgressEvent::Status::kError, cause);
            throw DependencyFailure(cause);
        }
        context.sink.Emit(ContainerResource(dependant),
                          "Skipped",
                          ProgressEvent::Status::kWarning,
                          "optional dependency \"" + dependency.service + "\": " + cause);
        return containers;
    }
    // Ordering by `after` already made sure the dependency was started.
    if (dependency.condition == kServiceStarted ||
        (dependency.condition != kServiceHealthy && dependency.condition != kServiceCompleted)) {
        return {};
    }
    for (const ContainerRef& container : containers) {
        context.sink.Emit(ContainerResource(container.name), "Waiting", ProgressEvent::Status::kWorking);
    }
    return containers;
}

}  // namespace

void ProgressSink::Emit(const std::string& resource,
                        std::string text,
                        ProgressEvent::Status status,
                        std::string detail) {
    if (!callback_) {
        return;
    }
    const std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    const auto first = first_seen_.emplace(resource, now).first->second;
    ProgressEvent event;
    event.resource = resource;
    event.text = std::move(text);
    event.status = status;
    event.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - first);
    event.detail = std::move(detail);
    callback_(event);
}

std::string ContainerResource(std::string_view name) {
    return "Container " + std::string(name);
}

ContainerStatus ReadContainerStatus(engine::client::EngineApi& api, const std::string& id_or_name) {
    const nlohmann::json inspect = api.ContainerInspect(id_or_name, false);
    ContainerStatus status;
    status.id = inspect.value("Id", id_or_name);
    status.name = StripSlash(inspect.value("Name", id_or_name));
    const nlohmann::json state = inspect.value("State", nlohmann::json::object());
    status.state = state.value("Status", "");
    status.exit_code = state.value("ExitCode", 0);
    const nlohmann::json health = state.value("Health", nlohmann::json());
    status.has_healthcheck = HasHealthcheck(inspect.value("Config", nlohmann::json())) || health.is_object();
    if (health.is_object()) {
        status.health = health.value("Status", "");
        const nlohmann::json log = health.value("Log", nlohmann::json::array());
        if (log.is_array() && !log.empty() && log.back().is_object()) {
            status.last_output = Trim(log.back().value("Output", ""));
        }
    }
    return status;
}

std::vector<ContainerRef> ListServiceContainers(engine::client::EngineApi& api,
                                                const std::string& project,
                                                const std::string& service) {
    engine::client::ContainerListOptions options;
    options.all = true;
    options.filters =
        engine::api::Filters(engine::api::Filters::Fields{{"label",
                                                           {{std::string(labels::kProject) + "=" + project, true},
                                                            {std::string(labels::kService) + "=" + service, true},
                                                            {std::string(labels::kOneoff) + "=False", true}}}});
    std::vector<ContainerRef> containers;
    for (const nlohmann::json& summary : api.ContainerList(options)) {
        ContainerRef container;
        container.id = summary.value("Id", "");
        const nlohmann::json names = summary.value("Names", nlohmann::json::array());
        container.name = names.empty() ? container.id : StripSlash(names.front().get<std::string>());
        containers.push_back(std::move(container));
    }
    std::sort(containers.begin(), containers.end(), [](const ContainerRef& a, const ContainerRef& b) {
        return a.name < b.name;
    });
    return containers;
}

Verdict CheckHealthy(const ContainerStatus& status) {
    if (HasExited(status)) {
        return Failed("container " + status.name + " exited (" + std::to_string(status.exit_code) + ")");
    }
    if (!status.has_healthcheck) {
        return Failed("container " + status.name + " has no healthcheck configured");
    }
    return CheckHealth(status);
}

Verdict CheckCompleted(const std::string& service, const ContainerStatus& status) {
    if (!HasExited(status)) {
        return Waiting("is " + status.state);
    }
    if (status.exit_code != 0) {
        return Failed("service " + service + " didn't complete successfully: " + status.name + " exited with code " +
                      std::to_string(status.exit_code));
    }
    return Satisfied("Exited");
}

Verdict CheckRunningOrHealthy(const ContainerStatus& status) {
    if (HasExited(status)) {
        return Failed("container " + status.name + " exited (" + std::to_string(status.exit_code) + ")");
    }
    if (status.has_healthcheck) {
        return CheckHealth(status);
    }
    if (status.state == "running") {
        return Satisfied("Running");
    }
    return Waiting("is " + status.state);
}

bool WaitForDependencies(const WaitContext& context,
                         const std::string& dependant,
                         const std::vector<model::Dependency>& dependencies) {
    std::vector<PendingDependency> pending;
    for (const model::Dependency& dependency : dependencies) {
        std::vector<ContainerRef> containers = ContainersToWaitFor(context, dependant, dependency);
        if (!containers.empty()) {
            pending.push_back(PendingDependency{&dependency, std::move(containers), {}, {}});
        }
    }
    // Conditions are checked side by side, as docker/compose waits on each in its own goroutine.
    while (true) {
        std::erase_if(pending, [&](PendingDependency& one) { return PollDependency(context, dependant, one); });
        if (pending.empty()) {
            return true;
        }
        if (!context.pause(context.poll_interval)) {
            return false;
        }
    }
}

}  // namespace compose::reconcile::internal
