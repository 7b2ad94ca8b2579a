#include "compose/reconcile/planner_internal.hpp"

#include <algorithm>
#include <cstdint>
#include <set>

namespace compose::reconcile::planner {

namespace {

const model::Value* Definition(const model::Project& project, std::string_view section, std::string_view key) {
    const model::Value* resources = project.config.Find(section);
    return resources == nullptr ? nullptr : resources->Find(key);
}

std::int64_t NetworkPriority(const model::Value& settings) {
    const model::Value* priority = settings.Find("priority");
    return priority != nullptr && priority->IsInt() ? priority->AsInt() : 0;
}

}  // namespace

std::string ResourceName(const model::Project& project, std::string_view section, std::string_view key) {
    const model::Value* definition = Definition(project, section, key);
    if (definition != nullptr) {
        if (const model::Value* name = definition->Find("name"); name != nullptr && name->IsString()) {
            return name->AsString();
        }
    }
    return project.name + "_" + std::string(key);
}

bool IsExternal(const model::Project& project, std::string_view section, std::string_view key) {
    const model::Value* definition = Definition(project, section, key);
    if (definition == nullptr) {
        return false;
    }
    const model::Value* external = definition->Find("external");
    return external != nullptr && external->IsBool() && external->AsBool();
}

std::vector<ResourceRef> ServiceNetworks(const model::Project& project, const model::Value& service) {
    struct Entry {
        std::int64_t priority;
        std::string key;
    };
    std::vector<Entry> entries;
    if (const model::Value* networks = service.Find("networks"); networks != nullptr && networks->IsMap()) {
        for (const auto& [key, settings] : networks->AsMap()) {
            entries.push_back({NetworkPriority(settings), key});
        }
    }
    // The map is already sorted by key, so a stable sort on priority alone gives the order.
    std::stable_sort(
        entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.priority > b.priority; });
    std::vector<ResourceRef> refs;
    for (const Entry& entry : entries) {
        refs.push_back({entry.key, ResourceName(project, "networks", entry.key)});
    }
    return refs;
}

std::vector<ResourceRef> ServiceVolumes(const model::Project& project, const model::Value& service) {
    std::set<std::string> keys;
    if (const model::Value* volumes = service.Find("volumes"); volumes != nullptr && volumes->IsSeq()) {
        for (const model::Value& mount : volumes->AsSeq()) {
            const model::Value* type = mount.Find("type");
            const model::Value* source = mount.Find("source");
            if (type != nullptr && type->IsString() && type->AsString() == "volume" && source != nullptr &&
                source->IsString() && !source->AsString().empty()) {
                keys.insert(source->AsString());
            }
        }
    }
    std::vector<ResourceRef> refs;
    for (const std::string& key : keys) {
        refs.push_back({key, ResourceName(project, "volumes", key)});
    }
    return refs;
}

std::vector<std::string> NamespaceParents(const model::Value& service) {
    constexpr std::string_view kPrefix = "service:";
    std::set<std::string> parents;
    for (std::string_view field : {"network_mode", "ipc", "pid", "uts"}) {
        const model::Value* value = service.Find(field);
        if (value != nullptr && value->IsString() && value->AsString().starts_with(kPrefix)) {
            parents.insert(value->AsString().substr(kPrefix.size()));
        }
    }
    return {parents.begin(), parents.end()};
}

std::string ContainerName(const model::Project& project,
                          const std::string& service_name,
                          const model::Value& service,
                          int number) {
    if (const model::Value* name = service.Find("container_name"); name != nullptr && name->IsString()) {
        return name->AsString();
    }
    return project.name + "-" + service_name + "-" + std::to_string(number);
}

bool NeedsStop(const ObservedContainer& container) {
    return container.state == "running" || container.state == "restarting" || container.state == "paused";
}

std::vector<const ObservedContainer*> ServiceContainers(const ObservedState& observed, std::string_view service) {
    std::vector<const ObservedContainer*> containers;
    for (const ObservedContainer& container : observed.containers) {
        if (!container.oneoff && container.service == service) {
            containers.push_back(&container);
        }
    }
    std::stable_sort(
        containers.begin(), containers.end(), [](const auto* a, const auto* b) { return a->number < b->number; });
    return containers;
}

std::size_t AddStopAndRemove(Plan& plan,
                             const ObservedContainer& container,
                             const std::string& reason,
                             int timeout,
                             std::vector<std::size_t> stop_after) {
    Operation remove;
    if (NeedsStop(container)) {
        Operation stop;
        stop.kind = OperationKind::kStopContainer;
        stop.service = container.service;
        stop.number = container.number;
        stop.name = container.name;
        stop.id_or_name = container.id;
        stop.timeout = timeout;
        stop.reason = reason;
        stop.after = SortedUnique(std::move(stop_after));
        remove.after = {plan.Add(std::move(stop))};
    } else {
        // Nothing to stop, so whatever had to precede the stop precedes the remove.
        remove.after = SortedUnique(std::move(stop_after));
    }
    remove.kind = OperationKind::kRemoveContainer;
    remove.service = container.service;
    remove.number = container.number;
    remove.name = container.name;
    remove.id_or_name = container.id;
    remove.reason = reason;
    return plan.Add(std::move(remove));
}

std::vector<std::size_t> SortedUnique(std::vector<std::size_t> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

}  // namespace compose::reconcile::planner
