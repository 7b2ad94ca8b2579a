#pragma once

#include <nlohmann/json.hpp>

#include "engine/api/container_view.hpp"

namespace engine::api {

/// GET /containers/{id}/json (moby types.ContainerJSON, v1.41): Id, Created (RFC 3339 with
/// nanoseconds), Path, Args, State (Health only with a healthcheck), Image, the *Path files,
/// Name, RestartCount, Driver, Platform, labels and profile, ExecIDs (null when none),
/// HostConfig, GraphDriver, SizeRw/SizeRootFs (only when set), Mounts, Config, NetworkSettings.
nlohmann::json ContainerInspectJson(const ContainerView& view);

/// One entry of GET /containers/json (moby types.Container): Id, Names ["/name"], Image,
/// ImageID, Command (path and arguments, an argument with a space in single quotes), Created
/// (Unix seconds), Ports, Labels, State, Status (at `now`), HostConfig {NetworkMode},
/// NetworkSettings {Networks}, Mounts; SizeRw and SizeRootFs when `size` and non-zero.
nlohmann::json ContainerSummaryJson(const ContainerView& view, bool size, UnixNanos now);

/// The list's Ports: one {PrivatePort, Type} per exposed port without bindings and one
/// {IP, PrivatePort, PublicPort, Type} per binding, in port order.
nlohmann::json SummaryPortsJson(const PortMap& ports);

/// The list's Command: moby joins Path and Args with spaces, quoting an argument that
/// contains a space as 'arg'.
std::string SummaryCommand(const ContainerView& view);

}  // namespace engine::api
