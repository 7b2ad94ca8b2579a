#pragma once

#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/daemon/router.hpp"
#include "engine/image/image_store.hpp"

namespace engine::daemon {

/// Publishes an image event: action ("tag", "untag", "delete", "import", "load", "save",
/// "prune"), actor ID (the image ID; "" for prune) and attributes (moby puts "name" and the
/// image's labels there).
using ImageEventSink =
    std::function<void(std::string action, std::string id, std::map<std::string, std::string> attributes)>;

/// What the image handlers need from the rest of the daemon.
struct ImageRoutesContext {
    image::ImageStore& images;
    /// The containers using an image; empty until containers exist (nothing is in use).
    image::ContainerUseLookup container_uses{};
    /// Where events go; may be empty.
    ImageEventSink emit_event{};
    /// The architecture `docker import` records when the request names no platform (Go's name).
    std::string default_architecture = "amd64";
};

/// GET /images/json, GET /images/{name}/json, GET /images/{name}/history,
/// POST /images/{name}/tag, DELETE /images/{name}, POST /images/create (import from the
/// request body; pulls answer that no registry is configured), POST /images/prune.
/// `context` must outlive the router. POST /images/load and GET /images/get live with the
/// archive code and publish their events through EmitImageEvent.
void AddImageRoutes(Router& router, ImageRoutesContext& context);

/// Publishes an image event as moby's LogImageEvent does: attributes "name" = `name` plus the
/// image's labels when the image still exists. Does nothing without an event sink.
void EmitImageEvent(const ImageRoutesContext& context,
                    const std::string& action,
                    const std::string& image_id,
                    const std::string& name);

/// The image part of GET /system/df ({"LayersSize", "Images"}), for
/// SystemRoutesContext::image_disk_usage.
nlohmann::json ImageDiskUsage(const ImageRoutesContext& context);

}  // namespace engine::daemon
