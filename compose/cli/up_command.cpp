#include "compose/cli/up_command.hpp"

#include <chrono>
#include <ostream>
#include <set>

#include "compose/cli/attached_logs.hpp"
#include "compose/cli/service_images.hpp"
#include "compose/graph/service_graph.hpp"
#include "compose/model/project.hpp"
#include "compose/reconcile/inline_files.hpp"
#include "compose/reconcile/observe.hpp"
#include "compose/reconcile/resource_specs.hpp"
#include "compose/reconcile/service_wait.hpp"

namespace compose::cli {
namespace {

// Services others wait for with service_completed_successfully: for --wait,
// "ready" means they exited 0, not that they run.
std::set<std::string> OneShotServices(const model::Project& project, const std::vector<std::string>& targets) {
    std::set<std::string> one_shot;
    for (const std::string& service : targets) {
        for (const model::Dependency& dependency : model::DependenciesOf(*project.Service(service))) {
            if (dependency.condition == "service_completed_successfully") {
                one_shot.insert(dependency.service);
            }
        }
    }
    return one_shot;
}

reconcile::ExecuteOptions ExecuteOptionsFor(const ExecutionContext& context, const std::string& project) {
    reconcile::ExecuteOptions execute;
    execute.project = project;
    execute.parallel = context.parallel;
    execute.on_progress = context.progress;
    execute.cancel = context.interrupted;
    return execute;
}

void WaitUntilReady(const UpCommandOptions& options,
                    const model::Project& project,
                    const std::vector<std::string>& targets,
                    ExecutionContext& context) {
    const auto timeout = options.wait_timeout_seconds > 0
                             ? std::chrono::milliseconds(options.wait_timeout_seconds * 1000)
                             : std::chrono::milliseconds::max();
    reconcile::WaitForServices(context.api,
                               project.name,
                               targets,
                               OneShotServices(project, targets),
                               timeout,
                               context.interrupted,
                               context.progress,
                               std::chrono::milliseconds(100));
}

}  // namespace

std::vector<std::string> UpTargets(const model::Project& project, const std::vector<std::string>& named, bool no_deps) {
    const graph::ServiceGraph graph = graph::ServiceGraph::Build(project);
    if (named.empty()) {
        return graph.Services();
    }
    if (no_deps) {
        // Still validates the names.
        for (const std::string& name : named) {
            graph.DependenciesOf(name);
        }
        std::set<std::string> unique(named.begin(), named.end());
        return {unique.begin(), unique.end()};
    }
    return graph.WithDependencies(named);
}

int RunUp(const UpCommandOptions& options, model::Project project, ExecutionContext& context) {
    ParsePullPolicy(options.pull);
    const std::vector<std::string> targets = UpTargets(project, options.plan.services, options.plan.no_deps);
    reconcile::MaterializeInlineFiles(project, context.inline_files_directory + "/" + project.name);

    reconcile::DesiredState desired;
    desired.image_ids = ResolveServiceImages(context.api, project, targets);
    desired.project = std::move(project);
    const reconcile::ObservedState observed = reconcile::Observe(context.api, desired.project.name, &desired.project);
    const reconcile::Plan plan = reconcile::PlanUp(desired, observed, options.plan);
    for (const std::string& warning : plan.warnings) {
        context.err << "WARN " << warning << '\n';
    }
    if (options.dry_run) {
        context.out << plan.ToString();
        return 0;
    }
    const auto started_at = std::chrono::system_clock::now();
    reconcile::Execute(
        plan, context.api, reconcile::ProjectSpecs(desired), ExecuteOptionsFor(context, desired.project.name));
    if (options.wait) {
        WaitUntilReady(options, desired.project, targets, context);
    }
    if (options.detach || options.wait || options.plan.no_start) {
        return 0;
    }
    AttachedLogsOptions attach;
    attach.project = desired.project.name;
    attach.services = options.attach.empty() ? targets : options.attach;
    attach.since = started_at;
    attach.no_color = options.no_color;
    attach.no_log_prefix = options.no_log_prefix;
    attach.abort_on_container_exit = options.abort_on_container_exit || !options.exit_code_from.empty();
    attach.exit_code_from = options.exit_code_from;
    return FollowAttachedLogs(attach, context);
}

}  // namespace compose::cli
