#include <algorithm>
#include <set>

#include "compose/graph/service_graph.hpp"
#include "compose/model/config_hash.hpp"
#include "compose/reconcile/planner.hpp"
#include "compose/reconcile/planner_internal.hpp"

namespace compose::reconcile {

namespace {

/// One existing container up keeps (possibly under a new identity).
struct Kept final {
    const ObservedContainer* container = nullptr;
    std::string recreate_reason;  ///< empty: the container stays
};

/// What up does with one targeted service, decided before any operation is emitted: a
/// recreate changes what namespace children and `restart: true` dependents need.
struct ServiceDecision final {
    std::string name;
    const model::Value* config = nullptr;
    std::string hash;
    std::vector<Kept> kept;
    std::vector<const ObservedContainer*> removed;  ///< scale down, highest number first
    std::vector<int> new_numbers;
    bool recreated = false;  ///< some kept container is recreated
};

graph::ServiceGraph BuildGraph(const model::Project& project) {
    try {
        return graph::ServiceGraph::Build(project);
    } catch (const graph::GraphError& error) {
        throw PlanError(error.what());
    }
}

class UpPlanner final {
  public:
    UpPlanner(const DesiredState& desired, const ObservedState& observed, const UpOptions& options)
        : desired_(desired),
          project_(desired.project),
          observed_(observed),
          options_(options),
          graph_(BuildGraph(desired.project)) {}

    Plan Run() {
        ResolveTargets();
        const std::vector<std::string> targets(targets_.begin(), targets_.end());
        planner::CheckImages(desired_, targets);
        std::vector<std::string> order;
        for (const std::vector<std::string>& batch : graph_.DependencyOrder()) {
            order.insert(order.end(), batch.begin(), batch.end());
        }
        for (const std::string& service : order) {
            if (targets_.contains(service)) {
                Decide(service);
            }
        }
        const std::vector<std::size_t> orphans = planner::PlanOrphans(plan_, project_, observed_, options_);
        resource_creates_ = planner::PlanResources(plan_, project_, observed_, targets, orphans);
        for (const std::string& service : order) {
            EmitService(service);
        }
        return std::move(plan_);
    }

  private:
    void ResolveTargets() {
        std::vector<std::string> named = options_.services.empty() ? project_.ServiceNames() : options_.services;
        for (const std::string& service : named) {
            if (project_.Service(service) == nullptr) {
                throw PlanError("no such service: " + service);
            }
        }
        named_.insert(named.begin(), named.end());
        const std::vector<std::string> targets = options_.no_deps ? named : graph_.WithDependencies(named);
        targets_.insert(targets.begin(), targets.end());
        // A one-shot init others wait for to complete must not run again once it did.
        for (const auto& [service_name, service] : project_.Services()) {
            for (const model::Dependency& dependency : model::DependenciesOf(service)) {
                if (dependency.condition == "service_completed_successfully") {
                    awaited_completion_.insert(dependency.service);
                }
            }
        }
    }

    int DesiredCount(const std::string& service_name, const model::Value& service) const {
        if (auto scale = options_.scale.find(service_name); scale != options_.scale.end()) {
            return std::max(scale->second, 0);
        }
        const model::Value* scale = service.Find("scale");
        return scale != nullptr && scale->IsInt() ? static_cast<int>(std::max<std::int64_t>(scale->AsInt(), 0)) : 1;
    }

    void Decide(const std::string& service_name) {
        ServiceDecision decision;
        decision.name = service_name;
        decision.config = project_.Service(service_name);
        decision.hash = model::ServiceConfigHash(*decision.config);
        const std::vector<const ObservedContainer*> existing = planner::ServiceContainers(observed_, service_name);
        const auto count = static_cast<std::size_t>(DesiredCount(service_name, *decision.config));
        // -V means new anonymous volumes, which only a new container can have.
        const RecreatePolicy policy =
            options_.renew_anon_volumes && named_.contains(service_name)
                ? RecreatePolicy::kForce
                : (named_.contains(service_name) ? options_.recreate : options_.recreate_dependencies);
        int max_number = 0;
        for (std::size_t i = 0; i < existing.size(); ++i) {
            max_number = std::max(max_number, existing[i]->number);
            if (i < count) {
                std::string reason = RecreateReason(decision, *existing[i], policy);
                decision.recreated = decision.recreated || !reason.empty();
                decision.kept.push_back({existing[i], std::move(reason)});
            }
        }
        for (std::size_t i = existing.size(); i > count; --i) {
            decision.removed.push_back(existing[i - 1]);
        }
        for (std::size_t i = existing.size(); i < count; ++i) {
            decision.new_numbers.push_back(++max_number);
        }
        decisions_.emplace(service_name, std::move(decision));
    }

    std::string RecreateReason(const ServiceDecision& decision,
                               const ObservedContainer& container,
                               RecreatePolicy policy) const {
        if (policy == RecreatePolicy::kNever) {
            return "";
        }
        if (policy == RecreatePolicy::kForce) {
            return "forced";
        }
        if (container.config_hash != decision.hash) {
            return "config changed";
        }
        if (container.image_id != desired_.image_ids.at(decision.name)) {
            return "image changed";
        }
        if (container.state == "running") {
            for (const planner::ResourceRef& network : planner::ServiceNetworks(project_, *decision.config)) {
                if (!container.networks.contains(network.name)) {
                    return "network " + network.name + " missing";
                }
            }
        }
        for (const planner::ResourceRef& volume : planner::ServiceVolumes(project_, *decision.config)) {
            if (!observed_.volumes.contains(volume.name)) {
                return "volume " + volume.name + " missing";
            }
        }
        for (const std::string& parent : planner::NamespaceParents(*decision.config)) {
            if (auto it = decisions_.find(parent); it != decisions_.end() && it->second.recreated) {
                return "namespace parent " + parent + " recreated";
            }
        }
        return "";
    }

    void EmitService(const std::string& service_name) {
        if (!targets_.contains(service_name)) {
            // Untargeted services only come back up after a `restart: true` stop.
            for (const ObservedContainer* container : planner::ServiceContainers(observed_, service_name)) {
                if (!options_.no_start && restart_stops_.contains(container->id)) {
                    AddStart(service_name,
                             container->number,
                             container->name,
                             container->id,
                             {restart_stops_.at(container->id)});
                }
            }
            return;
        }
        const ServiceDecision& decision = decisions_.at(service_name);
        for (const ObservedContainer* container : decision.removed) {
            planner::AddStopAndRemove(plan_, *container, "scale down", options_.timeout, {});
        }
        for (const Kept& kept : decision.kept) {
            const ObservedContainer& container = *kept.container;
            if (!kept.recreate_reason.empty()) {
                EmitRecreate(decision, kept);
            } else if (NeedsStart(service_name, container)) {
                std::vector<std::size_t> after;
                if (auto stop = restart_stops_.find(container.id); stop != restart_stops_.end()) {
                    after.push_back(stop->second);
                }
                AddStart(service_name, container.number, container.name, container.id, std::move(after));
            }
        }
        for (int number : decision.new_numbers) {
            Operation create = ContainerCreate(decision, number);
            create.name = planner::ContainerName(project_, decision.name, *decision.config, number);
            const std::string name = create.name;
            FinishContainer(decision, number, name, plan_.Add(std::move(create)));
        }
    }

    bool NeedsStart(const std::string& service_name, const ObservedContainer& container) const {
        if (options_.no_start) {
            return false;
        }
        if (restart_stops_.contains(container.id)) {
            return true;
        }
        if (container.state == "exited") {
            return container.exit_code != 0 || !awaited_completion_.contains(service_name);
        }
        return container.state == "created";
    }

    /// A CreateContainer for `number` of the service, after what it needs to exist: its
    /// networks, volumes and namespace parents. The caller names it.
    Operation ContainerCreate(const ServiceDecision& decision, int number) const {
        Operation create;
        create.kind = OperationKind::kCreateContainer;
        create.service = decision.name;
        create.number = number;
        for (const planner::ResourceRef& network : planner::ServiceNetworks(project_, *decision.config)) {
            AppendIfCreated("network:" + network.key, create.after);
        }
        for (const planner::ResourceRef& volume : planner::ServiceVolumes(project_, *decision.config)) {
            AppendIfCreated("volume:" + volume.key, create.after);
        }
        for (const std::string& parent : planner::NamespaceParents(*decision.config)) {
            if (auto ready = ready_ops_.find(parent); ready != ready_ops_.end()) {
                create.after.insert(create.after.end(), ready->second.begin(), ready->second.end());
            }
        }
        create.after = planner::SortedUnique(std::move(create.after));
        return create;
    }

    void AppendIfCreated(const std::string& resource, std::vector<std::size_t>& after) const {
        if (auto create = resource_creates_.find(resource); create != resource_creates_.end()) {
            after.push_back(create->second);
        }
    }

    /// Create under a temporary name, stop and remove the old one, rename: the new container
    /// exists before the old one is gone, so a failed create leaves the service as it was.
    void EmitRecreate(const ServiceDecision& decision, const Kept& kept) {
        const ObservedContainer& old = *kept.container;
        const std::string final_name = planner::ContainerName(project_, decision.name, *decision.config, old.number);
        Operation create = ContainerCreate(decision, old.number);
        create.name = old.id.substr(0, 12) + "_" + final_name;
        create.replaces = old.id;
        create.renew_anonymous_volumes = options_.renew_anon_volumes;
        create.reason = kept.recreate_reason;
        const std::string temporary_name = create.name;
        const std::size_t created = plan_.Add(std::move(create));
        // Dependents go down only once the replacement exists, to keep their downtime short.
        std::vector<std::size_t> stop_after = StopRestartDependents(decision.name, created);
        stop_after.push_back(created);
        const std::size_t remove =
            planner::AddStopAndRemove(plan_, old, kept.recreate_reason, options_.timeout, std::move(stop_after));
        Operation rename;
        rename.kind = OperationKind::kRenameContainer;
        rename.service = decision.name;
        rename.number = old.number;
        rename.name = temporary_name;
        rename.target = final_name;
        rename.after = {remove};
        FinishContainer(decision, old.number, final_name, plan_.Add(std::move(rename)));
    }

    /// Connects the container (made by `made`) to its other networks and starts it.
    void FinishContainer(const ServiceDecision& decision, int number, const std::string& name, std::size_t made) {
        const std::vector<planner::ResourceRef> networks = planner::ServiceNetworks(project_, *decision.config);
        std::vector<std::size_t> start_after;
        for (std::size_t i = 1; i < networks.size(); ++i) {
            Operation connect;
            connect.kind = OperationKind::kConnectNetwork;
            connect.service = decision.name;
            connect.number = number;
            connect.name = name;
            connect.key = networks[i].key;
            connect.target = networks[i].name;
            connect.after = {made};
            start_after.push_back(plan_.Add(std::move(connect)));
        }
        if (start_after.empty()) {
            start_after.push_back(made);
        }
        std::size_t ready = made;
        if (!options_.no_start) {
            ready = AddStart(decision.name, number, name, "", std::move(start_after));
        }
        ready_ops_[decision.name].push_back(ready);
    }

    std::size_t AddStart(const std::string& service_name,
                         int number,
                         const std::string& name,
                         const std::string& id,
                         std::vector<std::size_t> after) {
        Operation start;
        start.kind = OperationKind::kStartContainer;
        start.service = service_name;
        start.number = number;
        start.name = name;
        start.id_or_name = id;
        for (model::Dependency& dependency : model::DependenciesOf(*project_.Service(service_name))) {
            if (auto starts = start_ops_.find(dependency.service); starts != start_ops_.end()) {
                after.insert(after.end(), starts->second.begin(), starts->second.end());
            }
            if (targets_.contains(dependency.service)) {
                start.wait_for.push_back(std::move(dependency));
            }
        }
        start.after = planner::SortedUnique(std::move(after));
        const std::size_t id_of_start = plan_.Add(std::move(start));
        start_ops_[service_name].push_back(id_of_start);
        return id_of_start;
    }

    /// Stops the running containers of services that depend on `service_name` with
    /// `restart: true`, unless this plan recreates or removes them anyway, after `after` (once
    /// per service); returns the stops.
    std::vector<std::size_t> StopRestartDependents(const std::string& service_name, std::size_t after) {
        if (auto done = dependent_stops_.find(service_name); done != dependent_stops_.end()) {
            return done->second;
        }
        std::vector<std::size_t>& stops = dependent_stops_[service_name];
        for (const std::string& dependent : graph_.DependentsOf(service_name)) {
            if (!RestartsWith(dependent, service_name)) {
                continue;
            }
            auto decision = decisions_.find(dependent);
            for (const ObservedContainer* container : planner::ServiceContainers(observed_, dependent)) {
                const bool goes_anyway = decision != decisions_.end() && GoesAnyway(decision->second, container);
                if (planner::NeedsStop(*container) && !goes_anyway && !restart_stops_.contains(container->id)) {
                    stops.push_back(AddRestartStop(*container, service_name, after));
                }
            }
        }
        return stops;
    }

    /// True when this plan recreates or scales down `container` anyway, which stops it.
    static bool GoesAnyway(const ServiceDecision& decision, const ObservedContainer* container) {
        for (const Kept& kept : decision.kept) {
            if (kept.container == container) {
                return !kept.recreate_reason.empty();
            }
        }
        return std::find(decision.removed.begin(), decision.removed.end(), container) != decision.removed.end();
    }

    bool RestartsWith(const std::string& dependent, const std::string& service_name) const {
        for (const model::Dependency& dependency : model::DependenciesOf(*project_.Service(dependent))) {
            if (dependency.service == service_name && dependency.restart) {
                return true;
            }
        }
        return false;
    }

    std::size_t AddRestartStop(const ObservedContainer& container, const std::string& recreated, std::size_t after) {
        Operation stop;
        stop.kind = OperationKind::kStopContainer;
        stop.service = container.service;
        stop.number = container.number;
        stop.name = container.name;
        stop.id_or_name = container.id;
        stop.timeout = options_.timeout;
        stop.reason = "dependency " + recreated + " recreated";
        stop.after = {after};
        const std::size_t id = plan_.Add(std::move(stop));
        restart_stops_[container.id] = id;
        return id;
    }

    const DesiredState& desired_;
    const model::Project& project_;
    const ObservedState& observed_;
    const UpOptions& options_;
    const graph::ServiceGraph graph_;

    std::set<std::string> named_;    // services named on the command line (or all)
    std::set<std::string> targets_;  // named plus, unless no_deps, their dependencies
    std::set<std::string> awaited_completion_;
    std::map<std::string, ServiceDecision> decisions_;
    std::map<std::string, std::size_t> resource_creates_;
    Plan plan_;
    // Per service: its StartContainer ops, and per container made by this plan the op after
    // which it exists under its final name (and runs, unless no_start).
    std::map<std::string, std::vector<std::size_t>> start_ops_;
    std::map<std::string, std::vector<std::size_t>> ready_ops_;
    std::map<std::string, std::vector<std::size_t>> dependent_stops_;  // by recreated service
    std::map<std::string, std::size_t> restart_stops_;                 // by container ID
};

}  // namespace

Plan PlanUp(const DesiredState& desired, const ObservedState& observed, const UpOptions& options) {
    return UpPlanner(desired, observed, options).Run();
}

}  // namespace compose::reconcile
