#include "compose/cli/project_context.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <mutex>
#include <ostream>
#include <set>
#include <thread>

#include "compose/graph/service_graph.hpp"
#include "compose/loader/config_files.hpp"
#include "compose/loader/list_syntax.hpp"
#include "compose/loader/load_error.hpp"
#include "compose/loader/project_environment.hpp"
#include "compose/loader/project_loader.hpp"
#include "compose/reconcile/labels.hpp"
#include "compose/reconcile/observe.hpp"
#include "engine/base/error.hpp"
#include "engine/client/pooled_engine_api.hpp"

namespace compose::cli {
namespace {

using reconcile::ObservedContainer;
using reconcile::ProgressEvent;

std::string EnvOr(const ProcessContext& process, const std::string& name) {
    const auto it = process.environment.find(name);
    return it == process.environment.end() ? std::string() : it->second;
}

// True when a compose file is there to load. Only "nothing found" counts as absent: a named
// file (-f, COMPOSE_FILE) that is missing stays an error, as in Docker Compose.
bool HasComposeFile(const loader::LoadOptions& load, const ProcessContext& process) {
    if (!load.files.empty() || !EnvOr(process, "COMPOSE_FILE").empty()) {
        return true;
    }
    loader::Warnings ignored;
    try {
        return !loader::FindConfigFiles(load, process.environment, ignored).empty();
    } catch (const loader::LoadError&) {
        return false;
    }
}

// A project tree holding only the dependencies the containers' depends_on labels record
// ("db:service_healthy:false,cache:service_started:true"), for ServiceGraph. Edges are not
// required, so a dependency without containers is dropped instead of failing.
model::Project ProjectFromLabels(const ProjectContext& context) {
    model::Project project;
    project.name = context.name;
    model::Value& services = project.config["services"];
    for (const std::string& service : KnownServices(context)) {
        services[service] = model::Value::MakeMap();
    }
    for (const ObservedContainer& container : context.observed.containers) {
        const auto label = container.labels.find(std::string(reconcile::labels::kDependsOn));
        if (container.oneoff || label == container.labels.end()) {
            continue;
        }
        for (const std::string& entry : loader::SplitList(label->second, ",")) {
            const std::string dependency = entry.substr(0, entry.find(':'));
            if (!dependency.empty() && dependency != container.service) {
                services[container.service]["depends_on"][dependency]["required"] = model::Value(false);
            }
        }
    }
    return project;
}

ProgressEvent Event(const ObservedContainer& container,
                    std::string_view text,
                    ProgressEvent::Status status,
                    std::chrono::steady_clock::time_point started,
                    std::string detail = {}) {
    return ProgressEvent{
        .resource = ContainerResource(container),
        .text = std::string(text),
        .status = status,
        .elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started),
        .detail = std::move(detail)};
}

}  // namespace

std::string FallbackProjectName(const GlobalOptions& global, const ProcessContext& process) {
    if (!global.project_name.empty()) {
        loader::CheckProjectName(global.project_name, "-p");
        return global.project_name;
    }
    if (const std::string env = EnvOr(process, "COMPOSE_PROJECT_NAME"); !env.empty()) {
        loader::CheckProjectName(env, "COMPOSE_PROJECT_NAME");
        return env;
    }
    std::filesystem::path directory(global.project_directory.empty() ? process.working_directory
                                                                     : global.project_directory);
    if (directory.is_relative()) {
        directory = std::filesystem::path(process.working_directory) / directory;
    }
    directory = directory.lexically_normal();
    std::string base = directory.filename().string();
    if (base.empty()) {
        base = directory.parent_path().filename().string();
    }
    return loader::NormalizeProjectName(base);
}

ProjectContext LoadProjectContext(const GlobalOptions& global,
                                  const ProcessContext& process,
                                  engine::client::EngineApi& api,
                                  std::ostream& err,
                                  const std::vector<std::string>& services) {
    ProjectContext context;
    loader::LoadOptions load = ToLoadOptions(global, process);
    load.services = services;
    if (HasComposeFile(load, process)) {
        loader::Warnings warnings;
        context.project = loader::LoadProject(load, warnings);
        for (const std::string& warning : warnings.List()) {
            err << "WARN: " << warning << '\n';
        }
        context.name = context.project->name;
    } else {
        context.name = FallbackProjectName(global, process);
    }
    context.observed = reconcile::Observe(api, context.name, context.project ? &*context.project : nullptr);
    return context;
}

std::vector<std::string> KnownServices(const ProjectContext& context) {
    if (context.project) {
        return context.project->ServiceNames();
    }
    std::set<std::string> names;
    for (const ObservedContainer& container : context.observed.containers) {
        if (!container.oneoff && !container.service.empty()) {
            names.insert(container.service);
        }
    }
    return {names.begin(), names.end()};
}

std::vector<std::string> SelectServices(const ProjectContext& context, const std::vector<std::string>& requested) {
    std::vector<std::string> known = KnownServices(context);
    if (requested.empty()) {
        return known;
    }
    for (const std::string& name : requested) {
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            throw engine::Error(engine::Errc::kNotFound, "no such service: " + name);
        }
    }
    return requested;
}

std::vector<ObservedContainer> ContainersOf(const ProjectContext& context,
                                            const std::vector<std::string>& services,
                                            bool include_oneoff) {
    std::vector<ObservedContainer> result;
    for (const ObservedContainer& container : context.observed.containers) {
        if (container.oneoff && !include_oneoff) {
            continue;
        }
        if (services.empty() || std::find(services.begin(), services.end(), container.service) != services.end()) {
            result.push_back(container);
        }
    }
    return result;
}

std::vector<std::vector<std::string>> ServiceBatches(const ProjectContext& context,
                                                     const std::vector<std::string>& services,
                                                     bool reverse) {
    const model::Project project = context.project ? *context.project : ProjectFromLabels(context);
    const graph::ServiceGraph graph = graph::ServiceGraph::Build(project);
    const std::set<std::string> wanted(services.begin(), services.end());
    std::vector<std::vector<std::string>> batches;
    for (const auto& batch : reverse ? graph.ReverseDependencyOrder() : graph.DependencyOrder()) {
        std::vector<std::string> kept;
        std::copy_if(batch.begin(), batch.end(), std::back_inserter(kept), [&](const std::string& service) {
            return wanted.contains(service);
        });
        if (!kept.empty()) {
            batches.push_back(std::move(kept));
        }
    }
    return batches;
}

std::string ContainerResource(const ObservedContainer& container) {
    return "Container " + container.name;
}

void ForEachContainer(const OperationContext& context,
                      const std::vector<ObservedContainer>& containers,
                      std::string_view working,
                      std::string_view done,
                      const ContainerOperation& operation) {
    std::mutex mutex;
    std::exception_ptr first_error;
    const auto run_one = [&](engine::client::EngineApi& api, const ObservedContainer& container) {
        const auto started = std::chrono::steady_clock::now();
        if (context.on_progress) {
            context.on_progress(Event(container, working, ProgressEvent::Status::kWorking, started));
        }
        try {
            operation(api, container);
            if (context.on_progress) {
                context.on_progress(Event(container, done, ProgressEvent::Status::kDone, started));
            }
        } catch (const engine::Error& error) {
            if (context.on_progress) {
                context.on_progress(Event(container, "Error", ProgressEvent::Status::kError, started, error.what()));
            }
            std::string verb(working);
            std::transform(verb.begin(), verb.end(), verb.begin(), [](unsigned char c) { return std::tolower(c); });
            if (verb.ends_with("ing")) {
                verb.resize(verb.size() - 3);
            }
            std::lock_guard lock(mutex);
            if (!first_error) {
                first_error = std::make_exception_ptr(error.Wrap(verb + " container " + container.name));
            }
        }
    };
    const std::size_t workers = context.parallel > 0
                                    ? std::min(static_cast<std::size_t>(context.parallel), containers.size())
                                    : containers.size();
    if (workers < 2) {
        for (const ObservedContainer& container : containers) {
            run_one(context.api, container);
        }
    } else {
        // Each worker takes the next container as soon as it is done with one, so a slow stop
        // holds up only its own slot.
        std::atomic<std::size_t> next{0};
        std::vector<std::jthread> threads;
        for (std::size_t w = 0; w < workers; ++w) {
            threads.emplace_back([&] {
                for (std::size_t i = next++; i < containers.size(); i = next++) {
                    try {
                        run_one(context.api, containers[i]);
                    } catch (...) {
                        std::lock_guard lock(mutex);
                        if (!first_error) {
                            first_error = std::current_exception();
                        }
                    }
                }
            });
        }
        threads.clear();  // joins
    }
    if (first_error) {
        std::rethrow_exception(first_error);
    }
}

CommandEnvironment PrepareProjectCommand(const GlobalOptions& global,
                                         const EngineOptions& engine_options,
                                         const std::vector<std::string>& services,
                                         std::ostream& err) {
    const ProcessContext process = CurrentProcess();
    CommandEnvironment environment{
        .engine = ResolveEngineContext(engine_options, process.environment, CurrentTerminals()),
        .api = nullptr,
        .project = {}};
    // Pooled, so commands can run container operations and log streams side by side.
    environment.api = std::make_shared<engine::client::PooledEngineApi>(environment.engine.open_api);
    environment.project = LoadProjectContext(global, process, *environment.api, err, services);
    return environment;
}

}  // namespace compose::cli
