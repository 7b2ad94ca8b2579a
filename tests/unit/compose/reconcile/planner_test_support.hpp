#pragma once

// Helpers for the planner golden tests: a project "demo" from inline YAML, and observed
// containers, networks and volumes that match (or deliberately do not match) it.

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compose/loader/project_loader.hpp"
#include "compose/model/config_hash.hpp"
#include "compose/reconcile/labels.hpp"
#include "compose/reconcile/planner.hpp"
#include "compose/reconcile/planner_internal.hpp"
#include "compose/reconcile/resource_specs.hpp"

namespace compose::reconcile::testing {

/// Project "demo" loaded from `yaml` as if given with `-f -`.
inline model::Project LoadDemo(const std::string& yaml) {
    loader::LoadOptions options;
    options.files = {"-"};
    options.project_name = "demo";
    options.working_directory = std::string(BERTH_SOURCE_DIR) + "/tests/unit/compose/reconcile";
    options.read_stdin = [yaml] { return yaml; };
    loader::Warnings warnings;
    return loader::LoadProject(options, warnings);
}

/// The image ID every test service resolves to ("sha256:img-<service>").
inline std::string ImageOf(const std::string& service) {
    return "sha256:img-" + service;
}

/// The desired state of `yaml` with an image for every service.
inline DesiredState Desired(const std::string& yaml) {
    DesiredState desired{LoadDemo(yaml), {}};
    for (const std::string& service : desired.project.ServiceNames()) {
        desired.image_ids[service] = ImageOf(service);
    }
    return desired;
}

/// A running container `number` of `service` exactly as up would have made it: same hash,
/// image, networks and volumes, and the usual labels. ID "<service><number>" padded to 16.
inline ObservedContainer UpToDate(const DesiredState& desired, const std::string& service, int number) {
    const model::Project& project = desired.project;
    const model::Value& config = *project.Service(service);
    ObservedContainer container;
    container.id = service + std::to_string(number);
    container.id.resize(16, '0');
    container.name = planner::ContainerName(project, service, config, number);
    container.service = service;
    container.number = number;
    container.state = "running";
    container.config_hash = model::ServiceConfigHash(config);
    container.image_id = desired.image_ids.at(service);
    for (const planner::ResourceRef& network : planner::ServiceNetworks(project, config)) {
        container.networks.insert(network.name);
    }
    for (const planner::ResourceRef& volume : planner::ServiceVolumes(project, config)) {
        container.volumes.insert(volume.name);
    }
    std::string depends_on;
    for (const model::Dependency& dependency : model::DependenciesOf(config)) {
        depends_on += (depends_on.empty() ? "" : ",") + dependency.service + ":" + dependency.condition + ":" +
                      (dependency.restart ? "true" : "false");
    }
    container.labels = {{std::string(labels::kProject), project.name},
                        {std::string(labels::kService), service},
                        {std::string(labels::kContainerNumber), std::to_string(number)},
                        {std::string(labels::kOneoff), "False"},
                        {std::string(labels::kConfigHash), container.config_hash},
                        {std::string(labels::kDependsOn), depends_on}};
    return container;
}

/// A container of a service the project does not (or no longer) declare(s).
inline ObservedContainer Foreign(const std::string& service, int number, const std::string& state = "running") {
    ObservedContainer container;
    container.id = service + std::to_string(number);
    container.id.resize(16, '0');
    container.name = "demo-" + service + "-" + std::to_string(number);
    container.service = service;
    container.number = number;
    container.state = state;
    container.config_hash = "old";
    container.image_id = "sha256:old";
    container.labels = {{std::string(labels::kProject), "demo"}, {std::string(labels::kService), service}};
    return container;
}

/// A network or volume of the project as up made it from `config.<section>.<key>`.
inline ObservedResource Owned(const model::Project& project, const std::string& section, const std::string& key) {
    ObservedResource resource;
    resource.name = planner::ResourceName(project, section, key);
    resource.id = section == "networks" ? "net-" + key + "-0123456789" : resource.name;
    resource.key = key;
    resource.config_hash = ResourceConfigHash(*project.config.Find(section)->Find(key));
    const std::string_view key_label = section == "networks" ? labels::kNetwork : labels::kVolume;
    resource.labels = {{std::string(labels::kProject), project.name},
                       {std::string(key_label), key},
                       {std::string(labels::kConfigHash), resource.config_hash}};
    return resource;
}

/// Everything `desired` declares, up to date: networks, volumes and `scale` running
/// containers per service (external resources too, as plain unlabelled objects).
inline ObservedState AllUp(const DesiredState& desired) {
    const model::Project& project = desired.project;
    ObservedState observed;
    for (const char* section : {"networks", "volumes"}) {
        const model::Value* resources = project.config.Find(section);
        for (const auto& [key, definition] : resources == nullptr ? model::Value::Map{} : resources->AsMap()) {
            ObservedResource resource = Owned(project, section, key);
            if (planner::IsExternal(project, section, key)) {
                resource.key.clear();
                resource.config_hash.clear();
                resource.labels.clear();
            }
            (std::string_view(section) == "networks" ? observed.networks : observed.volumes)[resource.name] = resource;
        }
    }
    for (const auto& [service, config] : project.Services()) {
        const model::Value* scale = config.Find("scale");
        const int count = scale != nullptr && scale->IsInt() ? static_cast<int>(scale->AsInt()) : 1;
        for (int number = 1; number <= count; ++number) {
            observed.containers.push_back(UpToDate(desired, service, number));
        }
    }
    return observed;
}

/// The container of `service` number `number` in `observed`; throws when absent.
inline ObservedContainer& ContainerOf(ObservedState& observed, const std::string& service, int number) {
    for (ObservedContainer& container : observed.containers) {
        if (container.service == service && container.number == number && !container.oneoff) {
            return container;
        }
    }
    throw std::runtime_error("test setup: no container " + service + "-" + std::to_string(number));
}

/// The text of the PlanError `plan` throws ("no error" when none).
template <typename PlanFunction>
std::string PlanErrorOf(PlanFunction plan) {
    try {
        plan();
    } catch (const PlanError& error) {
        return error.what();
    }
    return "no error";
}

/// Every operation's `after` IDs are smaller than its own, sorted and unique.
inline void ExpectTopological(const Plan& plan) {
    for (const Operation& op : plan.operations) {
        for (std::size_t i = 0; i < op.after.size(); ++i) {
            EXPECT_LT(op.after[i], op.id) << "#" << op.id << " waits for a later operation";
            if (i > 0) {
                EXPECT_LT(op.after[i - 1], op.after[i]) << "#" << op.id << " after list not sorted/unique";
            }
        }
    }
}

}  // namespace compose::reconcile::testing
