#include "engine/client/engine_client.hpp"

#include <cerrno>

#include <unistd.h>

#include "engine/api/api_version.hpp"
#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/client/response_error.hpp"

namespace engine::client {
namespace {

// What the docker client assumes of a daemon that does not say (client/client.go).
constexpr std::string_view kFallbackApiVersion = "1.24";

std::string NegotiatedVersion(const std::string& server_version) {
    if (server_version.empty()) {
        return std::string(kFallbackApiVersion);
    }
    const std::optional<api::ApiVersion> server = api::ApiVersion::Parse(server_version);
    if (server && *server < api::kDefaultApiVersion) {
        return server_version;
    }
    return std::string(api::kDefaultApiVersionText);
}

void AddFilters(QueryParams& query, const api::Filters& filters) {
    std::string encoded = EncodeFilters(filters);
    if (!encoded.empty()) {
        query.emplace_back("filters", std::move(encoded));
    }
}

void WriteAll(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t count = write(fd, data.data(), data.size());
        if (count < 0 && errno == EINTR) {
            continue;
        }
        CheckSyscall(count, "write image archive");
        data.remove_prefix(static_cast<std::size_t>(count));
    }
}

}  // namespace

EngineClient::EngineClient(Endpoint endpoint, std::optional<std::string> pinned_version)
    : transport_(std::move(endpoint)), version_(std::move(pinned_version)) {}

PingResult EngineClient::SendPing() {
    HttpRequest ping;
    ping.target = "/_ping";
    const HttpResponse response = transport_.Exchange(ping);
    // Like the docker client, negotiate from the headers even when the ping itself failed.
    if (!version_) {
        version_ = NegotiatedVersion(response.Header("Api-Version"));
    }
    if (response.status < 200 || response.status >= 300) {
        throw ErrorFromResponse(response, "/_ping");
    }
    PingResult result;
    result.api_version = response.Header("Api-Version");
    result.os_type = response.Header("Ostype");
    return result;
}

std::string EngineClient::ApiVersion() {
    if (!version_) {
        SendPing();
    }
    return *version_;
}

std::string EngineClient::Target(const ApiRequest& request) {
    std::string target = "/v" + ApiVersion() + PathEscape(request.path);
    const std::string query = EncodeQuery(request.query);
    if (!query.empty()) {
        target += "?" + query;
    }
    return target;
}

HttpRequest EngineClient::ToHttp(const ApiRequest& request) {
    HttpRequest http_request;
    http_request.method = request.method;
    http_request.target = Target(request);
    http_request.headers = request.headers;
    http_request.content_type = request.content_type;
    http_request.body = request.body;
    http_request.upload_fd = request.upload_fd;
    return http_request;
}

HttpResponse EngineClient::Request(const ApiRequest& request) {
    return Stream(request, {});
}

HttpResponse EngineClient::Stream(const ApiRequest& request, const BodySink& sink) {
    const HttpRequest http_request = ToHttp(request);
    HttpResponse response = transport_.Exchange(http_request, sink);
    if (response.status < 200 || response.status >= 300) {
        throw ErrorFromResponse(response, http_request.target);
    }
    return response;
}

void EngineClient::StreamJson(const ApiRequest& request, const JsonCallback& on_message, bool check_errors) {
    JsonStreamDecoder decoder;
    const JsonCallback deliver = [&](const nlohmann::json& message) {
        if (check_errors) {
            ThrowIfStreamError(message);
        }
        return on_message(message);
    };
    bool finished = true;
    Stream(request, [&](std::string_view data) {
        finished = decoder.Feed(data, deliver);
        return finished;
    });
    if (finished) {
        decoder.Finish();
    }
}

nlohmann::json EngineClient::RequestJson(const ApiRequest& request) {
    const HttpResponse response = Request(request);
    nlohmann::json parsed = nlohmann::json::parse(response.body, nullptr, false);
    if (parsed.is_discarded()) {
        throw Error(Errc::kInternal, "invalid JSON from the daemon for " + request.method + " " + request.path);
    }
    return parsed;
}

PingResult EngineClient::Ping() {
    return SendPing();
}

nlohmann::json EngineClient::Version() {
    return RequestJson(ApiRequest("GET", "/version"));
}

nlohmann::json EngineClient::Info() {
    return RequestJson(ApiRequest("GET", "/info"));
}

void EngineClient::Events(const EventsOptions& options, const JsonCallback& on_event) {
    ApiRequest request("GET", "/events");
    if (!options.since.empty()) {
        request.query.emplace_back("since", options.since);
    }
    if (!options.until.empty()) {
        request.query.emplace_back("until", options.until);
    }
    AddFilters(request.query, options.filters);
    StreamJson(request, on_event, false);
}

nlohmann::json EngineClient::ImageList(bool all, const api::Filters& filters) {
    ApiRequest request("GET", "/images/json");
    if (all) {
        request.query.emplace_back("all", "1");
    }
    AddFilters(request.query, filters);
    return RequestJson(request);
}

nlohmann::json EngineClient::ImageInspect(std::string_view ref) {
    return RequestJson(ApiRequest("GET", "/images/" + std::string(ref) + "/json"));
}

nlohmann::json EngineClient::ImageHistory(std::string_view ref) {
    return RequestJson(ApiRequest("GET", "/images/" + std::string(ref) + "/history"));
}

void EngineClient::ImageTag(std::string_view ref, std::string_view repo, std::string_view tag) {
    ApiRequest request("POST", "/images/" + std::string(ref) + "/tag");
    request.query.emplace_back("repo", std::string(repo));
    if (!tag.empty()) {
        request.query.emplace_back("tag", std::string(tag));
    }
    Request(request);
}

nlohmann::json EngineClient::ImageRemove(std::string_view ref, bool force, bool no_prune) {
    ApiRequest request("DELETE", "/images/" + std::string(ref));
    if (force) {
        request.query.emplace_back("force", "1");
    }
    if (no_prune) {
        request.query.emplace_back("noprune", "1");
    }
    return RequestJson(request);
}

void EngineClient::ImageImport(const ImageImportOptions& options, const JsonCallback& on_message) {
    ApiRequest request("POST", "/images/create");
    request.upload_fd = options.source_fd;
    request.query.emplace_back("fromSrc", options.source_fd >= 0 ? std::string("-") : options.source_url);
    if (!options.reference.empty()) {
        request.query.emplace_back("repo", options.reference);
    }
    if (!options.message.empty()) {
        request.query.emplace_back("message", options.message);
    }
    for (const std::string& change : options.changes) {
        request.query.emplace_back("changes", change);
    }
    StreamJson(request, on_message, true);
}

void EngineClient::ImageLoad(int input_fd, bool quiet, const JsonCallback& on_message) {
    ApiRequest request("POST", "/images/load", {{"quiet", quiet ? "1" : "0"}});
    request.content_type = "application/x-tar";
    request.upload_fd = input_fd;
    StreamJson(request, on_message, true);
}

void EngineClient::ImageSave(const std::vector<std::string>& refs, int output_fd) {
    ApiRequest request("GET", "/images/get");
    for (const std::string& ref : refs) {
        request.query.emplace_back("names", ref);
    }
    Stream(request, [output_fd](std::string_view data) {
        WriteAll(output_fd, data);
        return true;
    });
}

nlohmann::json EngineClient::ImagePrune(bool all, const api::Filters& filters) {
    api::Filters::Fields fields;
    for (const std::string& key : filters.Keys()) {
        for (const std::string& value : filters.Values(key)) {
            fields[key][value] = true;
        }
    }
    fields["dangling"][all ? "false" : "true"] = true;
    ApiRequest request("POST", "/images/prune");
    AddFilters(request.query, api::Filters(std::move(fields)));
    return RequestJson(request);
}

nlohmann::json EngineClient::SystemDf() {
    return RequestJson(ApiRequest("GET", "/system/df"));
}

}  // namespace engine::client
