#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "compose/model/project.hpp"
#include "compose/reconcile/observed_state.hpp"
#include "compose/reconcile/plan.hpp"

namespace compose::reconcile {

/// A problem that stops planning before anything is touched: a missing external network or
/// volume, a required dependency that is disabled, a service whose image is missing.
class PlanError final : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// What `up` wants: the loaded project plus what the engine said about its images.
struct DesiredState final {
    model::Project project;
    /// Image ID (sha256:...) of each service's image, by service name, as resolved before
    /// planning. A service missing here has no image and makes planning fail.
    std::map<std::string, std::string> image_ids;
};

enum class RecreatePolicy {
    kDiverged,  ///< recreate what changed (the default)
    kForce,     ///< --force-recreate
    kNever,     ///< --no-recreate
};

/// The `up` flags that change the plan.
struct UpOptions final {
    /// Services named on the command line; empty means every service of the project.
    std::vector<std::string> services;
    RecreatePolicy recreate = RecreatePolicy::kDiverged;
    /// Policy for services pulled in only as dependencies of the named ones
    /// (--always-recreate-deps makes it kForce).
    RecreatePolicy recreate_dependencies = RecreatePolicy::kDiverged;
    bool no_deps = false;             ///< --no-deps: only the named services
    bool no_start = false;            ///< --no-start: create, do not start
    bool remove_orphans = false;      ///< --remove-orphans
    bool renew_anon_volumes = false;  ///< -V
    /// --scale SERVICE=N, over the file's scale.
    std::map<std::string, int> scale;
    /// -t: stop timeout for containers this plan stops; -1 leaves each container's own.
    int timeout = -1;
};

/// Plans `up`: networks and volumes first, then per service (in dependency order) the
/// containers to create, recreate, start, scale up or down; orphans. Containers are named
/// {project}-{service}-{N} (container_name overrides). A container is recreated when its
/// config-hash label differs from the service's hash, its image ID differs, a network it must
/// be on is missing or being recreated, a named volume it mounts is missing, or a service it
/// shares a namespace with (network_mode/ipc/pid "service:X") is recreated; `restart: true`
/// dependents of a recreated service are stopped before and started after. Throws PlanError.
/// Pure: no I/O.
Plan PlanUp(const DesiredState& desired, const ObservedState& observed, const UpOptions& options);

/// The `down` flags.
struct DownOptions final {
    bool remove_orphans = false;
    bool volumes = false;  ///< -v: named (non-external) volumes too; anonymous ones always go with -v
    int timeout = -1;
};

/// Plans `down` from what was observed alone (the YAML may be gone; `project`, when given,
/// adds dependency order and the names of networks and volumes it declares): stop and
/// remove containers, dependents first; then the project's networks; with -v its volumes.
/// Orphans (containers of services not in `project`) only with remove_orphans, or always
/// when `project` is null. Pure: no I/O.
Plan PlanDown(const model::Project* project, const ObservedState& observed, const DownOptions& options);

}  // namespace compose::reconcile
