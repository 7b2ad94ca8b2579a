#pragma once

#include "engine/daemon/event_bus.hpp"
#include "engine/daemon/router.hpp"

namespace engine::daemon {

/// GET /events: past events (when since or until is given, as moby) then live ones, one JSON
/// document per chunk, flushed as each happens, until `until`, the client leaves or the bus closes.
void AddEventRoutes(Router& router, EventBus& bus);

/// Parses moby's timestamp query form "<seconds>[.<nanoseconds>]" into nanoseconds since the
/// epoch; nullopt for "". Throws Error(kInvalidArgument) naming the parameter otherwise.
std::optional<std::int64_t> ParseTimestampParameter(std::string_view name, std::string_view value);

}  // namespace engine::daemon
