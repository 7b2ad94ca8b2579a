#include "engine/api/network_json.hpp"

#include "engine/api/container_time.hpp"

namespace engine::api {
namespace {

using Json = nlohmann::ordered_json;

Json StringMapJson(const StringMap& map) {
    return map ? Json(*map) : Json(nullptr);
}

Json IpamJson(const Ipam& ipam) {
    Json config = nullptr;
    if (ipam.config) {
        config = Json::array();
        for (const IpamConfig& entry : *ipam.config) {
            config.push_back(IpamConfigJson(entry));
        }
    }
    return Json{{"Driver", ipam.driver}, {"Options", StringMapJson(ipam.options)}, {"Config", std::move(config)}};
}

Json ContainersJson(const NetworkView& network, bool include_containers) {
    Json containers = Json::object();
    if (!include_containers) {
        return containers;
    }
    for (const auto& [id, endpoint] : network.containers) {
        containers[id] = Json{{"Name", endpoint.name},
                              {"EndpointID", endpoint.endpoint_id},
                              {"MacAddress", endpoint.mac_address},
                              {"IPv4Address", endpoint.ipv4_address},
                              {"IPv6Address", endpoint.ipv6_address}};
    }
    return containers;
}

}  // namespace

Json IpamConfigJson(const IpamConfig& config) {
    Json entry = Json::object();
    if (!config.subnet.empty()) {
        entry["Subnet"] = config.subnet;
    }
    if (!config.ip_range.empty()) {
        entry["IPRange"] = config.ip_range;
    }
    if (!config.gateway.empty()) {
        entry["Gateway"] = config.gateway;
    }
    if (config.aux_addresses && !config.aux_addresses->empty()) {
        entry["AuxiliaryAddresses"] = *config.aux_addresses;
    }
    return entry;
}

Json NetworkJson(const NetworkView& network, bool include_containers) {
    return Json{
        {"Name", network.name},
        {"Id", network.id},
        {"Created", FormatGoTime(network.created)},
        {"Scope", network.scope},
        {"Driver", network.driver},
        {"EnableIPv6", network.enable_ipv6},
        {"IPAM", IpamJson(network.ipam)},
        {"Internal", network.internal},
        {"Attachable", network.attachable},
        {"Ingress", network.ingress},
        {"ConfigFrom", Json{{"Network", ""}}},
        {"ConfigOnly", false},
        {"Containers", ContainersJson(network, include_containers)},
        {"Options", network.options},
        {"Labels", network.labels},
    };
}

Json NetworkListJson(std::span<const NetworkView* const> networks) {
    Json list = Json::array();
    for (const NetworkView* network : networks) {
        list.push_back(NetworkJson(*network, false));
    }
    return list;
}

}  // namespace engine::api
