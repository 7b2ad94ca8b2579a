#pragma once

#include "engine/daemon/container/container_manager.hpp"
#include "engine/daemon/network/network_manager.hpp"
#include "engine/daemon/router.hpp"

namespace engine::daemon {

/// What the network handlers need from the rest of the daemon.
struct NetworkRoutesContext {
    NetworkManager& networks;
    ContainerManager& containers;
    /// Where the prune event goes; may be empty (the manager emits the others).
    NetworkEventSink emit_event{};
};

/// GET /networks, GET /networks/{id}, POST /networks/create, DELETE /networks/{id},
/// POST /networks/{id}/connect, POST /networks/{id}/disconnect, POST /networks/prune, with
/// moby's JSON shapes, filters and status codes. `context` must outlive the router.
void AddNetworkRoutes(Router& router, NetworkRoutesContext& context);

}  // namespace engine::daemon
