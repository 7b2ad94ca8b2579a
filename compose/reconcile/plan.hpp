#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "compose/model/project.hpp"

namespace compose::reconcile {

/// What one operation does: each maps to exactly one Engine API call, except kStartContainer,
/// which first waits for the `depends_on` conditions it carries and then calls start.
enum class OperationKind {
    kCreateNetwork,      ///< POST /networks/create
    kRemoveNetwork,      ///< DELETE /networks/{id}
    kCreateVolume,       ///< POST /volumes/create
    kRemoveVolume,       ///< DELETE /volumes/{name}
    kCreateContainer,    ///< POST /containers/create
    kStartContainer,     ///< (wait for conditions, then) POST /containers/{id}/start
    kStopContainer,      ///< POST /containers/{id}/stop
    kRemoveContainer,    ///< DELETE /containers/{id}?force=1
    kRenameContainer,    ///< POST /containers/{id}/rename
    kConnectNetwork,     ///< POST /networks/{id}/connect
    kDisconnectNetwork,  ///< POST /networks/{id}/disconnect
};

/// "CreateNetwork", "StartContainer", ... (the names Plan::ToString prints).
std::string_view OperationKindName(OperationKind kind);

/// One node of the plan DAG.
struct Operation final {
    std::size_t id = 0;  ///< 1-based position in Plan::operations
    OperationKind kind = OperationKind::kCreateContainer;

    /// For container operations: the service and container number; one-offs have number 0.
    std::string service;
    int number = 0;
    /// For network and volume operations: the key in the compose file ("default", "db-data").
    std::string key;

    /// The engine object's name the call uses: the container's name at the time of the call
    /// (for a create under a temporary name, that name), the network's or volume's name.
    std::string name;
    /// The existing object's ID for calls on something that already exists; "" for objects
    /// this plan creates (the executor learns their IDs from the create operation).
    std::string id_or_name;
    /// kRenameContainer: the final name. kConnectNetwork/kDisconnectNetwork: the network name.
    std::string target;
    /// For kCreateContainer replacing an old container: that container's ID (its anonymous
    /// volumes are inherited unless renewed, and it is labelled com.docker.compose.replace).
    std::string replaces;
    /// For kStopContainer/kRemoveContainer/kRemoveVolume/kRemoveNetwork and recreates: why,
    /// in a few words ("config changed", "image changed", "orphan", "scale down").
    std::string reason;

    /// kStartContainer: the service's depends_on conditions to wait for first.
    std::vector<model::Dependency> wait_for;
    /// kStopContainer: the stop timeout in seconds (-1: the container's own).
    int timeout = -1;
    /// kCreateContainer with `replaces`: start with fresh anonymous volumes instead of the old
    /// container's (`up -V`).
    bool renew_anonymous_volumes = false;
    /// kRemoveContainer: also remove its anonymous volumes (`down -v`, `rm -v`).
    bool remove_volumes = false;

    /// IDs of operations that must finish first (all smaller than `id`), sorted.
    std::vector<std::size_t> after;
};

/// A DAG of operations in a deterministic order: dependencies always have smaller IDs.
struct Plan final {
    std::vector<Operation> operations;
    /// Things the user should know that do not stop the plan ("Found orphan containers ...",
    /// "network demo_front exists but its configuration changed ...").
    std::vector<std::string> warnings;

    /// Appends `operation` with id = size + 1 and returns the id.
    std::size_t Add(Operation operation);
    bool Empty() const { return operations.empty(); }

    /// One line per operation, for golden tests and --dry-run:
    ///   #3 CreateContainer service:web:1 name=demo-web-1 replaces=abc123456789 (config changed) after #1,#2
    ///   #4 StartContainer service:web:1 wait=db:service_healthy after #3
    ///   #1 CreateNetwork network:default name=demo_default
    /// Fields with nothing to say are left out; IDs of existing objects are cut to 12 chars.
    std::string ToString() const;
};

}  // namespace compose::reconcile
