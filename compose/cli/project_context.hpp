#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compose/cli/engine_options.hpp"
#include "compose/cli/global_options.hpp"
#include "compose/model/project.hpp"
#include "compose/reconcile/executor.hpp"
#include "compose/reconcile/observed_state.hpp"
#include "engine/client/engine_api.hpp"

namespace compose::cli {

/// What a command knows about its project: the loaded compose file when there is one, and
/// what the engine holds under the project's label. Commands other than up/run work from the
/// labels alone when the YAML is gone, as Docker Compose's projectFromName does.
struct ProjectContext final {
    std::string name;
    /// The loaded project; nullopt when no compose file was found.
    std::optional<model::Project> project;
    reconcile::ObservedState observed;
};

/// The project name without a compose file: -p, else COMPOSE_PROJECT_NAME, else the
/// normalized basename of --project-directory or the working directory. Throws
/// loader::LoadError for an explicit name that is not normal.
std::string FallbackProjectName(const GlobalOptions& global, const ProcessContext& process);

/// Loads the project when a compose file exists (-f, COMPOSE_FILE, or one found from the
/// working directory upward; a compose file that is there but broken is an error), else
/// takes FallbackProjectName; then observes the engine. `services` named on the command line
/// are enabled whatever their profiles. Loader warnings go to `err` as "WARN: ...". Throws
/// loader::LoadError, graph::GraphError, engine::Error.
ProjectContext LoadProjectContext(const GlobalOptions& global,
                                  const ProcessContext& process,
                                  engine::client::EngineApi& api,
                                  std::ostream& err,
                                  const std::vector<std::string>& services = {});

/// The project's services: the compose file's when loaded, else those that have (non
/// one-off) containers. Sorted.
std::vector<std::string> KnownServices(const ProjectContext& context);

/// `requested`, or every known service when it is empty. Throws engine::Error(kNotFound,
/// "no such service: x") for a name that is not a known service.
std::vector<std::string> SelectServices(const ProjectContext& context, const std::vector<std::string>& requested);

/// The observed containers of `services` (all services when empty), one-offs only when
/// `include_oneoff`, in observed order (service, number, name).
std::vector<reconcile::ObservedContainer> ContainersOf(const ProjectContext& context,
                                                       const std::vector<std::string>& services,
                                                       bool include_oneoff = false);

/// `services` in batches that may run together, dependencies first (or dependents first when
/// `reverse`). The graph comes from the compose file when loaded, else from the containers'
/// com.docker.compose.depends_on labels; edges to services outside `services` are ignored.
std::vector<std::vector<std::string>> ServiceBatches(const ProjectContext& context,
                                                     const std::vector<std::string>& services,
                                                     bool reverse);

/// How to run container operations: the API, the limit, and where progress goes. Unless the
/// limit is 1 the API is called from several threads at once, so it must allow that (the
/// commands' PooledEngineApi does).
struct OperationContext final {
    engine::client::EngineApi& api;
    int parallel = 0;  ///< <= 0: no limit; 1: one at a time
    reconcile::ProgressCallback on_progress;
};

/// One container operation; throws engine::Error.
using ContainerOperation =
    std::function<void(engine::client::EngineApi& api, const reconcile::ObservedContainer& container)>;

/// Runs `operation` on every container, in parallel up to the limit, reporting "Container
/// <name>  <working>" then `<done>`, or Error with the cause. Every container is tried; then
/// the first failure is thrown as engine::Error with context ("<verb> container demo-web-1: ...").
void ForEachContainer(const OperationContext& context,
                      const std::vector<reconcile::ObservedContainer>& containers,
                      std::string_view working,
                      std::string_view done,
                      const ContainerOperation& operation);

/// The resource name progress shows for a container: "Container demo-web-1".
std::string ContainerResource(const reconcile::ObservedContainer& container);

/// Everything a CLI registration needs to run a project command.
struct CommandEnvironment final {
    EngineContext engine;
    std::shared_ptr<engine::client::EngineApi> api;  ///< pooled: safe to call from several threads
    ProjectContext project;
};

/// For CLI registrations: resolves the engine for the running process, connects, loads the
/// project context (see LoadProjectContext) and returns all of it.
CommandEnvironment PrepareProjectCommand(const GlobalOptions& global,
                                         const EngineOptions& engine_options,
                                         const std::vector<std::string>& services,
                                         std::ostream& err);

}  // namespace compose::cli
