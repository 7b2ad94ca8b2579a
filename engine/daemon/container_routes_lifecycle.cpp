// create, start, stop, restart, kill, pause, unpause, wait, delete, rename, prune.

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/container_create.hpp"
#include "engine/api/error_response.hpp"
#include "engine/api/filters.hpp"
#include "engine/base/error.hpp"
#include "engine/daemon/container_routes_internal.hpp"
#include "engine/daemon/prune_filter.hpp"

namespace engine::daemon {
namespace {

using nlohmann::json;

// The stop timeout `t` as moby reads it: absent or empty means the container's own.
std::optional<int> StopTimeout(const api::Query& query) {
    if (query.Get("t").empty()) {
        return std::nullopt;
    }
    // Int64ValueOrDefault words a bad value as moby's form helpers; beyond int it is forever.
    const std::int64_t seconds = query.Int64ValueOrDefault("t", 0);
    return static_cast<int>(std::clamp<std::int64_t>(seconds, -1, std::numeric_limits<int>::max()));
}

WaitCondition ParseWaitCondition(const std::string& value) {
    if (value.empty() || value == "not-running") {
        return WaitCondition::kNotRunning;
    }
    if (value == "next-exit") {
        return WaitCondition::kNextExit;
    }
    if (value == "removed") {
        return WaitCondition::kRemoved;
    }
    throw Error(Errc::kInvalidArgument, "invalid condition: \"" + value + "\"");
}

void HandleCreate(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    std::string name;
    if (const std::string given = request.query.Get("name"); !given.empty()) {
        name = api::ValidateContainerName(given);
    }
    const api::ContainerCreateRequest create =
        api::ParseContainerCreate(request.JsonBody(), request.version, context.containers.CreateFacts());
    const ContainerManager::Created created = context.containers.Create(create, name);
    // Warnings is always a list in moby's reply, [] when there are none.
    SendJson(response, 201, json{{"Id", created.id}, {"Warnings", json(created.warnings)}});
}

// 204 when the container changed state, 304 when it already was where it was asked to go.
void SendChanged(http::ResponseWriter& response, bool changed) {
    response.Send(changed ? 204 : 304, "", "");
}

// moby writes the 200 header at once (docker run waits for it before it starts the
// container) and the result when the condition holds. Errors it can tell at once (no such
// container, a bad condition) are plain error replies.
void HandleWait(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const WaitCondition condition = ParseWaitCondition(request.query.Get("condition"));
    // Registered before the header goes out: the client starts the container on the header,
    // and a fast container must not exit before the wait counts from.
    const ContainerManager::WaitTicket ticket = context.containers.PrepareWait(request.Param("id"), condition);
    response.BeginStream(200, api::kJsonContentType);
    nlohmann::ordered_json body;
    try {
        const std::optional<WaitResult> result =
            context.containers.Wait(ticket, [&response] { return response.Cancelled(); });
        if (!result) {
            return;  // the client left; nobody reads a reply
        }
        body["StatusCode"] = result->exit_code;
        body["Error"] = result->error.empty() ? json(nullptr) : json{{"Message", result->error}};
    } catch (const Error& error) {
        // The header is out: the failure goes in-band, which the docker CLI reports (exit 125).
        body["StatusCode"] = -1;
        body["Error"] = json{{"Message", error.what()}};
    }
    if (response.WriteChunk(body.dump() + "\n")) {
        response.EndStream();
    }
}

void HandleDelete(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    if (request.query.BoolValue("link")) {
        // Berth has no legacy links: every name is a container's own, which moby refuses to unlink.
        throw Error(Errc::kConflict, "Conflict, cannot remove the default link name of the container");
    }
    context.containers.Remove(request.Param("id"), request.query.BoolValue("force"), request.query.BoolValue("v"));
    response.Send(204, "", "");
}

void HandleRename(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const std::string new_name = request.query.Get("name");
    if (new_name.empty()) {
        throw Error(Errc::kInvalidArgument, "Neither old nor new names may be empty");
    }
    context.containers.Rename(request.Param("id"), api::ValidateContainerName(new_name));
    response.Send(204, "", "");
}

std::map<std::string, std::string, std::less<>> LabelsOf(const api::ContainerView& view) {
    std::map<std::string, std::string, std::less<>> labels;
    if (view.config.labels) {
        labels.insert(view.config.labels->begin(), view.config.labels->end());
    }
    return labels;
}

// moby's ContainersPrune: until (created at or before), label, label!.
void HandlePrune(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const PruneFilter filter = PruneFilter::Parse(api::ParseFilters(request.query.Get("filters")), NowUnixNanos());
    const ContainerManager::PruneResult result = context.containers.Prune(
        [&](const api::ContainerView& view) { return filter.Matches(view.created, LabelsOf(view)); });
    if (context.emit_event) {
        context.emit_event("prune", "", {{"reclaimed", std::to_string(result.space_reclaimed)}});
    }
    // moby's ContainersDeleted is a nil slice (null) when nothing went.
    const json deleted = result.deleted.empty() ? json(nullptr) : json(result.deleted);
    SendJson(response, 200, json{{"ContainersDeleted", deleted}, {"SpaceReclaimed", result.space_reclaimed}});
}

}  // namespace

void AddContainerLifecycleRoutes(Router& router, ContainerRoutesContext& context) {
    router.Add("POST", "/containers/create", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleCreate(context, request, response);
    });
    router.Add("POST", "/containers/prune", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandlePrune(context, request, response);
    });
    router.Add("POST", "/containers/{id}/start", [&context](ApiRequest& request, http::ResponseWriter& response) {
        SendChanged(response, context.containers.Start(request.Param("id")));
    });
    router.Add("POST", "/containers/{id}/stop", [&context](ApiRequest& request, http::ResponseWriter& response) {
        SendChanged(response, context.containers.Stop(request.Param("id"), StopTimeout(request.query)));
    });
    router.Add("POST", "/containers/{id}/restart", [&context](ApiRequest& request, http::ResponseWriter& response) {
        context.containers.Restart(request.Param("id"), StopTimeout(request.query));
        response.Send(204, "", "");
    });
    router.Add("POST", "/containers/{id}/kill", [&context](ApiRequest& request, http::ResponseWriter& response) {
        context.containers.Kill(request.Param("id"), request.query.Get("signal"));
        response.Send(204, "", "");
    });
    router.Add("POST", "/containers/{id}/pause", [&context](ApiRequest& request, http::ResponseWriter& response) {
        context.containers.Pause(request.Param("id"));
        response.Send(204, "", "");
    });
    router.Add("POST", "/containers/{id}/unpause", [&context](ApiRequest& request, http::ResponseWriter& response) {
        context.containers.Unpause(request.Param("id"));
        response.Send(204, "", "");
    });
    router.Add("POST", "/containers/{id}/wait", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleWait(context, request, response);
    });
    router.Add("POST", "/containers/{id}/rename", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleRename(context, request, response);
    });
    router.Add("DELETE", "/containers/{id}", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleDelete(context, request, response);
    });
}

}  // namespace engine::daemon
