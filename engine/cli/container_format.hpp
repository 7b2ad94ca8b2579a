#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace engine::cli {

/// Columns of `berth ps` (docker's formatter/container.go), plain and with --size.
inline constexpr std::string_view kPsTableFormat =
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
inline constexpr std::string_view kPsSizeTableFormat =
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}\t{{.Size}}";

/// Column titles by field: ID "CONTAINER ID", RunningFor "CREATED", ...
nlohmann::json ContainerHeaders();

/// One display row per ContainerSummary of GET /containers/json, as docker's ContainerContext
/// shows them: ID cut to 12, Command quoted and cut to 20 columns, Names without "/" and link
/// names unless `no_trunc`, Ports as "0.0.0.0:8080->80/tcp". Fields: ID, Image, Command,
/// CreatedAt, RunningFor, Ports, State, Status, Size, Names, Labels, Mounts, Networks.
std::vector<nlohmann::json> ContainerRows(const nlohmann::json& containers,
                                          bool no_trunc,
                                          std::chrono::system_clock::time_point now);

/// docker's DisplayablePorts: "0.0.0.0:8080->80/tcp, 443/tcp", sorted, ports in a row merged
/// into ranges ("0.0.0.0:8000-8001->80-81/tcp").
std::string DisplayablePorts(const nlohmann::json& ports);

}  // namespace engine::cli
