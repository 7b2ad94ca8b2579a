#include "engine/api/network_connect.hpp"

#include "engine/api/container_json_decode.hpp"
#include "engine/api/network_address.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

Error Invalid(std::string message) {
    return Error(Errc::kInvalidArgument, std::move(message));
}

GoStructReader Root(const nlohmann::json& body, std::string_view go_type, std::string struct_name) {
    if (!body.is_object() && !body.is_null()) {
        FailTopLevel(body, go_type);
    }
    return GoStructReader(body, std::move(struct_name), "");
}

// moby's GetContainer("") error, before any lookup.
std::string RequireContainer(const GoStructReader& root) {
    std::string container;
    root.Read("Container", container);
    if (container.empty()) {
        throw Invalid("invalid name or ID supplied: \"\"");
    }
    return container;
}

}  // namespace

NetworkConnectRequest ParseNetworkConnect(const nlohmann::json& body) {
    const GoStructReader root = Root(body, "network.ConnectOptions", "ConnectOptions");
    NetworkConnectRequest request;
    request.container = RequireContainer(root);
    if (auto endpoint = root.Struct("EndpointConfig", "EndpointSettings", "network.EndpointSettings")) {
        request.endpoint_config = DecodeEndpointSettings(*endpoint);
        ValidateEndpointAddresses(*request.endpoint_config);
    }
    return request;
}

NetworkDisconnectRequest ParseNetworkDisconnect(const nlohmann::json& body) {
    const GoStructReader root = Root(body, "network.DisconnectOptions", "DisconnectOptions");
    NetworkDisconnectRequest request;
    request.container = RequireContainer(root);
    root.Read("Force", request.force);
    return request;
}

void ValidateEndpointAddresses(const EndpointSettings& endpoint) {
    if (endpoint.ipam_config) {
        const EndpointIpamConfig& ipam = *endpoint.ipam_config;
        const std::optional<IpAddr> ipv4 = ParseIpAddr(ipam.ipv4_address);
        if (!ipam.ipv4_address.empty() && (!ipv4 || ipv4->family != IpFamily::kV4)) {
            throw Invalid("invalid IPv4 address: " + ipam.ipv4_address);
        }
        // An IPv4 address (even IPv4-mapped) is not a valid IPv6 one, as Go's To4 check says.
        const std::optional<IpAddr> ipv6 = ParseIpAddr(ipam.ipv6_address);
        if (!ipam.ipv6_address.empty() &&
            (!ipv6 || ipv6->family != IpFamily::kV6 || ipam.ipv6_address.find('.') != std::string::npos)) {
            throw Invalid("invalid IPv6 address: " + ipam.ipv6_address);
        }
        for (const std::string& address : ipam.link_local_ips.value_or(std::vector<std::string>{})) {
            if (!ParseIpAddr(address)) {
                throw Invalid("invalid link-local IP address: " + address);
            }
        }
    }
    if (!endpoint.mac_address.empty() && !IsValidMacAddress(endpoint.mac_address)) {
        throw Invalid("invalid MAC address: " + endpoint.mac_address);
    }
}

}  // namespace engine::api
