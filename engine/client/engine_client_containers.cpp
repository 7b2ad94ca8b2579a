// EngineClient's container, volume and pull calls (the image and system ones are in
// engine_client.cpp).
#include "engine/client/engine_client.hpp"
#include "engine/client/std_stream.hpp"

namespace engine::client {
namespace {

std::string ContainerPath(std::string_view id, std::string_view action = "") {
    std::string path = "/containers/" + std::string(id);
    if (!action.empty()) {
        path += "/" + std::string(action);
    }
    return path;
}

void AddFilterQuery(QueryParams& query, const api::Filters& filters) {
    std::string encoded = EncodeFilters(filters);
    if (!encoded.empty()) {
        query.emplace_back("filters", std::move(encoded));
    }
}

void AddIfSet(QueryParams& query, std::string_view key, std::string_view value) {
    if (!value.empty()) {
        query.emplace_back(std::string(key), std::string(value));
    }
}

ApiRequest JsonBodyRequest(std::string method, std::string path, const nlohmann::json& body) {
    ApiRequest request(std::move(method), std::move(path));
    request.content_type = "application/json";
    request.body = body.dump();
    return request;
}

ApiRequest StopRequest(std::string_view id,
                       std::string_view action,
                       std::optional<int> timeout,
                       std::string_view signal) {
    ApiRequest request("POST", ContainerPath(id, action));
    if (timeout) {
        request.query.emplace_back("t", std::to_string(*timeout));
    }
    AddIfSet(request.query, "signal", signal);
    return request;
}

}  // namespace

void EngineClient::ImagePull(std::string_view ref, std::string_view platform, const JsonCallback& on_message) {
    // As the docker client: the tag (or digest) goes separately from the name.
    std::string name(ref);
    std::string tag;
    const std::size_t at = name.find('@');
    const std::size_t colon = name.rfind(':');
    const std::size_t slash = name.rfind('/');
    if (at != std::string::npos) {
        tag = name.substr(at + 1);
        name.resize(at);
    } else if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        tag = name.substr(colon + 1);
        name.resize(colon);
    }
    ApiRequest request("POST", "/images/create", {{"fromImage", name}});
    AddIfSet(request.query, "tag", tag);
    AddIfSet(request.query, "platform", platform);
    StreamJson(request, on_message, true);
}

nlohmann::json EngineClient::ContainerCreate(std::string_view name,
                                             std::string_view platform,
                                             const nlohmann::json& body) {
    ApiRequest request = JsonBodyRequest("POST", "/containers/create", body);
    AddIfSet(request.query, "name", name);
    AddIfSet(request.query, "platform", platform);
    return RequestJson(request);
}

void EngineClient::ContainerStart(std::string_view id) {
    Request(ApiRequest("POST", ContainerPath(id, "start")));
}

void EngineClient::ContainerStop(std::string_view id, std::optional<int> timeout, std::string_view signal) {
    Request(StopRequest(id, "stop", timeout, signal));
}

void EngineClient::ContainerRestart(std::string_view id, std::optional<int> timeout, std::string_view signal) {
    Request(StopRequest(id, "restart", timeout, signal));
}

void EngineClient::ContainerKill(std::string_view id, std::string_view signal) {
    ApiRequest request("POST", ContainerPath(id, "kill"));
    AddIfSet(request.query, "signal", signal);
    Request(request);
}

void EngineClient::ContainerPause(std::string_view id) {
    Request(ApiRequest("POST", ContainerPath(id, "pause")));
}

void EngineClient::ContainerUnpause(std::string_view id) {
    Request(ApiRequest("POST", ContainerPath(id, "unpause")));
}

nlohmann::json EngineClient::ContainerWait(std::string_view id, std::string_view condition) {
    ApiRequest request("POST", ContainerPath(id, "wait"));
    AddIfSet(request.query, "condition", condition);
    return RequestJson(request);
}

void EngineClient::ContainerRemove(std::string_view id, bool force, bool volumes) {
    ApiRequest request("DELETE", ContainerPath(id));
    if (volumes) {
        request.query.emplace_back("v", "1");
    }
    if (force) {
        request.query.emplace_back("force", "1");
    }
    Request(request);
}

nlohmann::json EngineClient::ContainerInspect(std::string_view id, bool size) {
    ApiRequest request("GET", ContainerPath(id, "json"));
    if (size) {
        request.query.emplace_back("size", "1");
    }
    return RequestJson(request);
}

nlohmann::json EngineClient::ContainerList(const ContainerListOptions& options) {
    ApiRequest request("GET", "/containers/json");
    if (options.all) {
        request.query.emplace_back("all", "1");
    }
    if (options.limit > 0) {
        request.query.emplace_back("limit", std::to_string(options.limit));
    }
    if (options.size) {
        request.query.emplace_back("size", "1");
    }
    AddFilterQuery(request.query, options.filters);
    return RequestJson(request);
}

void EngineClient::ContainerLogs(std::string_view id,
                                 const LogsOptions& options,
                                 bool tty,
                                 const OutputCallback& on_output) {
    ApiRequest request("GET", ContainerPath(id, "logs"));
    const auto flag = [&request](std::string_view key, bool set) {
        if (set) {
            request.query.emplace_back(std::string(key), "1");
        }
    };
    flag("stdout", options.stdout_stream);
    flag("stderr", options.stderr_stream);
    AddIfSet(request.query, "since", options.since);
    AddIfSet(request.query, "until", options.until);
    flag("timestamps", options.timestamps);
    flag("details", options.details);
    flag("follow", options.follow);
    request.query.emplace_back("tail", options.tail);
    if (tty) {
        Stream(request, [&on_output](std::string_view data) { return on_output(StdStream::kStdout, data); });
        return;
    }
    StdStreamDemuxer demuxer(on_output);
    Stream(request, [&demuxer](std::string_view data) { return demuxer.Feed(data); });
}

void EngineClient::ContainerRename(std::string_view id, std::string_view new_name) {
    Request(ApiRequest("POST", ContainerPath(id, "rename"), {{"name", std::string(new_name)}}));
}

nlohmann::json EngineClient::ContainerTop(std::string_view id, std::string_view ps_args) {
    ApiRequest request("GET", ContainerPath(id, "top"));
    AddIfSet(request.query, "ps_args", ps_args);
    return RequestJson(request);
}

nlohmann::json EngineClient::ContainerChanges(std::string_view id) {
    return RequestJson(ApiRequest("GET", ContainerPath(id, "changes")));
}

nlohmann::json EngineClient::ContainerPrune(const api::Filters& filters) {
    ApiRequest request("POST", "/containers/prune");
    AddFilterQuery(request.query, filters);
    return RequestJson(request);
}

nlohmann::json EngineClient::NetworkPrune(const api::Filters& filters) {
    ApiRequest request("POST", "/networks/prune");
    AddFilterQuery(request.query, filters);
    return RequestJson(request);
}

nlohmann::json EngineClient::BuildCachePrune(bool all, const api::Filters& filters) {
    ApiRequest request("POST", "/build/prune");
    if (all) {
        request.query.emplace_back("all", "1");
    }
    AddFilterQuery(request.query, filters);
    return RequestJson(request);
}

nlohmann::json EngineClient::VolumeCreate(const nlohmann::json& body) {
    return RequestJson(JsonBodyRequest("POST", "/volumes/create", body));
}

nlohmann::json EngineClient::VolumeList(const api::Filters& filters) {
    ApiRequest request("GET", "/volumes");
    AddFilterQuery(request.query, filters);
    return RequestJson(request);
}

nlohmann::json EngineClient::VolumeInspect(std::string_view name) {
    return RequestJson(ApiRequest("GET", "/volumes/" + std::string(name)));
}

void EngineClient::VolumeRemove(std::string_view name, bool force) {
    ApiRequest request("DELETE", "/volumes/" + std::string(name));
    if (force) {
        request.query.emplace_back("force", "1");
    }
    Request(request);
}

nlohmann::json EngineClient::VolumePrune(const api::Filters& filters) {
    ApiRequest request("POST", "/volumes/prune");
    AddFilterQuery(request.query, filters);
    return RequestJson(request);
}

}  // namespace engine::client
