// One operation of a plan: its Engine API call, its progress words (Docker Compose's) and the
// context its error gets.

#include <cctype>
#include <string>

#include "compose/reconcile/executor_internal.hpp"
#include "engine/base/error.hpp"

namespace compose::reconcile::internal {
namespace {

using Status = ProgressEvent::Status;

/// A recreate creates "<old id[:12]>_<final name>" and renames it once the old one is gone.
std::string FinalName(const std::string& name) {
    constexpr std::size_t kPrefix = 12;
    if (name.size() <= kPrefix + 1 || name[kPrefix] != '_') {
        return name;
    }
    for (std::size_t i = 0; i < kPrefix; ++i) {
        if (!std::isxdigit(static_cast<unsigned char>(name[i]))) {
            return name;
        }
    }
    return name.substr(kPrefix + 1);
}

bool IsNotFound(const engine::Error& error) {
    return error.code() == engine::Errc::kNotFound;
}

bool HasPortRange(const nlohmann::json& host_config) {
    if (!host_config.is_object()) {
        return false;
    }
    const nlohmann::json bindings = host_config.value("PortBindings", nlohmann::json::object());
    if (!bindings.is_object()) {
        return false;
    }
    for (const auto& [port, list] : bindings.items()) {
        if (!list.is_array()) {
            continue;
        }
        for (const nlohmann::json& binding : list) {
            if (binding.is_object() && binding.value("HostPort", "").find('-') != std::string::npos) {
                return true;
            }
        }
    }
    return false;
}

/// The words an operation's resource gets before and after its call; empty for silent ones.
std::pair<std::string, std::string> ProgressWords(const Operation& operation) {
    switch (operation.kind) {
        case OperationKind::kCreateContainer:
            if (!operation.replaces.empty()) {
                return {"Recreate", "Recreated"};
            }
            return {"Creating", "Created"};
        case OperationKind::kCreateNetwork:
        case OperationKind::kCreateVolume:
            return {"Creating", "Created"};
        case OperationKind::kStartContainer:
            return {"Starting", "Started"};
        case OperationKind::kStopContainer:
            return {"Stopping", "Stopped"};
        case OperationKind::kRemoveContainer:
        case OperationKind::kRemoveNetwork:
        case OperationKind::kRemoveVolume:
            return {"Removing", "Removed"};
        case OperationKind::kRenameContainer:
        case OperationKind::kConnectNetwork:
        case OperationKind::kDisconnectNetwork:
            break;
    }
    return {};
}

}  // namespace

std::string OperationResource(const Operation& operation) {
    switch (operation.kind) {
        case OperationKind::kCreateNetwork:
        case OperationKind::kRemoveNetwork:
            return "Network " + operation.name;
        case OperationKind::kCreateVolume:
        case OperationKind::kRemoveVolume:
            return "Volume " + operation.name;
        case OperationKind::kRenameContainer:
            return ContainerResource(operation.target);
        default:
            return ContainerResource(FinalName(operation.name));
    }
}

std::string DescribeOperation(const Operation& operation) {
    switch (operation.kind) {
        case OperationKind::kCreateNetwork:
            return "create network " + operation.name;
        case OperationKind::kRemoveNetwork:
            return "remove network " + operation.name;
        case OperationKind::kCreateVolume:
            return "create volume " + operation.name;
        case OperationKind::kRemoveVolume:
            return "remove volume " + operation.name;
        case OperationKind::kCreateContainer:
            return "create container " + operation.name;
        case OperationKind::kStartContainer:
            return "start container " + operation.name;
        case OperationKind::kStopContainer:
            return "stop container " + operation.name;
        case OperationKind::kRemoveContainer:
            return "remove container " + operation.name;
        case OperationKind::kRenameContainer:
            return "rename container " + operation.name + " to " + operation.target;
        case OperationKind::kConnectNetwork:
            return "connect container " + operation.name + " to network " + operation.target;
        case OperationKind::kDisconnectNetwork:
            return "disconnect container " + operation.name + " from network " + operation.target;
    }
    return std::string(OperationKindName(operation.kind)) + " " + operation.name;
}

OperationRunner::OperationRunner(engine::client::EngineApi& api,
                                 const ResourceSpecs& specs,
                                 const ExecuteOptions& options,
                                 ProgressSink& sink)
    : api_(api), specs_(specs), options_(options), sink_(sink) {}

bool OperationRunner::Run(const Operation& operation, const PauseFunction& pause) {
    const std::string resource = OperationResource(operation);
    try {
        switch (operation.kind) {
            case OperationKind::kCreateNetwork:
            case OperationKind::kRemoveNetwork:
            case OperationKind::kCreateVolume:
            case OperationKind::kRemoveVolume:
                RunNetworkOrVolume(operation);
                return true;
            default:
                return RunContainer(operation, pause);
        }
    } catch (const DependencyFailure&) {
        throw;  // its message is the whole cause and its Error events went out
    } catch (const std::exception& error) {
        sink_.Emit(resource, "Error", Status::kError, error.what());
        throw ExecuteError(DescribeOperation(operation) + ": " + error.what());
    }
}

bool OperationRunner::RunContainer(const Operation& operation, const PauseFunction& pause) {
    const auto [working, done] = ProgressWords(operation);
    const std::string resource = OperationResource(operation);
    if (operation.kind == OperationKind::kStartContainer) {
        // Its words go out in StartContainer, after the dependency waits.
        return StartContainer(operation, pause);
    }
    if (!working.empty()) {
        sink_.Emit(resource, working, Status::kWorking);
    }
    switch (operation.kind) {
        case OperationKind::kCreateContainer:
            CreateContainer(operation);
            break;
        case OperationKind::kStopContainer:
            api_.ContainerStop(ContainerId(operation),
                               operation.timeout >= 0 ? std::optional<int>(operation.timeout) : std::nullopt,
                               "");
            break;
        case OperationKind::kRemoveContainer:
            RemoveContainer(operation);
            break;
        case OperationKind::kRenameContainer:
            api_.ContainerRename(ContainerId(operation), operation.target);
            break;
        case OperationKind::kConnectNetwork: {
            const std::string id = ContainerId(operation);
            api_.NetworkConnect(operation.target, specs_.NetworkConnectBody(operation, id, operation.target));
            break;
        }
        case OperationKind::kDisconnectNetwork:
            api_.NetworkDisconnect(operation.target, ContainerId(operation), true);
            break;
        default:
            break;
    }
    if (!done.empty()) {
        sink_.Emit(resource, done, Status::kDone);
    }
    return true;
}

void OperationRunner::RunNetworkOrVolume(const Operation& operation) {
    const auto [working, done] = ProgressWords(operation);
    const std::string resource = OperationResource(operation);
    sink_.Emit(resource, working, Status::kWorking);
    switch (operation.kind) {
        case OperationKind::kCreateNetwork:
            api_.NetworkCreate(specs_.NetworkCreateBody(operation));
            break;
        case OperationKind::kRemoveNetwork:
            RemoveNetwork(operation);
            return;  // it emits its own last word
        case OperationKind::kCreateVolume:
            api_.VolumeCreate(specs_.VolumeCreateBody(operation));
            break;
        case OperationKind::kRemoveVolume:
            try {
                api_.VolumeRemove(operation.name.empty() ? operation.id_or_name : operation.name, false);
            } catch (const engine::Error& error) {
                if (!IsNotFound(error)) {
                    throw;
                }
            }
            break;
        default:
            break;
    }
    sink_.Emit(resource, done, Status::kDone);
}

void OperationRunner::CreateContainer(const Operation& operation) {
    nlohmann::json replaced;
    if (!operation.replaces.empty() && !operation.renew_anonymous_volumes) {
        replaced = api_.ContainerInspect(operation.replaces, false);
    }
    nlohmann::json body = specs_.ContainerCreateBody(operation, replaced);
    const nlohmann::json reply = api_.ContainerCreate(operation.name, "", body);
    const std::lock_guard lock(created_mutex_);
    created_[{operation.service, operation.number}] = Created{reply.value("Id", operation.name), std::move(body)};
}

bool OperationRunner::StartContainer(const Operation& operation, const PauseFunction& pause) {
    const std::string resource = OperationResource(operation);
    if (!operation.wait_for.empty()) {
        const WaitContext context{api_, options_.project, options_.poll_interval, sink_, pause};
        if (!WaitForDependencies(context, FinalName(operation.name), operation.wait_for)) {
            return false;
        }
    }
    const std::string id = ContainerId(operation);
    sink_.Emit(resource, "Starting", Status::kWorking);
    if (PublishesPortRange(operation, id)) {
        const std::lock_guard lock(port_range_mutex_);
        api_.ContainerStart(id);
    } else {
        api_.ContainerStart(id);
    }
    sink_.Emit(resource, "Started", Status::kDone);
    return true;
}

void OperationRunner::RemoveContainer(const Operation& operation) {
    try {
        api_.ContainerRemove(ContainerId(operation), true, operation.remove_volumes);
    } catch (const engine::Error& error) {
        // Already gone is what we wanted.
        if (!IsNotFound(error)) {
            throw;
        }
    }
}

void OperationRunner::RemoveNetwork(const Operation& operation) {
    const std::string resource = OperationResource(operation);
    try {
        api_.NetworkRemove(operation.id_or_name.empty() ? operation.name : operation.id_or_name);
    } catch (const engine::Error& error) {
        if (error.code() == engine::Errc::kConflict &&
            std::string_view(error.what()).find("active endpoints") != std::string_view::npos) {
            // docker/compose down.go: a network other containers still use is left, with a warning.
            sink_.Emit(resource, "Resource is still in use", Status::kWarning, error.what());
            return;
        }
        if (!IsNotFound(error)) {
            throw;
        }
    }
    sink_.Emit(resource, "Removed", Status::kDone);
}

std::string OperationRunner::ContainerId(const Operation& operation) {
    if (!operation.id_or_name.empty()) {
        return operation.id_or_name;
    }
    const std::lock_guard lock(created_mutex_);
    const auto created = created_.find({operation.service, operation.number});
    return created != created_.end() ? created->second.id : operation.name;
}

bool OperationRunner::PublishesPortRange(const Operation& operation, const std::string& id) {
    if (operation.id_or_name.empty()) {
        const std::lock_guard lock(created_mutex_);
        const auto created = created_.find({operation.service, operation.number});
        if (created != created_.end()) {
            return HasPortRange(created->second.body.value("HostConfig", nlohmann::json()));
        }
    }
    const nlohmann::json inspect = api_.ContainerInspect(id, false);
    return HasPortRange(inspect.value("HostConfig", nlohmann::json()));
}

}  // namespace compose::reconcile::internal
