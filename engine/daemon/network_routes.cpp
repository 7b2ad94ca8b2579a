#include "engine/daemon/network_routes.hpp"

#include "engine/api/filters.hpp"
#include "engine/api/network_connect.hpp"
#include "engine/api/network_create.hpp"
#include "engine/api/network_json.hpp"
#include "engine/base/error.hpp"
#include "engine/daemon/container_routes_internal.hpp"
#include "engine/daemon/prune_filter.hpp"

namespace engine::daemon {
namespace {

using nlohmann::json;

void SendOrderedJson(http::ResponseWriter& response, unsigned status, const nlohmann::ordered_json& value) {
    // The ordered form keeps moby's field order, which clients printing raw JSON show.
    response.Send(status, "application/json", value.dump() + "\n", {});
}

void HandleList(NetworkRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const std::vector<api::NetworkView> views = context.networks.List(api::ParseFilters(request.query.Get("filters")));
    std::vector<const api::NetworkView*> pointers;
    for (const api::NetworkView& view : views) {
        pointers.push_back(&view);
    }
    SendOrderedJson(response, 200, api::NetworkListJson(pointers));
}

void HandleCreate(NetworkRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const api::NetworkCreateRequest create = api::ParseNetworkCreate(request.JsonBody());
    const std::string id = context.networks.Create(create);
    SendJson(response, 201, json{{"Id", id}, {"Warning", ""}});
}

// moby's NetworksPrune: until (created at or before), label, label!.
void HandlePrune(NetworkRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const PruneFilter filter = PruneFilter::Parse(api::ParseFilters(request.query.Get("filters")), NowUnixNanos());
    const std::vector<std::string> deleted = context.networks.Prune([&](const api::NetworkView& view) {
        return filter.Matches(view.created, {view.labels.begin(), view.labels.end()});
    });
    if (context.emit_event) {
        context.emit_event("prune", "", {});
    }
    SendJson(response, 200, json{{"NetworksDeleted", deleted.empty() ? json(nullptr) : json(deleted)}});
}

void HandleConnect(NetworkRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const api::NetworkConnectRequest connect = api::ParseNetworkConnect(request.JsonBody());
    context.containers.ConnectNetwork(
        connect.container, request.Param("id"), connect.endpoint_config.value_or(api::EndpointSettings{}));
    response.Send(200, "text/plain; charset=utf-8", "", {});
}

void HandleDisconnect(NetworkRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const api::NetworkDisconnectRequest disconnect = api::ParseNetworkDisconnect(request.JsonBody());
    context.containers.DisconnectNetwork(disconnect.container, request.Param("id"), disconnect.force);
    response.Send(200, "text/plain; charset=utf-8", "", {});
}

}  // namespace

void AddNetworkRoutes(Router& router, NetworkRoutesContext& context) {
    router.Add("GET", "/networks", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleList(context, request, response);
    });
    router.Add("POST", "/networks/create", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleCreate(context, request, response);
    });
    router.Add("POST", "/networks/prune", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandlePrune(context, request, response);
    });
    router.Add("GET", "/networks/{id}", [&context](ApiRequest& request, http::ResponseWriter& response) {
        SendOrderedJson(response, 200, api::NetworkJson(context.networks.Inspect(request.Param("id")), true));
    });
    router.Add("DELETE", "/networks/{id}", [&context](ApiRequest& request, http::ResponseWriter& response) {
        context.networks.Remove(request.Param("id"));
        response.Send(204, "", "", {});
    });
    router.Add("POST", "/networks/{id}/connect", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleConnect(context, request, response);
    });
    router.Add("POST", "/networks/{id}/disconnect", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleDisconnect(context, request, response);
    });
}

}  // namespace engine::daemon
