// EngineClient's network calls (prune is with the other prunes in engine_client_containers.cpp).
#include "engine/client/engine_client.hpp"

namespace engine::client {
namespace {

std::string NetworkPath(std::string_view id, std::string_view action = "") {
    std::string path = "/networks/" + std::string(id);
    if (!action.empty()) {
        path += "/" + std::string(action);
    }
    return path;
}

ApiRequest JsonPost(std::string path, const nlohmann::json& body) {
    ApiRequest request("POST", std::move(path));
    request.content_type = "application/json";
    request.body = body.dump();
    return request;
}

}  // namespace

nlohmann::json EngineClient::NetworkList(const api::Filters& filters) {
    ApiRequest request("GET", "/networks");
    if (std::string encoded = EncodeFilters(filters); !encoded.empty()) {
        request.query.emplace_back("filters", std::move(encoded));
    }
    return RequestJson(request);
}

nlohmann::json EngineClient::NetworkInspect(std::string_view id, bool verbose) {
    ApiRequest request("GET", NetworkPath(id));
    if (verbose) {
        request.query.emplace_back("verbose", "true");  // as the docker client spells it
    }
    return RequestJson(request);
}

nlohmann::json EngineClient::NetworkCreate(const nlohmann::json& body) {
    return RequestJson(JsonPost("/networks/create", body));
}

void EngineClient::NetworkRemove(std::string_view id) {
    Request(ApiRequest("DELETE", NetworkPath(id)));
}

void EngineClient::NetworkConnect(std::string_view id, const nlohmann::json& body) {
    Request(JsonPost(NetworkPath(id, "connect"), body));
}

void EngineClient::NetworkDisconnect(std::string_view id, std::string_view container, bool force) {
    Request(JsonPost(NetworkPath(id, "disconnect"), {{"Container", std::string(container)}, {"Force", force}}));
}

}  // namespace engine::client
