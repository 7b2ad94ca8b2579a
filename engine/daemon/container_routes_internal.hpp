#pragma once

// The pieces of AddContainerRoutes, one per concern, and the few helpers they share. Only
// the container_routes*.cpp and exec_routes*.cpp files include this.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "engine/api/api_version.hpp"
#include "engine/daemon/container_routes.hpp"

namespace engine::daemon {

/// create, start, stop, restart, kill, pause, unpause, wait, delete, rename, prune.
void AddContainerLifecycleRoutes(Router& router, ContainerRoutesContext& context);
/// json (list), {id}/json, top, stats.
void AddContainerInspectRoutes(Router& router, ContainerRoutesContext& context);
/// changes, export, archive (GET, HEAD, PUT).
void AddContainerFilesystemRoutes(Router& router, ContainerRoutesContext& context);
/// logs, attach, resize.
void AddContainerStreamRoutes(Router& router, ContainerRoutesContext& context);
/// POST /containers/{id}/exec, /exec/{id}/start, /exec/{id}/resize, GET /exec/{id}/json.
void AddExecRoutes(Router& router, ContainerRoutesContext& context);

/// GET /containers/{id}/logs (container_routes_logs.cpp).
void HandleContainerLogs(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response);

/// Publishes a container event through context.emit_event (if set) with moby's attributes:
/// name (without "/"), image, the container's labels, then `extra`.
void EmitContainerEvent(const ContainerRoutesContext& context,
                        const api::ContainerView& view,
                        const std::string& action,
                        std::map<std::string, std::string> extra = {});

/// The media type of a logs or attach stream: moby sends the multiplexed type only from
/// API 1.42 on and only without a TTY; below that (the 1.41 we advertise) always raw-stream.
std::string_view StreamMediaType(const api::ApiVersion& version, bool tty);

/// Nanoseconds since the Unix epoch, now.
std::int64_t NowUnixNanos();

/// A tty size parameter (h or w of the resize endpoints) as moby's strconv.Atoi reads it.
/// Throws Error(kInvalidArgument, "strconv.Atoi: parsing \"x\": invalid syntax") otherwise,
/// or "... value out of range" beyond 16 bits (a terminal has no more rows).
std::uint16_t ParseTtySize(std::string_view value);

}  // namespace engine::daemon
