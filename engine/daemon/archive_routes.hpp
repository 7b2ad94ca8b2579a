#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/daemon/router.hpp"
#include "engine/image/image_store.hpp"

namespace engine::daemon {

/// Reports an image event: action ("load", "save"), the image ID, and the actor attributes.
using ImageEventFn =
    std::function<void(std::string action, std::string id, std::map<std::string, std::string> attributes)>;

/// What the `docker load` / `docker save` routes need, as callbacks so they can be tested
/// without an image store on disk (MakeArchiveRoutesContext wires a real one).
struct ArchiveRoutesContext {
    /// ImageStore::Create: adds one image from its config and layer files, tags it.
    std::function<image::CreatedImage(std::string_view config_json,
                                      std::span<const std::filesystem::path> layer_files,
                                      std::span<const std::string> tags)>
        create_image;
    /// ImageStore::ExportImages: the images `docker save NAME...` writes; throws
    /// Error(kNotFound, "No such image: x") for an unknown name.
    std::function<std::vector<image::ImageExport>(std::span<const std::string> names)> export_images;
    /// An existing directory where each load unpacks its archive (a fresh subdirectory,
    /// removed when the request ends). On the data root's file system, so large loads do not
    /// fill /tmp.
    std::filesystem::path scratch_directory;
    ImageEventFn emit_event;
};

/// POST /images/load, GET /images/get and GET /images/{name}/get, as moby serves them:
///
/// - load reads the uploaded tar (any format ReadImageArchive accepts, optionally compressed)
///   and replies 200 with a JSON message stream: {"stream":"Loaded image: busybox:latest\n"}
///   per tag (after "The image … already exists, renaming the old one with ID … to empty
///   string\n" when the tag moved), "Loaded image ID: sha256:…\n" when the last image had no
///   tag, and a failure as {"errorDetail":{"message":"load: …"},"error":"load: …"}. The
///   `quiet` parameter is accepted; no progress bars are sent either way. One "load" event per
///   image.
/// - get writes the images (names=a&names=b, or the one in the path) as a Docker ≥ 25 archive
///   (WriteImageArchive), Content-Type application/x-tar, streamed. An unknown name is a 404
///   before anything is sent; a failure once streaming has started closes the connection, so
///   the client sees a truncated archive rather than a complete-looking one. One "save" event
///   per image.
void AddArchiveRoutes(Router& router, ArchiveRoutesContext context);

/// The context for a real store: its Create and ExportImages, events to `emit_event`.
inline ArchiveRoutesContext MakeArchiveRoutesContext(image::ImageStore& store,
                                                     std::filesystem::path scratch_directory,
                                                     ImageEventFn emit_event) {
    return ArchiveRoutesContext{
        .create_image = [&store](
                            std::string_view config_json,
                            std::span<const std::filesystem::path> layer_files,
                            std::span<const std::string> tags) { return store.Create(config_json, layer_files, tags); },
        .export_images = [&store](std::span<const std::string> names) { return store.ExportImages(names); },
        .scratch_directory = std::move(scratch_directory),
        .emit_event = std::move(emit_event)};
}

}  // namespace engine::daemon
