#include "engine/api/network_create.hpp"

#include <algorithm>
#include <array>

#include "engine/api/container_json_decode.hpp"
#include "engine/api/network_address.hpp"
#include "engine/api/network_bridge_options.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

// Docker drivers Berth does not implement: named, so the message can say what to use.
constexpr std::array<std::string_view, 3> kDockerOnlyDrivers = {"overlay", "macvlan", "ipvlan"};

Error Invalid(std::string message) {
    return Error(Errc::kInvalidArgument, std::move(message));
}

std::string Quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

Ipam DecodeIpam(const GoStructReader& in) {
    Ipam ipam;
    in.Read("Driver", ipam.driver);
    in.Read("Options", ipam.options);
    if (auto configs = in.StructList("Config", "IPAMConfig", "network.IPAMConfig")) {
        std::vector<IpamConfig>& out = ipam.config.emplace();
        for (const GoStructReader& item : *configs) {
            IpamConfig& config = out.emplace_back();
            item.Read("Subnet", config.subnet);
            item.Read("IPRange", config.ip_range);
            item.Read("Gateway", config.gateway);
            item.Read("AuxiliaryAddresses", config.aux_addresses);
        }
    }
    return ipam;
}

void ValidateDriver(const std::string& driver) {
    if (driver == "bridge") {
        return;
    }
    if (driver == "host" || driver == "null") {
        // There is one network of each, made by the daemon (moby's host and null drivers).
        throw Error(Errc::kConflict, "only one instance of " + Quoted(driver) + " network is allowed");
    }
    if (std::find(kDockerOnlyDrivers.begin(), kDockerOnlyDrivers.end(), driver) != kDockerOnlyDrivers.end()) {
        throw Invalid("network driver " + Quoted(driver) + " is not supported: Berth creates \"bridge\" networks only");
    }
    throw Error(Errc::kNotFound, "plugin " + Quoted(driver) + " not found");
}

// The swarm-only and config-only features, which a single local daemon does not have.
void ValidateLocalOnly(const NetworkCreateRequest& request) {
    if (!request.scope.empty() && request.scope != "local") {
        throw Invalid("network scope " + Quoted(request.scope) +
                      " is not supported: Berth networks are local; leave Scope empty or set it to \"local\"");
    }
    if (request.ingress) {
        throw Invalid("Ingress networks need swarm mode, which Berth does not have; leave Ingress false");
    }
    if (request.config_only) {
        throw Invalid("config-only networks are not supported; leave ConfigOnly false");
    }
    if (request.config_from) {
        throw Invalid("ConfigFrom is not supported: configure the network itself (IPAM, Options) instead");
    }
}

// The bridge driver takes one IPv4 subnet and, with IPv6 enabled, one IPv6 subnet.
void ValidateSubnetCount(const Ipam& ipam, bool enable_ipv6) {
    int ipv4 = 0;
    int ipv6 = 0;
    for (const IpamConfig& config : ipam.config.value_or(std::vector<IpamConfig>{})) {
        const std::optional<IpPrefix> subnet = ParseIpPrefix(config.subnet);
        if (subnet) {
            ++(subnet->address.family == IpFamily::kV4 ? ipv4 : ipv6);
        }
    }
    if (ipv4 > 1 || (enable_ipv6 && ipv6 > 1)) {
        throw Invalid("bridge driver doesnt support multiple subnets");
    }
}

}  // namespace

bool IsPredefinedNetworkName(std::string_view name) {
    return name == "bridge" || name == "host" || name == "none" || name == "default" || name == "ingress";
}

NetworkCreateRequest DecodeNetworkCreate(const nlohmann::json& body) {
    if (!body.is_object() && !body.is_null()) {
        FailTopLevel(body, "network.CreateRequest");
    }
    const GoStructReader root(body, "CreateRequest", "");
    NetworkCreateRequest request;
    root.Read("Name", request.name);
    root.Read("CheckDuplicate", request.check_duplicate);
    root.Read("Driver", request.driver);
    root.Read("Scope", request.scope);
    root.Read("EnableIPv4", request.enable_ipv4);
    root.Read("EnableIPv6", request.enable_ipv6);
    if (auto ipam = root.Struct("IPAM", "IPAM", "network.IPAM")) {
        request.ipam = DecodeIpam(*ipam);
    }
    root.Read("Internal", request.internal);
    root.Read("Attachable", request.attachable);
    root.Read("Ingress", request.ingress);
    root.Read("ConfigOnly", request.config_only);
    if (auto from = root.Struct("ConfigFrom", "ConfigReference", "network.ConfigReference")) {
        std::string network;
        from->Read("Network", network);
        if (!network.empty()) {
            request.config_from = network;
        }
    }
    root.Read("Options", request.options);
    root.Read("Labels", request.labels);
    return request;
}

NetworkCreateRequest ParseNetworkCreate(const nlohmann::json& body) {
    NetworkCreateRequest request = DecodeNetworkCreate(body);
    if (request.name.empty()) {
        throw Invalid("invalid name: network name must not be empty");
    }
    if (IsPredefinedNetworkName(request.name)) {
        throw Error(Errc::kConflict, "operation is not permitted on predefined " + request.name + " network");
    }
    if (request.driver.empty()) {
        request.driver = "bridge";
    }
    ValidateDriver(request.driver);
    ValidateLocalOnly(request);
    Ipam& ipam = request.ipam ? *request.ipam : request.ipam.emplace();
    if (ipam.driver.empty()) {
        ipam.driver = "default";
    }
    if (ipam.driver != "default") {
        throw Invalid("IPAM driver " + Quoted(ipam.driver) +
                      " is not supported: leave IPAM.Driver empty or set it to " + "\"default\"");
    }
    ValidateIpam(ipam, request.enable_ipv6);
    ValidateSubnetCount(ipam, request.enable_ipv6);
    ParseBridgeOptions(request.options);
    return request;
}

}  // namespace engine::api
