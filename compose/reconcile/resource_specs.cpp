#include "compose/reconcile/resource_specs.hpp"

#include <algorithm>
#include <stdexcept>

#include "compose/model/config_hash.hpp"
#include "compose/reconcile/container_spec_internal.hpp"
#include "compose/reconcile/labels.hpp"

namespace compose::reconcile {
namespace {

using model::Value;
namespace spec = container_spec;

const Value& ServiceOf(const DesiredState& desired, const std::string& service) {
    const Value* definition = desired.project.Service(service);
    if (definition == nullptr || !definition->IsMap()) {
        throw std::invalid_argument("service " + service + " is not in project " + desired.project.name);
    }
    return *definition;
}

// config.networks.<key> / config.volumes.<key>, which a create operation must name.
const Value& ResourceOf(const DesiredState& desired, std::string_view section, const std::string& key) {
    const Value* definition = spec::At(desired.project.config, {section, key});
    if (definition == nullptr || !definition->IsMap()) {
        throw std::invalid_argument(std::string(section) + "." + key + " is not declared in project " +
                                    desired.project.name);
    }
    return *definition;
}

std::string Join(const std::vector<std::string>& parts) {
    std::string joined;
    for (const std::string& part : parts) {
        joined += (joined.empty() ? "" : ",") + part;
    }
    return joined;
}

// The definition's own labels plus the ones that tie the resource to its project and key.
nlohmann::json ResourceLabels(const DesiredState& desired,
                              const Value& definition,
                              std::string_view key_label,
                              const std::string& key) {
    nlohmann::json labels = spec::StringMap(definition.Find("labels"));
    if (labels.is_null()) {
        labels = nlohmann::json::object();
    }
    labels[std::string(labels::kProject)] = desired.project.name;
    labels[std::string(key_label)] = key;
    labels[std::string(labels::kVersion)] = std::string(labels::kComposeVersion);
    labels[std::string(labels::kConfigHash)] = ResourceConfigHash(definition);
    return labels;
}

nlohmann::json ObjectOrEmpty(nlohmann::json value) {
    if (value.is_null()) {
        return nlohmann::json::object();
    }
    return value;
}

nlohmann::json IpamConfig(const Value* ipam) {
    nlohmann::json configs = nlohmann::json::array();
    const Value* entries = ipam == nullptr ? nullptr : ipam->Find("config");
    if (entries == nullptr || !entries->IsSeq()) {
        return configs;
    }
    for (const Value& entry : entries->AsSeq()) {
        nlohmann::json config = nlohmann::json::object();
        for (const auto& [key, field] :
             {std::pair{"subnet", "Subnet"}, std::pair{"ip_range", "IPRange"}, std::pair{"gateway", "Gateway"}}) {
            if (std::optional<std::string> text = spec::Text(entry.Find(key)); text) {
                config[field] = *text;
            }
        }
        if (nlohmann::json aux = spec::StringMap(entry.Find("aux_addresses")); !aux.is_null()) {
            config["AuxiliaryAddresses"] = std::move(aux);
        }
        configs.push_back(std::move(config));
    }
    return configs;
}

}  // namespace

ProjectSpecs::ProjectSpecs(const DesiredState& desired) : desired_(desired) {}

nlohmann::json ProjectSpecs::ContainerCreateBody(const Operation& operation, const nlohmann::json& replaced) const {
    const spec::ServiceView view{desired_.project, operation.service, ServiceOf(desired_, operation.service)};
    std::map<std::string, std::string> labels =
        ContainerLabels(desired_, operation.service, operation.number, operation.number == 0);
    if (!operation.replaces.empty()) {
        labels[std::string(labels::kReplace)] = operation.replaces;
    }
    nlohmann::json body = spec::ContainerConfig(view, nlohmann::json(labels));
    body["HostConfig"] = spec::HostConfig(view, replaced);
    if (nlohmann::json networking = spec::NetworkingConfig(view); !networking.is_null()) {
        body["NetworkingConfig"] = std::move(networking);
    }
    return body;
}

nlohmann::json ProjectSpecs::NetworkConnectBody(const Operation& operation,
                                                const std::string& container_id,
                                                const std::string& network_name) const {
    const spec::ServiceView view{desired_.project, operation.service, ServiceOf(desired_, operation.service)};
    for (const std::string& key : spec::OrderedNetworks(view.service)) {
        if (spec::NetworkEngineName(desired_.project, key) == network_name) {
            return {{"Container", container_id}, {"EndpointConfig", spec::EndpointConfig(view, key)}};
        }
    }
    throw std::invalid_argument("connect service " + operation.service + " to network " + network_name +
                                ": the service is not attached to that network");
}

nlohmann::json ProjectSpecs::NetworkCreateBody(const Operation& operation) const {
    const Value& network = ResourceOf(desired_, "networks", operation.key);
    const Value* ipam = network.Find("ipam");
    return {
        {"Name", spec::NetworkEngineName(desired_.project, operation.key)},
        {"CheckDuplicate", true},
        {"Driver", spec::Text(network.Find("driver")).value_or("bridge")},
        {"Options", ObjectOrEmpty(spec::StringMap(network.Find("driver_opts")))},
        {"IPAM",
         {{"Driver", spec::Text(ipam == nullptr ? nullptr : ipam->Find("driver")).value_or("default")},
          {"Config", IpamConfig(ipam)},
          {"Options", ObjectOrEmpty(spec::StringMap(ipam == nullptr ? nullptr : ipam->Find("options")))}}},
        {"Internal", spec::Bool(network.Find("internal")).value_or(false)},
        {"Attachable", spec::Bool(network.Find("attachable")).value_or(false)},
        {"EnableIPv6", spec::Bool(network.Find("enable_ipv6")).value_or(false)},
        {"Labels", ResourceLabels(desired_, network, labels::kNetwork, operation.key)},
    };
}

nlohmann::json ProjectSpecs::VolumeCreateBody(const Operation& operation) const {
    const Value& volume = ResourceOf(desired_, "volumes", operation.key);
    std::string name = spec::Text(volume.Find("name")).value_or(desired_.project.name + "_" + operation.key);
    return {
        {"Name", std::move(name)},
        {"Driver", spec::Text(volume.Find("driver")).value_or("local")},
        {"DriverOpts", ObjectOrEmpty(spec::StringMap(volume.Find("driver_opts")))},
        {"Labels", ResourceLabels(desired_, volume, labels::kVolume, operation.key)},
    };
}

std::map<std::string, std::string> ContainerLabels(const DesiredState& desired,
                                                   const std::string& service,
                                                   int number,
                                                   bool oneoff) {
    const Value& definition = ServiceOf(desired, service);
    std::map<std::string, std::string> labels;
    if (nlohmann::json own = spec::StringMap(definition.Find("labels")); own.is_object()) {
        for (const auto& [key, value] : own.items()) {
            labels[key] = value.get<std::string>();
        }
    }
    const model::Project& project = desired.project;
    labels[std::string(labels::kProject)] = project.name;
    labels[std::string(labels::kService)] = service;
    // Docker Compose writes no number on one-off containers (run passes none).
    if (number > 0) {
        labels[std::string(labels::kContainerNumber)] = std::to_string(number);
    }
    labels[std::string(labels::kOneoff)] = oneoff ? "True" : "False";
    labels[std::string(labels::kConfigHash)] = model::ServiceConfigHash(definition);
    std::vector<std::string> dependencies;
    for (const model::Dependency& dependency : model::DependenciesOf(definition)) {
        dependencies.push_back(dependency.service + ":" + dependency.condition + ":" +
                               (dependency.restart ? "true" : "false"));
    }
    std::sort(dependencies.begin(), dependencies.end());
    labels[std::string(labels::kDependsOn)] = Join(dependencies);
    if (auto image = desired.image_ids.find(service); image != desired.image_ids.end()) {
        labels[std::string(labels::kImage)] = image->second;
    }
    labels[std::string(labels::kWorkingDir)] = project.working_dir;
    labels[std::string(labels::kConfigFiles)] = Join(project.config_files);
    // Like Docker Compose, only when some environment file was read.
    if (!project.env_files.empty()) {
        labels[std::string(labels::kEnvironmentFile)] = Join(project.env_files);
    }
    labels[std::string(labels::kVersion)] = std::string(labels::kComposeVersion);
    return labels;
}

std::string ResourceConfigHash(const model::Value& definition) {
    return model::CanonicalHash(definition);
}

}  // namespace compose::reconcile
