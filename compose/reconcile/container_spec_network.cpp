// Which network a container is created on, and its endpoint there. The create body carries
// one endpoint (API 1.41 takes only one); the executor connects the rest with
// NetworkConnectBody.

#include <algorithm>

#include "compose/reconcile/container_spec_internal.hpp"

namespace compose::reconcile::container_spec {
namespace {

using model::Value;

constexpr std::string_view kServicePrefix = "service:";

}  // namespace

std::vector<std::string> OrderedNetworks(const Value& service) {
    struct Ranked final {
        std::int64_t priority;
        std::string key;
    };
    std::vector<Ranked> ranked;
    if (const Value* networks = service.Find("networks"); networks != nullptr && networks->IsMap()) {
        for (const auto& [key, settings] : networks->AsMap()) {
            ranked.push_back({Integer(At(settings, {"priority"})).value_or(0), key});
        }
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        return a.priority != b.priority ? a.priority > b.priority : a.key < b.key;
    });
    std::vector<std::string> keys;
    keys.reserve(ranked.size());
    for (Ranked& entry : ranked) {
        keys.push_back(std::move(entry.key));
    }
    return keys;
}

std::string FirstContainerName(const model::Project& project, const std::string& service) {
    const Value* definition = project.Service(service);
    if (definition != nullptr) {
        if (std::optional<std::string> name = Text(definition->Find("container_name")); name && !name->empty()) {
            return *name;
        }
    }
    return project.name + "-" + service + "-1";
}

std::string ResolveServiceReference(const model::Project& project, const std::string& mode) {
    if (!mode.starts_with(kServicePrefix)) {
        return mode;
    }
    return "container:" + FirstContainerName(project, mode.substr(kServicePrefix.size()));
}

std::string NetworkEngineName(const model::Project& project, const std::string& key) {
    if (std::optional<std::string> name = Text(At(project.config, {"networks", key, "name"})); name) {
        return *name;
    }
    return project.name + "_" + key;
}

std::string NetworkMode(const ServiceView& view) {
    if (std::optional<std::string> mode = Text(view.Find("network_mode")); mode) {
        return ResolveServiceReference(view.project, *mode);
    }
    const std::vector<std::string> networks = OrderedNetworks(view.service);
    return networks.empty() ? "" : NetworkEngineName(view.project, networks.front());
}

nlohmann::json EndpointConfig(const ServiceView& view, const std::string& key) {
    nlohmann::json aliases = nlohmann::json::array({view.name});
    const Value* settings = At(view.service, {"networks", key});
    if (settings == nullptr) {
        return {{"Aliases", aliases}};
    }
    if (nlohmann::json extra = StringList(settings->Find("aliases")); extra.is_array()) {
        aliases.insert(aliases.end(), extra.begin(), extra.end());
    }
    nlohmann::json endpoint = {{"Aliases", aliases}};
    nlohmann::json ipam = nlohmann::json::object();
    for (const auto& [field, name] :
         {std::pair{"ipv4_address", "IPv4Address"}, std::pair{"ipv6_address", "IPv6Address"}}) {
        if (std::optional<std::string> address = Text(settings->Find(field)); address) {
            ipam[name] = *address;
        }
    }
    if (nlohmann::json link_local = StringList(settings->Find("link_local_ips")); !link_local.is_null()) {
        ipam["LinkLocalIPs"] = std::move(link_local);
    }
    if (!ipam.empty()) {
        endpoint["IPAMConfig"] = std::move(ipam);
    }
    if (std::optional<std::string> mac = Text(settings->Find("mac_address")); mac) {
        endpoint["MacAddress"] = *mac;
    }
    if (nlohmann::json options = StringMap(settings->Find("driver_opts")); !options.is_null()) {
        endpoint["DriverOpts"] = std::move(options);
    }
    return endpoint;
}

nlohmann::json NetworkingConfig(const ServiceView& view) {
    if (view.Find("network_mode") != nullptr) {
        return nullptr;
    }
    const std::vector<std::string> networks = OrderedNetworks(view.service);
    if (networks.empty()) {
        return nullptr;
    }
    const std::string& first = networks.front();
    return {{"EndpointsConfig", {{NetworkEngineName(view.project, first), EndpointConfig(view, first)}}}};
}

}  // namespace compose::reconcile::container_spec
