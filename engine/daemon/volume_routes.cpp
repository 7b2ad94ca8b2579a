#include "engine/daemon/volume_routes.hpp"

#include <algorithm>

#include "engine/api/filters.hpp"
#include "engine/base/error.hpp"

namespace engine::daemon {
namespace {

using nlohmann::json;

json OptionalMap(const std::optional<volume::StringMap>& map) {
    return map ? json(*map) : json(nullptr);
}

void Emit(const VolumeRoutesContext& context,
          const std::string& action,
          const std::string& name,
          std::map<std::string, std::string> attributes) {
    if (context.emit_event) {
        context.emit_event(action, name, std::move(attributes));
    }
}

// A string map field of the create body: absent and null stay absent (JSON null on output).
std::optional<volume::StringMap> BodyMap(const json& body, const char* key) {
    const auto found = body.find(key);
    if (found == body.end() || found->is_null()) {
        return std::nullopt;
    }
    if (!found->is_object()) {
        throw Error(Errc::kInvalidArgument,
                    std::string("json: cannot unmarshal ") + found->type_name() + " into Go struct field " + key +
                        " of type map[string]string");
    }
    volume::StringMap map;
    for (const auto& [name, value] : found->items()) {
        if (!value.is_string()) {
            throw Error(Errc::kInvalidArgument,
                        std::string("json: cannot unmarshal ") + value.type_name() + " into Go struct field " + key +
                            " of type string");
        }
        map[name] = value.get<std::string>();
    }
    return map;
}

std::string BodyString(const json& body, const char* key) {
    const auto found = body.find(key);
    if (found == body.end() || found->is_null()) {
        return "";
    }
    if (!found->is_string()) {
        throw Error(Errc::kInvalidArgument,
                    std::string("json: cannot unmarshal ") + found->type_name() + " into Go struct field " + key +
                        " of type string");
    }
    return found->get<std::string>();
}

volume::CreateOptions CreateOptionsFrom(const json& body) {
    if (!body.is_object()) {
        throw Error(
            Errc::kInvalidArgument,
            std::string("json: cannot unmarshal ") + body.type_name() + " into Go value of type volume.CreateOptions");
    }
    volume::CreateOptions options;
    options.name = BodyString(body, "Name");
    options.driver = BodyString(body, "Driver");
    options.driver_options = BodyMap(body, "DriverOpts");
    options.labels = BodyMap(body, "Labels");
    return options;
}

// moby's filtersToBy for listing: driver (exact), name (regexp match), label, dangling.
bool ListMatch(const api::Filters& filters, const volume::Volume& volume, const VolumeRoutesContext& context) {
    const std::vector<std::string> drivers = filters.Values("driver");
    if (!drivers.empty() && std::find(drivers.begin(), drivers.end(), volume.driver) == drivers.end()) {
        return false;
    }
    if (filters.Has("name") && !filters.Match("name", volume.name)) {
        return false;
    }
    if (!filters.MatchKVList("label", volume.labels.value_or(volume::StringMap{}))) {
        return false;
    }
    if (filters.Has("dangling")) {
        const bool dangling = filters.BoolOrDefault("dangling", false);
        return context.volumes.InUseBy(volume.name, context.users).empty() == dangling;
    }
    return true;
}

void HandleList(VolumeRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const api::Filters filters = api::ParseFilters(request.query.Get("filters"));
    filters.Validate({"dangling", "name", "driver", "label"});
    if (filters.Has("dangling")) {
        filters.BoolOrDefault("dangling", false);  // a bad value is an error even with no volumes
    }
    json list = json::array();
    for (const volume::Volume& volume : context.volumes.List()) {
        if (ListMatch(filters, volume, context)) {
            list.push_back(VolumeJson(volume));
        }
    }
    SendJson(response, 200, json{{"Volumes", std::move(list)}, {"Warnings", nullptr}});
}

void HandleCreate(VolumeRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const volume::CreateResult result = context.volumes.Create(CreateOptionsFrom(request.JsonBody()));
    if (result.created) {
        Emit(context, "create", result.volume.name, {{"driver", result.volume.driver}});
    }
    SendJson(response, 201, VolumeJson(result.volume));
}

void HandleDelete(VolumeRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const std::string& name = request.Param("name");
    std::optional<std::string> driver;
    try {
        driver = context.volumes.Get(name).driver;
    } catch (const Error& error) {
        if (error.code() != Errc::kNotFound) {
            throw;
        }
        // Remove reports the missing volume, or forgives it with force
    }
    context.volumes.Remove(name, request.query.BoolValue("force"), context.users);
    if (driver) {
        Emit(context, "destroy", name, {{"driver", *driver}});
    }
    response.Send(204, "", "");
}

void HandlePrune(VolumeRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const api::Filters filters = api::ParseFilters(request.query.Get("filters"));
    // "all" is what newer clients send; at API 1.41 every unused volume is pruned anyway.
    filters.Validate({"label", "label!", "all"});
    volume::PruneOptions options;
    if (filters.Has("label") || filters.Has("label!")) {
        // moby's byLabelFilter: every "label" must hold and no "label!" may.
        options.label_match = [filters](const volume::StringMap& labels) {
            return filters.MatchKVList("label", labels) &&
                   !(filters.Has("label!") && filters.MatchKVList("label!", labels));
        };
    }
    const volume::PruneReport report = context.volumes.Prune(options, context.users);
    for (const std::string& name : report.deleted) {
        Emit(context, "destroy", name, {{"driver", std::string(volume::kLocalDriver)}});
    }
    Emit(context, "prune", "", {{"reclaimed", std::to_string(report.space_reclaimed)}});
    SendJson(response, 200, json{{"VolumesDeleted", report.deleted}, {"SpaceReclaimed", report.space_reclaimed}});
}

}  // namespace

json VolumeJson(const volume::Volume& volume, const std::optional<volume::UsageData>& usage) {
    json document{{"CreatedAt", volume::FormatRfc3339(volume.created_at)},
                  {"Driver", volume.driver},
                  {"Labels", OptionalMap(volume.labels)},
                  {"Mountpoint", volume.mountpoint.string()},
                  {"Name", volume.name},
                  {"Options", OptionalMap(volume.options)},
                  {"Scope", "local"}};
    if (usage) {
        document["UsageData"] = json{{"Size", usage->size}, {"RefCount", usage->ref_count}};
    }
    return document;
}

json VolumeDiskUsage(const VolumeRoutesContext& context) {
    json list = json::array();
    for (const volume::Volume& volume : context.volumes.List()) {
        if (volume.driver != volume::kLocalDriver || !volume.options.value_or(volume::StringMap{}).empty()) {
            continue;
        }
        try {
            list.push_back(VolumeJson(volume, context.volumes.Usage(volume.name, context.users)));
        } catch (const Error&) {
            // removed while we walked the others
        }
    }
    return list;
}

void AddVolumeRoutes(Router& router, VolumeRoutesContext& context) {
    router.Add("GET", "/volumes", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleList(context, request, response);
    });
    router.Add("POST", "/volumes/create", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleCreate(context, request, response);
    });
    router.Add("POST", "/volumes/prune", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandlePrune(context, request, response);
    });
    router.Add("GET", "/volumes/{name}", [&context](ApiRequest& request, http::ResponseWriter& response) {
        SendJson(response, 200, VolumeJson(context.volumes.Get(request.Param("name"))));
    });
    router.Add("DELETE", "/volumes/{name}", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleDelete(context, request, response);
    });
}

}  // namespace engine::daemon
