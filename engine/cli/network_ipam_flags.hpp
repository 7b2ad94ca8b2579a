#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace engine::cli {

/// The IPAM flags of `berth network create`, as given.
struct IpamFlags {
    std::string driver = "default";
    std::vector<std::string> subnets;
    std::vector<std::string> ip_ranges;
    std::vector<std::string> gateways;
    /// --aux-address "name=address" values; a later name replaces an earlier one.
    std::vector<std::string> aux_addresses;
    /// --ipam-opt "key=value" values.
    std::vector<std::string> options;
};

/// The request's IPAM object ({"Driver", "Options", "Config"}) as docker's createIPAMConfig
/// builds it: one Config entry per --subnet, in order, each given the --ip-range, --gateway
/// and --aux-address values that fall inside it. A lone subnet is sent as written (the daemon
/// checks it). Throws ExitError(1) with docker's texts: "every ip-range or gateway must have a
/// corresponding subnet", "multiple overlapping subnet configuration is not supported",
/// "invalid subnet: invalid CIDR address: x", "invalid CIDR address: x" (a bad --ip-range),
/// "no matching subnet for range x", "no matching subnet for gateway x", "no matching subnet
/// for aux-address x", "cannot configure multiple ranges (new, old) on the same subnet (s)",
/// "cannot configure multiple gateways (new, old) for the same subnet (s)".
nlohmann::json IpamFromFlags(const IpamFlags& flags);

/// pflag's StringSlice: each value may hold several, separated by commas ("a,b" → a, b).
std::vector<std::string> SplitCommaValues(const std::vector<std::string>& values);

/// docker's MapOpts: "k=v" → {"k": "v"}, "k" → {"k": ""}; a later key wins.
nlohmann::json KeyValueFlags(const std::vector<std::string>& values);

}  // namespace engine::cli
