#pragma once

#include <filesystem>

#include "engine/daemon/container/container_manager.hpp"
#include "engine/daemon/router.hpp"
#include "engine/image/image_store.hpp"
#include "engine/sys/linux/cgroup.hpp"

namespace engine::daemon {

/// What the container and exec handlers need from the rest of the daemon.
struct ContainerRoutesContext {
    ContainerManager& containers;
    /// For the list's ancestor filter (an image and its descendants).
    image::ImageStore& images;
    /// The host's cgroup mounts (the manager's ContainerManagerOptions::cgroup_host): stats
    /// read the container's cgroup files and top lists the cgroup's processes through it.
    sys::CgroupHost cgroup_host{};
    /// The host's `ps`, which top runs as moby does (found on PATH when not absolute).
    std::filesystem::path ps_binary = "ps";
    /// Where the container "prune" event goes (moby publishes one per prune, actor ""); may
    /// be empty. Every other container event is the manager's.
    ContainerEventSink emit_event{};
};

/// The container and exec endpoints of API v1.41 with moby's status codes, JSON shapes and
/// stream framing:
///
///   POST   /containers/create, /containers/prune, /containers/{id}/start, stop, restart,
///          kill, pause, unpause, wait, rename, attach, resize, exec
///   DELETE /containers/{id}
///   GET    /containers/json, /containers/{id}/json, top, stats, changes, export, logs, archive
///   HEAD   /containers/{id}/archive;  PUT /containers/{id}/archive
///   POST   /exec/{id}/start, /exec/{id}/resize;  GET /exec/{id}/json
///
/// `context` must outlive the router.
void AddContainerRoutes(Router& router, ContainerRoutesContext& context);

}  // namespace engine::daemon
