#include <set>

#include "compose/reconcile/labels.hpp"
#include "compose/reconcile/planner_internal.hpp"
#include "compose/reconcile/resource_specs.hpp"

namespace compose::reconcile::planner {

namespace {

/// One kind of top-level resource: the `config` section and the words messages use.
struct ResourceKind final {
    std::string_view section;  // "networks" / "volumes"
    std::string_view noun;     // "network" / "volume"
    OperationKind create;
    const std::map<std::string, ObservedResource>& observed;
};

bool IsOurs(const ObservedResource& resource, const model::Project& project) {
    auto label = resource.labels.find(std::string(labels::kProject));
    return label != resource.labels.end() && label->second == project.name && !resource.config_hash.empty();
}

std::string Recreating(const ResourceKind& kind) {
    // Recreating a volume loses its data, so say which flag that takes.
    return kind.create == OperationKind::kCreateVolume
               ? "run \"berth compose down -v\" then \"berth compose up\" to recreate it (its data is lost)"
               : "run \"berth compose down\" then \"berth compose up\" to recreate it";
}

/// Plans one used resource; returns the create ID or 0 when nothing is created.
std::size_t PlanResource(Plan& plan,
                         const model::Project& project,
                         const ResourceKind& kind,
                         const std::string& key,
                         const std::vector<std::size_t>& after) {
    const std::string name = ResourceName(project, kind.section, key);
    auto observed = kind.observed.find(name);
    if (IsExternal(project, kind.section, key)) {
        if (observed == kind.observed.end()) {
            throw PlanError(std::string(kind.noun) + " \"" + name + "\" declared as external, but could not be found");
        }
        return 0;
    }
    if (observed == kind.observed.end()) {
        Operation create;
        create.kind = kind.create;
        create.key = key;
        create.name = name;
        create.after = after;
        return plan.Add(std::move(create));
    }
    if (!IsOurs(observed->second, project)) {
        plan.warnings.push_back(std::string(kind.noun) + " " + name +
                                " exists but was not created by Compose for this project; it is used as is "
                                "(declare it \"external: true\" if that is intended)");
        return 0;
    }
    const model::Value* section = project.config.Find(kind.section);
    const model::Value* definition = section == nullptr ? nullptr : section->Find(key);
    const std::string hash = ResourceConfigHash(definition != nullptr ? *definition : model::Value::MakeMap());
    if (observed->second.config_hash != hash) {
        plan.warnings.push_back(std::string(kind.noun) + " " + name + " exists but its configuration changed; " +
                                Recreating(kind));
    }
    return 0;
}

/// Networks of the project that the file no longer declares: up leaves them, down removes them.
void WarnAboutGoneNetworks(Plan& plan, const model::Project& project, const ObservedState& observed) {
    std::set<std::string> declared;
    if (const model::Value* networks = project.config.Find("networks"); networks != nullptr && networks->IsMap()) {
        for (const auto& [key, definition] : networks->AsMap()) {
            declared.insert(ResourceName(project, "networks", key));
        }
    }
    for (const auto& [name, network] : observed.networks) {
        auto label = network.labels.find(std::string(labels::kProject));
        if (label != network.labels.end() && label->second == project.name && !declared.contains(name)) {
            plan.warnings.push_back("network " + name +
                                    " is no longer in the compose file; \"berth compose down\" removes it");
        }
    }
}

}  // namespace

void CheckImages(const DesiredState& desired, const std::vector<std::string>& targets) {
    for (const std::string& service_name : targets) {
        if (desired.image_ids.contains(service_name)) {
            continue;
        }
        std::string image = desired.project.name + "-" + service_name;
        const model::Value* service = desired.project.Service(service_name);
        if (const model::Value* ref = service == nullptr ? nullptr : service->Find("image");
            ref != nullptr && ref->IsString()) {
            image = ref->AsString();
        }
        throw PlanError("service " + service_name + ": image " + image + " not found; build or load it first");
    }
}

std::vector<std::size_t> PlanOrphans(Plan& plan,
                                     const model::Project& project,
                                     const ObservedState& observed,
                                     const UpOptions& options) {
    std::vector<const ObservedContainer*> orphans;
    for (const ObservedContainer& container : observed.containers) {
        const bool finished = container.state == "exited" || container.state == "dead";
        if (project.Service(container.service) == nullptr && (!container.oneoff || finished)) {
            orphans.push_back(&container);
        }
    }
    std::vector<std::size_t> removes;
    if (orphans.empty()) {
        return removes;
    }
    if (!options.remove_orphans) {
        std::string names;
        for (const ObservedContainer* orphan : orphans) {
            names += (names.empty() ? "" : " ") + orphan->name;
        }
        plan.warnings.push_back("Found orphan containers ([" + names +
                                "]) for this project. If you removed or renamed this service in your compose file, "
                                "you can run this command with the --remove-orphans flag to clean it up.");
        return removes;
    }
    for (const ObservedContainer* orphan : orphans) {
        removes.push_back(AddStopAndRemove(plan, *orphan, "orphan", options.timeout, {}));
    }
    return removes;
}

std::map<std::string, std::size_t> PlanResources(Plan& plan,
                                                 const model::Project& project,
                                                 const ObservedState& observed,
                                                 const std::vector<std::string>& targets,
                                                 const std::vector<std::size_t>& after) {
    std::set<std::string> network_keys;
    std::set<std::string> volume_keys;
    for (const std::string& service_name : targets) {
        const model::Value& service = *project.Service(service_name);
        for (const ResourceRef& network : ServiceNetworks(project, service)) {
            network_keys.insert(network.key);
        }
        for (const ResourceRef& volume : ServiceVolumes(project, service)) {
            volume_keys.insert(volume.key);
        }
    }
    std::map<std::string, std::size_t> creates;
    const ResourceKind networks{"networks", "network", OperationKind::kCreateNetwork, observed.networks};
    for (const std::string& key : network_keys) {
        if (std::size_t id = PlanResource(plan, project, networks, key, after); id != 0) {
            creates["network:" + key] = id;
        }
    }
    const ResourceKind volumes{"volumes", "volume", OperationKind::kCreateVolume, observed.volumes};
    for (const std::string& key : volume_keys) {
        if (std::size_t id = PlanResource(plan, project, volumes, key, after); id != 0) {
            creates["volume:" + key] = id;
        }
    }
    WarnAboutGoneNetworks(plan, project, observed);
    return creates;
}

}  // namespace compose::reconcile::planner
