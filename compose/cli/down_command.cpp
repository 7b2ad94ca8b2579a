#include "compose/cli/down_command.hpp"

#include <ostream>
#include <set>
#include <stdexcept>

#include "compose/cli/service_images.hpp"
#include "compose/reconcile/observe.hpp"
#include "compose/reconcile/planner.hpp"
#include "compose/reconcile/resource_specs.hpp"
#include "engine/base/error.hpp"

namespace compose::cli {
namespace {

// The images --rmi removes: "all" every image the project's services (or,
// without a file, its containers) use; "local" only those without a custom tag,
// i.e. built as {project}-{service}.
std::set<std::string> ImagesToRemove(const std::string& rmi,
                                     const model::Project* project,
                                     const std::string& project_name,
                                     const reconcile::ObservedState& observed) {
    std::set<std::string> images;
    if (project != nullptr) {
        for (const std::string& service : project->ServiceNames()) {
            const bool custom = project->Service(service)->Find("image") != nullptr;
            if (rmi == "all" || !custom) {
                images.insert(ServiceImageReference(*project, service));
            }
        }
        return images;
    }
    for (const reconcile::ObservedContainer& container : observed.containers) {
        if (rmi == "all") {
            images.insert(container.image_id);
        } else {
            images.insert(project_name + "-" + container.service);
        }
    }
    return images;
}

void RemoveImages(const std::set<std::string>& images, ExecutionContext& context) {
    for (const std::string& image : images) {
        if (image.empty()) {
            continue;
        }
        try {
            context.api.ImageRemove(image, false, false);
            if (context.progress) {
                context.progress({"Image " + image, "Removed", reconcile::ProgressEvent::Status::kDone, {}, {}});
            }
        } catch (const engine::Error& error) {
            if (error.code() == engine::Errc::kNotFound) {
                continue;
            }
            context.err << "WARN image " << image << " not removed: " << error.what() << '\n';
        }
    }
}

}  // namespace

void RunDown(const DownCommandOptions& options,
             const model::Project* project,
             const std::string& project_name,
             ExecutionContext& context) {
    if (!options.rmi.empty() && options.rmi != "local" && options.rmi != "all") {
        throw std::invalid_argument("--rmi: invalid value \"" + options.rmi + "\"; use local or all");
    }
    const reconcile::ObservedState observed = reconcile::Observe(context.api, project_name, project);
    reconcile::DownOptions down;
    down.remove_orphans = options.remove_orphans;
    down.volumes = options.volumes;
    down.timeout = options.timeout;
    const reconcile::Plan plan = reconcile::PlanDown(project, observed, down);
    for (const std::string& warning : plan.warnings) {
        context.err << "WARN " << warning << '\n';
    }
    if (options.dry_run) {
        context.out << plan.ToString();
        return;
    }
    if (plan.Empty() && options.rmi.empty()) {
        context.err << "Warning: No resource found to remove for project \"" << project_name << "\".\n";
        return;
    }
    // Down creates nothing, so the specs are never asked for a body.
    reconcile::DesiredState nothing;
    reconcile::ExecuteOptions execute;
    execute.project = project_name;
    execute.parallel = context.parallel;
    execute.on_progress = context.progress;
    execute.cancel = context.interrupted;
    reconcile::Execute(plan, context.api, reconcile::ProjectSpecs(nothing), execute);
    if (!options.rmi.empty()) {
        RemoveImages(ImagesToRemove(options.rmi, project, project_name, observed), context);
    }
}

}  // namespace compose::cli
