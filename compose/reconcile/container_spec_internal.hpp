#pragma once

// Private to compose/reconcile: the pieces ProjectSpecs::ContainerCreateBody is assembled
// from, one file per topic (container_spec_{values,config,host,mounts,network}.cpp).

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "compose/model/project.hpp"
#include "compose/model/value.hpp"

namespace compose::reconcile::container_spec {

/// What every part of a container body reads: the desired project and one normalized service.
struct ServiceView final {
    const model::Project& project;
    const std::string& name;
    const model::Value& service;

    /// The service's key, or nullptr when absent or null.
    const model::Value* Find(std::string_view key) const;
};

// --- container_spec_values.cpp: reading the normalized tree ---

/// The node at `path` under `root`, or nullptr when a step is missing or null.
const model::Value* At(const model::Value& root, std::initializer_list<std::string_view> path);
/// A non-null scalar as text; nullopt for null, missing, sequences and maps.
std::optional<std::string> Text(const model::Value* value);
/// A whole number from an int, a float (truncated) or a decimal string.
std::optional<std::int64_t> Integer(const model::Value* value);
std::optional<double> Number(const model::Value* value);
std::optional<bool> Bool(const model::Value* value);
/// A list of scalars as strings (a lone scalar is a one-element list); null when absent.
nlohmann::json StringList(const model::Value* value);
/// A map of scalars, or a list of "KEY=VALUE" ("KEY" alone gives ""), as a JSON object of
/// strings; null when absent.
nlohmann::json StringMap(const model::Value* value);
/// Nanoseconds of a Go duration string ("1m30s", "500ms", "1.5h"); throws
/// std::invalid_argument naming `text` when it is not one.
std::int64_t ParseGoDuration(std::string_view text);

// --- container_spec_config.cpp: the Config part ---

/// The Config fields of the create body (Image, Cmd, Env, Labels, Healthcheck, ...).
/// `labels` are the container's labels, already computed.
nlohmann::json ContainerConfig(const ServiceView& view, const nlohmann::json& labels);

// --- container_spec_host.cpp: HostConfig ---

/// The HostConfig object, mounts and network mode included.
nlohmann::json HostConfig(const ServiceView& view, const nlohmann::json& replaced);

// --- container_spec_mounts.cpp ---

/// Fills HostConfig.Mounts (and Binds, for short-syntax binds that may create their host
/// path) from `volumes`, `secrets` and `configs`; anonymous volumes reuse the volume of the
/// same target in `replaced` (container inspect JSON, or null).
void AddMounts(const ServiceView& view, const nlohmann::json& replaced, nlohmann::json& host);

// --- container_spec_network.cpp ---

/// The service's network keys, by `priority` descending, then key ascending.
std::vector<std::string> OrderedNetworks(const model::Value& service);
/// The name the first container of `service` has: its container_name or {project}-{service}-1.
std::string FirstContainerName(const model::Project& project, const std::string& service);
/// "service:X" becomes "container:<X's first container>"; other modes are returned as they are.
std::string ResolveServiceReference(const model::Project& project, const std::string& mode);
/// HostConfig.NetworkMode: network_mode resolved, else the first network's engine name.
std::string NetworkMode(const ServiceView& view);
/// The engine name of the project network `key` (its `name`, or {project}_{key}).
std::string NetworkEngineName(const model::Project& project, const std::string& key);
/// The EndpointSettings of the service on network `key`: Aliases (service name first), and
/// IPAMConfig, MacAddress, DriverOpts when the service sets them.
nlohmann::json EndpointConfig(const ServiceView& view, const std::string& key);
/// The create body's NetworkingConfig: the first network's endpoint; null for network_mode.
nlohmann::json NetworkingConfig(const ServiceView& view);

}  // namespace compose::reconcile::container_spec
