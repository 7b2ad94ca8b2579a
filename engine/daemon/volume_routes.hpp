#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/daemon/router.hpp"
#include "engine/volume/volume_store.hpp"

namespace engine::daemon {

/// Publishes a volume event: action ("create", "destroy", "prune"), actor ID (the volume name;
/// "" for prune) and attributes (moby's: "driver", or "reclaimed" for prune).
using VolumeEventSink =
    std::function<void(std::string action, std::string name, std::map<std::string, std::string> attributes)>;

/// What the volume handlers need from the rest of the daemon.
struct VolumeRoutesContext {
    volume::VolumeStore& volumes;
    /// The IDs of the containers using a volume (by name); may be empty while there are no
    /// containers.
    std::function<std::vector<std::string>(const std::string& name)> users{};
    /// Where events go; may be empty.
    VolumeEventSink emit_event{};
};

/// GET /volumes, POST /volumes/create, GET /volumes/{name}, DELETE /volumes/{name},
/// POST /volumes/prune, with moby's JSON shapes, filters, status codes and events.
/// `context` must outlive the router.
void AddVolumeRoutes(Router& router, VolumeRoutesContext& context);

/// The API's Volume object (swagger definition "Volume"); `usage` adds UsageData {Size,
/// RefCount} as /system/df shows it.
nlohmann::json VolumeJson(const volume::Volume& volume, const std::optional<volume::UsageData>& usage = std::nullopt);

/// The "Volumes" list of GET /system/df: local volumes without driver options (as moby's
/// LocalVolumesSize), each with UsageData, sizes walked now.
nlohmann::json VolumeDiskUsage(const VolumeRoutesContext& context);

}  // namespace engine::daemon
