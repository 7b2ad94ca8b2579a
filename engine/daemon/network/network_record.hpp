#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace engine::daemon {

/// One IPAM pool of a network as created (moby's IPAMConfig): texts as validated at create.
struct IpamPoolRecord {
    std::string subnet;
    std::string ip_range;
    std::string gateway;
    std::map<std::string, std::string> aux_addresses;
    bool operator==(const IpamPoolRecord&) const = default;
};

/// What the daemon keeps about one network: its configuration as created. Endpoints are not
/// here; they belong to the containers' sandboxes (sandbox_record.hpp), so connecting a
/// container never rewrites the network's record.
struct NetworkRecord {
    std::string id;
    std::string name;
    std::int64_t created = 0;  ///< Unix nanoseconds
    std::string driver;        ///< "bridge", "host" or "null"
    bool internal = false;
    bool attachable = false;
    bool ingress = false;
    bool enable_ipv6 = false;
    std::string ipam_driver = "default";
    std::map<std::string, std::string> ipam_options;
    std::vector<IpamPoolRecord> ipam_pools;
    /// The subnets were given at create (static container addresses need that).
    bool user_subnet = false;
    std::map<std::string, std::string> options;
    std::map<std::string, std::string> labels;
    /// Bridge driver settings, from options at create.
    std::string bridge;
    unsigned mtu = 0;
    bool masquerade = true;
    bool inter_container = true;
    std::string host_binding_ipv4;

    bool operator==(const NetworkRecord&) const = default;
};

nlohmann::json NetworkRecordToJson(const NetworkRecord& record);
/// Throws Error(kInvalidArgument) naming what is malformed.
NetworkRecord NetworkRecordFromJson(const nlohmann::json& json);

}  // namespace engine::daemon
