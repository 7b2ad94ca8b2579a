#include "engine/daemon/network/network_record.hpp"

#include "engine/base/error.hpp"

namespace engine::daemon {
namespace {

using nlohmann::json;

json PoolToJson(const IpamPoolRecord& pool) {
    return {{"subnet", pool.subnet},
            {"ip_range", pool.ip_range},
            {"gateway", pool.gateway},
            {"aux_addresses", pool.aux_addresses}};
}

IpamPoolRecord PoolFromJson(const json& in) {
    IpamPoolRecord pool;
    pool.subnet = in.at("subnet").get<std::string>();
    pool.ip_range = in.value("ip_range", "");
    pool.gateway = in.value("gateway", "");
    pool.aux_addresses = in.value("aux_addresses", std::map<std::string, std::string>{});
    return pool;
}

}  // namespace

json NetworkRecordToJson(const NetworkRecord& record) {
    json pools = json::array();
    for (const IpamPoolRecord& pool : record.ipam_pools) {
        pools.push_back(PoolToJson(pool));
    }
    return {{"id", record.id},
            {"name", record.name},
            {"created", record.created},
            {"driver", record.driver},
            {"internal", record.internal},
            {"attachable", record.attachable},
            {"ingress", record.ingress},
            {"enable_ipv6", record.enable_ipv6},
            {"ipam_driver", record.ipam_driver},
            {"ipam_options", record.ipam_options},
            {"ipam_pools", pools},
            {"user_subnet", record.user_subnet},
            {"options", record.options},
            {"labels", record.labels},
            {"bridge", record.bridge},
            {"mtu", record.mtu},
            {"masquerade", record.masquerade},
            {"inter_container", record.inter_container},
            {"host_binding_ipv4", record.host_binding_ipv4}};
}

NetworkRecord NetworkRecordFromJson(const json& in) {
    try {
        NetworkRecord record;
        record.id = in.at("id").get<std::string>();
        record.name = in.at("name").get<std::string>();
        record.created = in.value("created", std::int64_t{0});
        record.driver = in.at("driver").get<std::string>();
        record.internal = in.value("internal", false);
        record.attachable = in.value("attachable", false);
        record.ingress = in.value("ingress", false);
        record.enable_ipv6 = in.value("enable_ipv6", false);
        record.ipam_driver = in.value("ipam_driver", "default");
        record.ipam_options = in.value("ipam_options", std::map<std::string, std::string>{});
        for (const json& pool : in.value("ipam_pools", json::array())) {
            record.ipam_pools.push_back(PoolFromJson(pool));
        }
        record.user_subnet = in.value("user_subnet", false);
        record.options = in.value("options", std::map<std::string, std::string>{});
        record.labels = in.value("labels", std::map<std::string, std::string>{});
        record.bridge = in.value("bridge", "");
        record.mtu = in.value("mtu", 0u);
        record.masquerade = in.value("masquerade", true);
        record.inter_container = in.value("inter_container", true);
        record.host_binding_ipv4 = in.value("host_binding_ipv4", "");
        return record;
    } catch (const json::exception& error) {
        throw Error(Errc::kInvalidArgument, std::string("network record: ") + error.what());
    }
}

}  // namespace engine::daemon
