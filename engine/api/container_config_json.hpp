#pragma once

#include <nlohmann/json.hpp>

#include "engine/api/container_config.hpp"

namespace engine::api {

// Inspect rendering of the typed container objects, field for field as moby's Go structs
// marshal them (v1.41 field set): nil slices and maps are null, empty ones [] and {}, fields
// tagged omitempty are left out when empty, durations are integer nanoseconds.

/// container.Config: "Healthcheck", "ArgsEscaped", "NetworkDisabled", "MacAddress",
/// "StopSignal", "StopTimeout", "Shell" and "ExposedPorts" are left out when empty.
nlohmann::json ContainerConfigJson(const ContainerConfig& config);

/// container.HostConfig with its Resources inlined: "StorageOpt", "Tmpfs", "Sysctls",
/// "Runtime", "Mounts", "Init" are left out when empty.
nlohmann::json HostConfigJson(const HostConfig& host_config);

/// network.EndpointSettings, as shown under NetworkSettings.Networks and in /containers/json.
nlohmann::json EndpointSettingsJson(const EndpointSettings& endpoint);

/// nat.PortMap: null when nil; "80/tcp": null for an exposed port without bindings.
nlohmann::json PortMapJson(const PortMap& ports);

/// mount.Mount, every field omitempty.
nlohmann::json MountJson(const Mount& mount);

}  // namespace engine::api
