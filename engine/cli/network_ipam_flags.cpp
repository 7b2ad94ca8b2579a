// IpamFromFlags: docker's createIPAMConfig (cli/command/network/create.go), which pairs the
// ranges, gateways and auxiliary addresses with the subnets that contain them.
#include "engine/cli/network_ipam_flags.hpp"

#include <map>

#include "engine/api/network_address.hpp"
#include "engine/cli/command_context.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

// docker's subnetMatches: whether the address of `data` (an address, or the address part of
// "address/bits") lies in `subnet`. Go's net.ParseCIDR keeps host bits, so the address of
// "10.0.1.5/24" is 10.0.1.5.
bool SubnetMatches(const std::string& subnet, const std::string& data) {
    const std::optional<api::IpPrefix> network = api::ParseIpPrefix(subnet);
    if (!network) {
        throw ExitError(1, "invalid subnet: invalid CIDR address: " + subnet);
    }
    std::optional<api::IpAddr> address;
    if (data.find('/') != std::string::npos) {
        const std::optional<api::IpPrefix> prefix = api::ParseIpPrefix(data);
        if (!prefix) {
            throw ExitError(1, "invalid CIDR address: " + data);
        }
        address = prefix->address;
    } else {
        address = api::ParseIpAddr(data);
    }
    return address && network->Masked().Contains(*address);
}

struct SubnetEntry {
    std::string subnet;
    std::string ip_range;
    std::string gateway;
    std::map<std::string, std::string> aux;
};

std::vector<SubnetEntry> CollectSubnets(const std::vector<std::string>& subnets) {
    std::vector<SubnetEntry> entries;
    for (const std::string& subnet : subnets) {
        for (const SubnetEntry& existing : entries) {
            if (SubnetMatches(subnet, existing.subnet) || SubnetMatches(existing.subnet, subnet)) {
                throw ExitError(1, "multiple overlapping subnet configuration is not supported");
            }
        }
        entries.push_back(SubnetEntry{subnet, "", "", {}});
    }
    return entries;
}

// Gives each value (a range or a gateway) to every subnet containing it.
void Assign(std::vector<SubnetEntry>& entries,
            const std::vector<std::string>& values,
            std::string SubnetEntry::*field,
            const std::string& what) {
    for (const std::string& value : values) {
        // A range must be CIDR; docker checks that before it looks at any subnet.
        if (field == &SubnetEntry::ip_range && !api::ParseIpPrefix(value)) {
            throw ExitError(1, "invalid CIDR address: " + value);
        }
        bool matched = false;
        for (SubnetEntry& entry : entries) {
            if (!SubnetMatches(entry.subnet, value)) {
                continue;
            }
            std::string& slot = entry.*field;
            if (!slot.empty()) {
                throw ExitError(1,
                                field == &SubnetEntry::ip_range
                                    ? "cannot configure multiple ranges (" + value + ", " + slot +
                                          ") on the same subnet (" + entry.subnet + ")"
                                    : "cannot configure multiple gateways (" + value + ", " + slot +
                                          ") for the same subnet (" + entry.subnet + ")");
            }
            slot = value;
            matched = true;
        }
        if (!matched) {
            throw ExitError(1, "no matching subnet for " + what + " " + value);
        }
    }
}

}  // namespace

std::vector<std::string> SplitCommaValues(const std::vector<std::string>& values) {
    std::vector<std::string> items;
    for (const std::string& value : values) {
        std::size_t begin = 0;
        for (std::size_t comma = value.find(',');; comma = value.find(',', begin)) {
            items.push_back(value.substr(begin, comma - begin));
            if (comma == std::string::npos) {
                break;
            }
            begin = comma + 1;
        }
    }
    return items;
}

json KeyValueFlags(const std::vector<std::string>& values) {
    json map = json::object();
    for (const std::string& value : values) {
        const std::size_t equals = value.find('=');
        map[value.substr(0, equals)] = equals == std::string::npos ? "" : value.substr(equals + 1);
    }
    return map;
}

json IpamFromFlags(const IpamFlags& flags) {
    if (flags.subnets.size() < flags.ip_ranges.size() || flags.subnets.size() < flags.gateways.size()) {
        throw ExitError(1, "every ip-range or gateway must have a corresponding subnet");
    }
    std::vector<SubnetEntry> entries = CollectSubnets(flags.subnets);
    Assign(entries, flags.ip_ranges, &SubnetEntry::ip_range, "range");
    Assign(entries, flags.gateways, &SubnetEntry::gateway, "gateway");
    const json aux_addresses = KeyValueFlags(flags.aux_addresses);
    for (const auto& [name, address] : aux_addresses.items()) {
        bool matched = false;
        for (SubnetEntry& entry : entries) {
            if (SubnetMatches(entry.subnet, address.get<std::string>())) {
                entry.aux[name] = address.get<std::string>();
                matched = true;
            }
        }
        if (!matched) {
            throw ExitError(1, "no matching subnet for aux-address " + address.get<std::string>());
        }
    }
    json config = json::array();
    for (const SubnetEntry& entry : entries) {
        json item = {{"Subnet", entry.subnet}};
        if (!entry.ip_range.empty()) {
            item["IPRange"] = entry.ip_range;
        }
        if (!entry.gateway.empty()) {
            item["Gateway"] = entry.gateway;
        }
        if (!entry.aux.empty()) {
            item["AuxiliaryAddresses"] = entry.aux;
        }
        config.push_back(std::move(item));
    }
    return json{{"Driver", flags.driver}, {"Options", KeyValueFlags(flags.options)}, {"Config", std::move(config)}};
}

}  // namespace engine::cli
