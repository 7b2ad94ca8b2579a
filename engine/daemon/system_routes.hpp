#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/daemon/host_facts.hpp"
#include "engine/daemon/router.hpp"

namespace engine::daemon {

/// What /info, /version and /system/df report beyond host facts. The callbacks are how other
/// parts of the daemon contribute without this file knowing them.
struct SystemRoutesContext {
    HostFacts host;
    std::string engine_id;  ///< stable across restarts, kept in the data root
    std::filesystem::path data_root;
    std::string log_level;
    std::vector<std::string> warnings;  ///< shown by `docker info` (e.g. the runtime fallback)
    std::function<std::size_t()> image_count;
    /// {"LayersSize": n, "Images": [ImageSummary with Containers/SharedSize filled]} for /system/df.
    std::function<nlohmann::json()> image_disk_usage;
};

/// HEAD and GET /_ping, GET /version, GET /info, GET /system/df.
void AddSystemRoutes(Router& router, const SystemRoutesContext& context);

/// The /version document.
nlohmann::json VersionJson(const HostFacts& host);

/// The /info document.
nlohmann::json InfoJson(const SystemRoutesContext& context);

}  // namespace engine::daemon
