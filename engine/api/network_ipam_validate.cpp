// ValidateIpam: moby's network.ValidateIPAM, worded as moby words it.
#include <string>
#include <vector>

#include "engine/api/network_address.hpp"
#include "engine/api/network_create.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

using Problems = std::vector<std::string>;

void CheckIpRange(const std::string& text, const IpPrefix& subnet, Problems& problems) {
    if (text.empty()) {
        return;
    }
    const std::optional<IpPrefix> range = ParseIpPrefix(text);
    if (!range) {
        problems.push_back("invalid ip-range " + text + ": invalid CIDR block notation");
        return;
    }
    if (range->address.family != subnet.address.family) {
        problems.push_back("invalid ip-range " + text + ": parent subnet is an " +
                           std::string(subnet.address.FamilyName()) + " block");
        return;
    }
    if (range->bits < subnet.bits) {
        problems.push_back("invalid ip-range " + text + ": CIDR block is bigger than its parent subnet " +
                           subnet.ToString());
    }
    if (*range != range->Masked()) {
        problems.push_back("invalid ip-range " + range->ToString() + ": it should be " + range->Masked().ToString());
    }
    if (!subnet.Overlaps(*range)) {
        problems.push_back("invalid ip-range " + text + ": parent subnet " + subnet.ToString() +
                           " doesn't contain ip-range");
    }
}

// moby's validateAddress: "" when `text` is fine (or empty), else the reason.
std::string AddressProblem(const std::string& text, const IpPrefix& subnet) {
    if (text.empty()) {
        return "";
    }
    const std::optional<IpAddr> address = ParseIpAddr(text);
    if (!address) {
        return "invalid address";
    }
    if (address->family != subnet.address.family) {
        return "parent subnet is an " + std::string(subnet.address.FamilyName()) + " block";
    }
    if (!subnet.Contains(*address)) {
        return "parent subnet " + subnet.ToString() + " doesn't contain this address";
    }
    return "";
}

void CheckConfig(const IpamConfig& config, bool enable_ipv6, Problems& problems) {
    const std::optional<IpPrefix> subnet = ParseIpPrefix(config.subnet);
    if (!subnet) {
        problems.push_back("invalid subnet " + config.subnet + ": invalid CIDR block notation");
        return;
    }
    if (subnet->address.family == IpFamily::kV6 && !enable_ipv6) {
        return;  // ignored, as the daemon ignores IPv6 configs of a network without IPv6
    }
    if (*subnet != subnet->Masked()) {
        problems.push_back("invalid subnet " + subnet->ToString() + ": it should be " + subnet->Masked().ToString());
    }
    CheckIpRange(config.ip_range, *subnet, problems);
    if (const std::string problem = AddressProblem(config.gateway, *subnet); !problem.empty()) {
        problems.push_back("invalid gateway " + config.gateway + ": " + problem);
    }
    // moby walks a Go map (random order); name order keeps the message stable.
    for (const auto& [name, address] : config.aux_addresses.value_or(std::map<std::string, std::string>{})) {
        if (const std::string problem = AddressProblem(address, *subnet); !problem.empty()) {
            problems.push_back("invalid auxiliary address " + name + ": " + problem);
        }
    }
}

}  // namespace

void ValidateIpam(const Ipam& ipam, bool enable_ipv6) {
    Problems problems;
    for (const IpamConfig& config : ipam.config.value_or(std::vector<IpamConfig>{})) {
        CheckConfig(config, enable_ipv6, problems);
    }
    if (problems.empty()) {
        return;
    }
    std::string message = "invalid network config:\n";
    if (problems.size() == 1) {
        message += problems.front();
    } else {
        for (std::size_t i = 0; i < problems.size(); ++i) {
            message += (i == 0 ? "* " : "\n* ") + problems[i];
        }
    }
    throw Error(Errc::kInvalidArgument, message);
}

}  // namespace engine::api
