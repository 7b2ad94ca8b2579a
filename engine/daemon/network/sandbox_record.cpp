#include "engine/daemon/network/sandbox_record.hpp"

#include "engine/base/error.hpp"

namespace engine::daemon {
namespace {

using nlohmann::json;

json EndpointToJson(const EndpointRecord& endpoint) {
    return {{"network_id", endpoint.network_id},
            {"network_name", endpoint.network_name},
            {"endpoint_id", endpoint.endpoint_id},
            {"interface_name", endpoint.interface_name},
            {"host_interface", endpoint.host_interface},
            {"ipv4", endpoint.ipv4},
            {"ipv4_prefix", endpoint.ipv4_prefix},
            {"gateway", endpoint.gateway},
            {"ipv6", endpoint.ipv6},
            {"ipv6_prefix", endpoint.ipv6_prefix},
            {"ipv6_gateway", endpoint.ipv6_gateway},
            {"mac", endpoint.mac},
            {"requested_ipv4", endpoint.requested_ipv4},
            {"requested_ipv6", endpoint.requested_ipv6},
            {"aliases", endpoint.aliases},
            {"dns_names", endpoint.dns_names}};
}

EndpointRecord EndpointFromJson(const json& in) {
    EndpointRecord endpoint;
    endpoint.network_id = in.at("network_id").get<std::string>();
    endpoint.network_name = in.value("network_name", "");
    endpoint.endpoint_id = in.value("endpoint_id", "");
    endpoint.interface_name = in.value("interface_name", "");
    endpoint.host_interface = in.value("host_interface", "");
    endpoint.ipv4 = in.value("ipv4", "");
    endpoint.ipv4_prefix = in.value("ipv4_prefix", 0);
    endpoint.gateway = in.value("gateway", "");
    endpoint.ipv6 = in.value("ipv6", "");
    endpoint.ipv6_prefix = in.value("ipv6_prefix", 0);
    endpoint.ipv6_gateway = in.value("ipv6_gateway", "");
    endpoint.mac = in.value("mac", "");
    endpoint.requested_ipv4 = in.value("requested_ipv4", "");
    endpoint.requested_ipv6 = in.value("requested_ipv6", "");
    endpoint.aliases = in.value("aliases", std::vector<std::string>{});
    endpoint.dns_names = in.value("dns_names", std::vector<std::string>{});
    return endpoint;
}

}  // namespace

json SandboxRecordToJson(const SandboxRecord& record) {
    json endpoints = json::array();
    for (const EndpointRecord& endpoint : record.endpoints) {
        endpoints.push_back(EndpointToJson(endpoint));
    }
    json ports = json::array();
    for (const PortRecord& port : record.ports) {
        ports.push_back({{"protocol", port.protocol},
                         {"container_port", port.container_port},
                         {"host_ip", port.host_ip},
                         {"host_port", port.host_port},
                         {"bind_ip", port.bind_ip}});
    }
    json out = {{"container_id", record.container_id},
                {"container_name", record.container_name},
                {"netns", record.netns.string()},
                {"endpoints", endpoints},
                {"ports", ports}};
    if (record.port_target) {
        out["port_target"] = *record.port_target;
    }
    return out;
}

SandboxRecord SandboxRecordFromJson(const json& in) {
    try {
        SandboxRecord record;
        record.container_id = in.at("container_id").get<std::string>();
        record.container_name = in.value("container_name", "");
        record.netns = in.at("netns").get<std::string>();
        for (const json& endpoint : in.value("endpoints", json::array())) {
            record.endpoints.push_back(EndpointFromJson(endpoint));
        }
        for (const json& port : in.value("ports", json::array())) {
            PortRecord parsed;
            parsed.protocol = port.at("protocol").get<std::string>();
            parsed.container_port = port.at("container_port").get<std::uint16_t>();
            parsed.host_ip = port.value("host_ip", "");
            parsed.host_port = port.at("host_port").get<std::uint16_t>();
            parsed.bind_ip = port.value("bind_ip", "");
            record.ports.push_back(parsed);
        }
        if (in.contains("port_target")) {
            record.port_target = in.at("port_target").get<std::size_t>();
        }
        return record;
    } catch (const json::exception& error) {
        throw Error(Errc::kInvalidArgument, std::string("sandbox record: ") + error.what());
    }
}

}  // namespace engine::daemon
