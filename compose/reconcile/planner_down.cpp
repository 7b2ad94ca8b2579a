#include <algorithm>
#include <set>

#include "compose/reconcile/labels.hpp"
#include "compose/reconcile/planner.hpp"
#include "compose/reconcile/planner_internal.hpp"

namespace compose::reconcile {

namespace {

/// The services named in a com.docker.compose.depends_on label ("db:service_healthy:false,...").
std::set<std::string> DependenciesFromLabel(const ObservedContainer& container) {
    std::set<std::string> dependencies;
    auto label = container.labels.find(std::string(labels::kDependsOn));
    if (label == container.labels.end()) {
        return dependencies;
    }
    std::string_view rest = label->second;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view entry = rest.substr(0, comma);
        if (std::string_view service = entry.substr(0, entry.find(':')); !service.empty()) {
            dependencies.emplace(service);
        }
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    return dependencies;
}

class DownPlanner final {
  public:
    DownPlanner(const model::Project* project, const ObservedState& observed, const DownOptions& options)
        : project_(project), observed_(observed), options_(options) {}

    Plan Run() {
        SelectContainers();
        std::vector<std::size_t> removes;
        for (const std::string& service : DependentsFirst()) {
            for (const ObservedContainer* container : containers_.at(service)) {
                std::vector<std::size_t> after;
                for (const std::string& dependent : dependents_[service]) {
                    const std::vector<std::size_t>& stops = EffectiveStops(dependent);
                    after.insert(after.end(), stops.begin(), stops.end());
                }
                const std::size_t remove =
                    planner::AddStopAndRemove(plan_, *container, Reason(*container), options_.timeout, after);
                plan_.operations[remove - 1].remove_volumes = options_.volumes;
                if (planner::NeedsStop(*container)) {
                    stops_[service].push_back(remove - 1);  // AddStopAndRemove adds the stop right before
                }
                removes.push_back(remove);
            }
        }
        RemoveResources(OperationKind::kRemoveNetwork, "networks", observed_.networks, removes);
        if (options_.volumes) {
            RemoveResources(OperationKind::kRemoveVolume, "volumes", observed_.volumes, removes);
        }
        return std::move(plan_);
    }

  private:
    bool InProject(const std::string& service) const {
        return project_ != nullptr && project_->Service(service) != nullptr;
    }

    std::string Reason(const ObservedContainer& container) const {
        return project_ != nullptr && !InProject(container.service) ? "orphan" : "";
    }

    /// Which containers go, by service (by number), and which service needs which: from the
    /// project for its services, else from the containers' depends_on labels.
    void SelectContainers() {
        for (const ObservedContainer& container : observed_.containers) {
            if (project_ == nullptr || options_.remove_orphans || InProject(container.service)) {
                containers_[container.service].push_back(&container);
            }
        }
        for (auto& [service, containers] : containers_) {
            std::stable_sort(containers.begin(), containers.end(), [](const auto* a, const auto* b) {
                return a->number < b->number;
            });
            std::set<std::string> dependencies;
            if (InProject(service)) {
                for (const model::Dependency& dependency : model::DependenciesOf(*project_->Service(service))) {
                    dependencies.insert(dependency.service);
                }
            } else {
                for (const ObservedContainer* container : containers) {
                    dependencies.merge(DependenciesFromLabel(*container));
                }
            }
            for (const std::string& dependency : dependencies) {
                if (dependency != service && containers_.contains(dependency)) {
                    dependents_[dependency].insert(service);
                }
            }
        }
    }

    /// Services with the ones nothing (left) depends on first, sorted within each round. A
    /// cycle (possible only in hand-made labels) is broken by appending its services sorted.
    std::vector<std::string> DependentsFirst() const {
        std::map<std::string, std::size_t> pending;
        for (const auto& [service, containers] : containers_) {
            auto dependents = dependents_.find(service);
            pending[service] = dependents == dependents_.end() ? 0 : dependents->second.size();
        }
        std::vector<std::string> order;
        std::set<std::string> done;
        while (order.size() < containers_.size()) {
            std::vector<std::string> round;
            for (const auto& [service, count] : pending) {
                if (count == 0 && !done.contains(service)) {
                    round.push_back(service);
                }
            }
            if (round.empty()) {
                for (const auto& [service, count] : pending) {
                    if (!done.contains(service)) {
                        round.push_back(service);
                    }
                }
            }
            for (const std::string& service : round) {
                done.insert(service);
                order.push_back(service);
                for (const auto& [other, dependents] : dependents_) {
                    if (dependents.contains(service) && pending[other] > 0) {
                        --pending[other];
                    }
                }
            }
        }
        return order;
    }

    /// The stops a dependency's stop must wait for on behalf of `service`: its own, or, when
    /// none of its containers runs, those of its own dependents, so order stays transitive.
    const std::vector<std::size_t>& EffectiveStops(const std::string& service) {
        if (auto known = effective_stops_.find(service); known != effective_stops_.end()) {
            return known->second;
        }
        std::vector<std::size_t> stops = stops_[service];
        if (stops.empty()) {
            effective_stops_[service] = {};  // guards against label cycles
            for (const std::string& dependent : dependents_[service]) {
                const std::vector<std::size_t>& more = EffectiveStops(dependent);
                stops.insert(stops.end(), more.begin(), more.end());
            }
        }
        return effective_stops_[service] = planner::SortedUnique(std::move(stops));
    }

    /// The key of an observed network or volume that belongs to the project (our project
    /// label, or with a project the name of one it declares), "" for others and external ones.
    std::string KeyOf(std::string_view section, const ObservedResource& resource) const {
        auto label = resource.labels.find(std::string(labels::kProject));
        const bool labelled = label != resource.labels.end() && !label->second.empty() &&
                              (project_ == nullptr || label->second == project_->name);
        std::string declared_key;
        bool external = false;
        if (const model::Value* declared = project_ == nullptr ? nullptr : project_->config.Find(section);
            declared != nullptr && declared->IsMap()) {
            for (const auto& [key, definition] : declared->AsMap()) {
                if (planner::ResourceName(*project_, section, key) == resource.name) {
                    declared_key = key;
                    external = planner::IsExternal(*project_, section, key);
                }
            }
        }
        if (external || (!labelled && declared_key.empty())) {
            return "";
        }
        if (!resource.key.empty()) {
            return resource.key;
        }
        return declared_key.empty() ? resource.name : declared_key;
    }

    void RemoveResources(OperationKind kind,
                         std::string_view section,
                         const std::map<std::string, ObservedResource>& resources,
                         const std::vector<std::size_t>& after) {
        std::vector<std::pair<std::string, const ObservedResource*>> owned;
        for (const auto& [name, resource] : resources) {
            if (std::string key = KeyOf(section, resource); !key.empty()) {
                owned.emplace_back(std::move(key), &resource);
            }
        }
        std::stable_sort(owned.begin(), owned.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [key, resource] : owned) {
            Operation remove;
            remove.kind = kind;
            remove.key = key;
            remove.name = resource->name;
            remove.id_or_name = resource->id;
            remove.after = planner::SortedUnique(after);
            plan_.Add(std::move(remove));
        }
    }

    const model::Project* project_;
    const ObservedState& observed_;
    const DownOptions& options_;

    std::map<std::string, std::vector<const ObservedContainer*>> containers_;  // by service
    std::map<std::string, std::set<std::string>> dependents_;                  // who needs a service
    std::map<std::string, std::vector<std::size_t>> stops_;                    // StopContainer ops by service
    std::map<std::string, std::vector<std::size_t>> effective_stops_;
    Plan plan_;
};

}  // namespace

Plan PlanDown(const model::Project* project, const ObservedState& observed, const DownOptions& options) {
    return DownPlanner(project, observed, options).Run();
}

}  // namespace compose::reconcile
