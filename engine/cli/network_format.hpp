#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace engine::cli {

/// Columns of `berth network ls` (docker's formatter for networks).
inline constexpr std::string_view kNetworksTableFormat = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
/// docker's "raw" format for networks, and its quiet form.
inline constexpr std::string_view kNetworksRawFormat =
    "network_id: {{.ID}}\nname: {{.Name}}\ndriver: {{.Driver}}\nscope: {{.Scope}}\n";
inline constexpr std::string_view kNetworksRawQuietFormat = "network_id: {{.ID}}";

/// Column titles by field: ID "NETWORK ID", Name "NAME", Driver "DRIVER", Scope "SCOPE",
/// IPv4 "IPV4", IPv6 "IPV6", Internal "INTERNAL", Labels "LABELS", CreatedAt "CREATED AT".
nlohmann::json NetworkHeaders();

/// One display row per network of GET /networks, sorted by name in natural order as docker
/// sorts them ("net9" before "net10"). Fields: ID (12 characters unless `no_trunc`), Name,
/// Driver, Scope, IPv4, IPv6 and Internal ("true"/"false"), Labels ("k=v,..." in key order),
/// CreatedAt (Go's time.String of Created: "2024-05-01 10:20:30.5 +0000 UTC").
std::vector<nlohmann::json> NetworkRows(const nlohmann::json& networks, bool no_trunc);

/// fvbommel/sortorder's NaturalLess: runs of digits compare by value (leading zeros break
/// ties: fewer first), other bytes bytewise, digits before other characters.
bool NaturalLess(std::string_view a, std::string_view b);

/// Go's time.Time.String of a time parsed from RFC 3339 text: "2024-05-01T10:20:30.5Z" becomes
/// "2024-05-01 10:20:30.5 +0000 UTC", an offset "+02:00" becomes "+0200 +0200"; "" or text that
/// is not RFC 3339 gives Go's zero time "0001-01-01 00:00:00 +0000 UTC".
std::string GoTimeStringFromRfc3339(std::string_view text);

}  // namespace engine::cli
