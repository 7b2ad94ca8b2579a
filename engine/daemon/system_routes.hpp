#pragma once

#include <array>
#include <filesystem>
#include <functional>
#include <map>
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
    /// Containers in total, running (not paused) and paused.
    std::function<std::array<std::size_t, 3>()> container_counts;
    /// The "Containers" and "Volumes" arrays of /system/df.
    std::function<nlohmann::json()> container_disk_usage;
    std::function<nlohmann::json()> volume_disk_usage;
    /// Runtime name → executable, and the one containers get by default.
    std::map<std::string, std::string> runtimes;
    std::string default_runtime = "runc";
    std::string init_binary;
};

/// HEAD and GET /_ping, GET /version, GET /info, GET /system/df.
void AddSystemRoutes(Router& router, const SystemRoutesContext& context);

/// The /version document.
nlohmann::json VersionJson(const HostFacts& host);

/// The /info document.
nlohmann::json InfoJson(const SystemRoutesContext& context);

}  // namespace engine::daemon
