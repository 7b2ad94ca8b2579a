#pragma once

// Helpers shared by planner_up.cpp and planner_down.cpp: how the normalized project names
// its networks, volumes and containers, and small facts about observed containers. Internal
// to compose/reconcile; nothing outside the planner includes this.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "compose/model/project.hpp"
#include "compose/reconcile/observed_state.hpp"
#include "compose/reconcile/plan.hpp"
#include "compose/reconcile/planner.hpp"

namespace compose::reconcile::planner {

/// A network or volume a service uses: its key in the compose file and its engine name.
struct ResourceRef final {
    std::string key;
    std::string name;
};

/// The engine name of `config.<section>.<key>` (its normalized `name`), or
/// "{project}_{key}" when the definition has none.
std::string ResourceName(const model::Project& project, std::string_view section, std::string_view key);

/// True when `config.<section>.<key>` is declared `external: true`.
bool IsExternal(const model::Project& project, std::string_view section, std::string_view key);

/// The networks `service` is attached to, first network first: `priority` descending, then
/// key ascending (the create body attaches the first; the others are connected).
std::vector<ResourceRef> ServiceNetworks(const model::Project& project, const model::Value& service);

/// The named volumes `service` mounts (`volumes` entries of type volume with a source),
/// by key, each once.
std::vector<ResourceRef> ServiceVolumes(const model::Project& project, const model::Value& service);

/// The services whose namespaces `service` joins (`network_mode`, `ipc`, `pid`, `uts` set
/// to "service:X"), sorted, each once.
std::vector<std::string> NamespaceParents(const model::Value& service);

/// The name of container `number` of the service: `container_name`, else
/// "{project}-{service}-{number}".
std::string ContainerName(const model::Project& project,
                          const std::string& service_name,
                          const model::Value& service,
                          int number);

/// True when stopping the container does something (running, restarting or paused).
bool NeedsStop(const ObservedContainer& container);

/// The containers of `service` that are not one-offs, by number.
std::vector<const ObservedContainer*> ServiceContainers(const ObservedState& observed, std::string_view service);

/// Appends StopContainer (when the container needs one) and RemoveContainer for `container`
/// to `plan`, the stop after `stop_after`. Returns the remove's ID.
std::size_t AddStopAndRemove(Plan& plan,
                             const ObservedContainer& container,
                             const std::string& reason,
                             int timeout,
                             std::vector<std::size_t> stop_after);

/// Sorts and de-duplicates operation IDs for Operation::after.
std::vector<std::size_t> SortedUnique(std::vector<std::size_t> ids);

// ---- up: everything but the containers of project services (planner_up_resources.cpp) ----

/// Throws PlanError for the first of `targets` (sorted) without an image ID in `desired`.
void CheckImages(const DesiredState& desired, const std::vector<std::string>& targets);

/// Containers of the project whose service is not an enabled service (one-offs only when
/// exited or dead). With remove_orphans: stops and removes them and returns the remove IDs;
/// without: adds the "Found orphan containers" warning and returns nothing.
std::vector<std::size_t> PlanOrphans(Plan& plan,
                                     const model::Project& project,
                                     const ObservedState& observed,
                                     const UpOptions& options);

/// Creates of the networks and volumes `targets` use, by key: external ones must exist
/// (PlanError), missing ones are created after `after`, changed or foreign ones are reused
/// with a warning; project networks gone from the file get a warning. Returns the create
/// operation IDs by "network:<key>" / "volume:<key>".
std::map<std::string, std::size_t> PlanResources(Plan& plan,
                                                 const model::Project& project,
                                                 const ObservedState& observed,
                                                 const std::vector<std::string>& targets,
                                                 const std::vector<std::size_t>& after);

}  // namespace compose::reconcile::planner
