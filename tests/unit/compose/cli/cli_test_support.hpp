#pragma once

// Builders for berth-compose command tests: container summaries as the engine lists them, and
// a ProjectContext observed from the fake engine the way the CLI builds one.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compose/cli/project_context.hpp"
#include "compose/reconcile/observe.hpp"
#include "tests/unit/compose/cli/fake_compose_engine.hpp"

namespace compose::cli::testing {

/// A ContainerSummary of project "demo" as GET /containers/json returns it.
inline nlohmann::json Summary(const std::string& id,
                              const std::string& service,
                              int number,
                              const std::string& state,
                              const std::string& status,
                              const std::string& depends_on = "") {
    nlohmann::json labels{{"com.docker.compose.project", "demo"},
                          {"com.docker.compose.service", service},
                          {"com.docker.compose.container-number", std::to_string(number)},
                          {"com.docker.compose.oneoff", "False"},
                          {"com.docker.compose.project.config_files", "/src/demo/compose.yaml"}};
    if (!depends_on.empty()) {
        labels["com.docker.compose.depends_on"] = depends_on;
    }
    return nlohmann::json{{"Id", id},
                          {"Names", {"/demo-" + service + "-" + std::to_string(number)}},
                          {"Image", "busybox"},
                          {"ImageID", "sha256:0123456789abcdef0123"},
                          {"Command", "sleep 3600"},
                          {"Created", 1700000000},
                          {"State", state},
                          {"Status", status},
                          {"Ports", nlohmann::json::array()},
                          {"Labels", labels}};
}

/// The context of project "demo" without a compose file, observed from `api` (whose
/// ContainerList reply is set to `containers`); the observing calls are then forgotten.
inline ProjectContext ObservedContext(FakeComposeEngine& api, const nlohmann::json& containers) {
    api.replies["ContainerList"] = containers;
    ProjectContext context;
    context.name = "demo";
    context.observed = reconcile::Observe(api, "demo", nullptr);
    api.calls.clear();
    return context;
}

/// Progress events recorded as "<resource> <text>" lines.
struct RecordedProgress final {
    std::mutex mutex;
    std::vector<std::string> lines;

    reconcile::ProgressCallback Callback() {
        return [this](const reconcile::ProgressEvent& event) {
            std::lock_guard lock(mutex);
            lines.push_back(event.resource + " " + event.text + (event.detail.empty() ? "" : " " + event.detail));
        };
    }
};

}  // namespace compose::cli::testing

namespace compose::cli::testing {

/// One-at-a-time operations on `api`, progress to `progress` when given.
inline OperationContext Operations(engine::client::EngineApi& api, RecordedProgress* progress = nullptr) {
    return OperationContext{.api = api,
                            .parallel = 1,
                            .on_progress = progress != nullptr ? progress->Callback() : reconcile::ProgressCallback()};
}

}  // namespace compose::cli::testing
