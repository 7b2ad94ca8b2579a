// GET /containers/json, GET /containers/{id}/json, and the registration of top and stats.

#include <limits>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/container_filter.hpp"
#include "engine/api/container_inspect_json.hpp"
#include "engine/api/filters.hpp"
#include "engine/base/error.hpp"
#include "engine/daemon/container_routes_internal.hpp"
#include "engine/daemon/container_routes_stats.hpp"
#include "engine/daemon/container_routes_top.hpp"

namespace engine::daemon {
namespace {

// Image parents are a short chain; the bound only guards against a corrupt loop.
constexpr int kMaxImageDepth = 1000;

// moby's ancestor filter: `image_id` is the image `reference` names or one built on it.
bool ImageDescendsFrom(const image::ImageStore& images, std::string_view image_id, std::string_view reference) {
    std::string ancestor;
    try {
        ancestor = images.Resolve(reference);
    } catch (const Error&) {
        return false;  // a reference that names no image matches nothing
    }
    std::string current(image_id);
    for (int depth = 0; depth < kMaxImageDepth && !current.empty(); ++depth) {
        if (current == ancestor) {
            return true;
        }
        try {
            current = images.Inspect(current).parent;
        } catch (const Error&) {
            return false;  // the container's image was removed (by force) meanwhile
        }
    }
    return false;
}

api::ContainerFilterHooks FilterHooks(ContainerRoutesContext& context) {
    return api::ContainerFilterHooks{
        .resolve_container = [&context](std::string_view reference) -> std::optional<std::string> {
            try {
                return context.containers.Resolve(reference);
            } catch (const Error& error) {
                if (error.code() == Errc::kNotFound) {
                    return std::nullopt;
                }
                throw;
            }
        },
        .image_descends_from =
            [&context](std::string_view image_id, std::string_view reference) {
                return ImageDescendsFrom(context.images, image_id, reference);
            }};
}

// moby reads `limit` with strconv.Atoi; docker-py sends -1 for "no limit".
std::int64_t ListLimit(const api::Query& query) {
    return query.Int64ValueOrDefault("limit", -1);
}

void HandleList(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const bool all = request.query.BoolValue("all");
    const bool size = request.query.BoolValue("size");
    const std::int64_t limit = ListLimit(request.query);
    const api::ContainerFilter filter =
        api::ContainerFilter::Make(api::ParseFilters(request.query.Get("filters")), FilterHooks(context));
    const std::vector<api::ContainerView> views = context.containers.List(size);
    const std::int64_t now = NowUnixNanos();
    nlohmann::json list = nlohmann::json::array();
    for (const api::ContainerView* view : filter.Apply(views, all, limit)) {
        list.push_back(api::ContainerSummaryJson(*view, size, now));
    }
    SendJson(response, 200, list);
}

}  // namespace

void AddContainerInspectRoutes(Router& router, ContainerRoutesContext& context) {
    router.Add("GET", "/containers/json", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleList(context, request, response);
    });
    router.Add("GET", "/containers/{id}/json", [&context](ApiRequest& request, http::ResponseWriter& response) {
        const bool size = request.query.BoolValue("size");
        SendJson(response, 200, api::ContainerInspectJson(context.containers.View(request.Param("id"), size)));
    });
    router.Add("GET", "/containers/{id}/top", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleContainerTop(context, request, response);
    });
    router.Add("GET", "/containers/{id}/stats", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleContainerStats(context, request, response);
    });
}

}  // namespace engine::daemon
