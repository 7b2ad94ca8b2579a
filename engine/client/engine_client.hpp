#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/client/endpoint.hpp"
#include "engine/client/engine_api.hpp"
#include "engine/client/http_transport.hpp"
#include "engine/client/url.hpp"

namespace engine::client {

/// One Engine API request before versioning and escaping.
struct ApiRequest {
    ApiRequest(std::string method_in, std::string path_in, QueryParams query_in = {})
        : method(std::move(method_in)), path(std::move(path_in)), query(std::move(query_in)) {}

    std::string method;
    std::string path;  ///< unescaped, without version: "/images/localhost:5000/x/json"
    QueryParams query;
    std::string content_type;
    std::string body;
    int upload_fd = -1;  ///< see HttpRequest::upload_fd
    Headers headers;
};

/// EngineApi over HTTP (UNIX socket, TCP, TCP+TLS) with one kept-alive connection. The API
/// version is negotiated like the docker CLI: the first call that needs it sends GET /_ping and
/// uses the lower of our kDefaultApiVersion and the daemon's Api-Version (1.24 when the daemon
/// sends none) as the "/v<version>" prefix of every later path. Not thread-safe.
class EngineClient final : public EngineApi {
  public:
    /// Connects lazily: constructing never fails. `pinned_version` ("1.40") skips negotiation,
    /// as DOCKER_API_VERSION does for the docker CLI.
    explicit EngineClient(Endpoint endpoint, std::optional<std::string> pinned_version = std::nullopt);

    PingResult Ping() override;
    nlohmann::json Version() override;
    nlohmann::json Info() override;
    void Events(const EventsOptions& options, const JsonCallback& on_event) override;
    nlohmann::json ImageList(bool all, const api::Filters& filters) override;
    nlohmann::json ImageInspect(std::string_view ref) override;
    nlohmann::json ImageHistory(std::string_view ref) override;
    void ImageTag(std::string_view ref, std::string_view repo, std::string_view tag) override;
    nlohmann::json ImageRemove(std::string_view ref, bool force, bool no_prune) override;
    void ImageImport(const ImageImportOptions& options, const JsonCallback& on_message) override;
    void ImageLoad(int input_fd, bool quiet, const JsonCallback& on_message) override;
    void ImageSave(const std::vector<std::string>& refs, int output_fd) override;
    nlohmann::json ImagePrune(bool all, const api::Filters& filters) override;
    nlohmann::json SystemDf() override;
    void ImagePull(std::string_view ref, std::string_view platform, const JsonCallback& on_message) override;

    nlohmann::json ContainerCreate(std::string_view name,
                                   std::string_view platform,
                                   const nlohmann::json& body) override;
    void ContainerStart(std::string_view id) override;
    void ContainerStop(std::string_view id, std::optional<int> timeout, std::string_view signal) override;
    void ContainerRestart(std::string_view id, std::optional<int> timeout, std::string_view signal) override;
    void ContainerKill(std::string_view id, std::string_view signal) override;
    void ContainerPause(std::string_view id) override;
    void ContainerUnpause(std::string_view id) override;
    nlohmann::json ContainerWait(std::string_view id, std::string_view condition) override;
    void ContainerRemove(std::string_view id, bool force, bool volumes) override;
    nlohmann::json ContainerInspect(std::string_view id, bool size) override;
    nlohmann::json ContainerList(const ContainerListOptions& options) override;
    void ContainerLogs(std::string_view id,
                       const LogsOptions& options,
                       bool tty,
                       const OutputCallback& on_output) override;
    void ContainerRename(std::string_view id, std::string_view new_name) override;
    nlohmann::json ContainerTop(std::string_view id, std::string_view ps_args) override;
    nlohmann::json ContainerChanges(std::string_view id) override;
    nlohmann::json ContainerPrune(const api::Filters& filters) override;
    void ContainerExport(std::string_view id, int output_fd) override;
    nlohmann::json ContainerArchiveGet(std::string_view id,
                                       std::string_view path,
                                       const DataCallback& on_data) override;
    nlohmann::json ContainerArchiveStat(std::string_view id, std::string_view path) override;
    void ContainerArchivePut(std::string_view id,
                             std::string_view path,
                             int input_fd,
                             bool no_overwrite_dir_non_dir,
                             bool copy_uid_gid) override;
    void ContainerStats(std::string_view id, bool stream, const JsonCallback& on_stats) override;
    std::unique_ptr<RawStream> ContainerAttach(std::string_view id, const AttachOptions& options) override;
    std::unique_ptr<PendingWait> ContainerWaitBegin(std::string_view id, std::string_view condition) override;
    void ContainerResize(std::string_view id, int height, int width) override;
    nlohmann::json ExecCreate(std::string_view id, const nlohmann::json& body) override;
    std::unique_ptr<RawStream> ExecStart(std::string_view exec_id, bool detach, bool tty) override;
    nlohmann::json ExecInspect(std::string_view exec_id) override;
    void ExecResize(std::string_view exec_id, int height, int width) override;

    nlohmann::json NetworkList(const api::Filters& filters) override;
    nlohmann::json NetworkInspect(std::string_view id, bool verbose) override;
    nlohmann::json NetworkCreate(const nlohmann::json& body) override;
    void NetworkRemove(std::string_view id) override;
    void NetworkConnect(std::string_view id, const nlohmann::json& body) override;
    void NetworkDisconnect(std::string_view id, std::string_view container, bool force) override;
    nlohmann::json NetworkPrune(const api::Filters& filters) override;
    nlohmann::json BuildCachePrune(bool all, const api::Filters& filters) override;
    nlohmann::json VolumeCreate(const nlohmann::json& body) override;
    nlohmann::json VolumeList(const api::Filters& filters) override;
    nlohmann::json VolumeInspect(std::string_view name) override;
    void VolumeRemove(std::string_view name, bool force) override;
    nlohmann::json VolumePrune(const api::Filters& filters) override;

    /// The generic call under the typed ones (container, network and volume calls build on it):
    /// sends `request` under the negotiated version and returns the 2xx reply with its body.
    /// Throws ErrorFromResponse for other statuses.
    HttpResponse Request(const ApiRequest& request);
    /// The same with the body of a 2xx reply going to `sink` as it arrives.
    HttpResponse Stream(const ApiRequest& request, const BodySink& sink);
    /// Stream, decoding the body as JSON messages for `on_message`. When `check_errors`, a
    /// message carrying an error is thrown (ThrowIfStreamError) instead of delivered.
    void StreamJson(const ApiRequest& request, const JsonCallback& on_message, bool check_errors);
    /// Request, parsing the body as JSON. Throws Error(kInternal) when it is not JSON.
    nlohmann::json RequestJson(const ApiRequest& request);

    /// The "1.41"-style version used in paths, negotiating first if needed.
    std::string ApiVersion();

    /// Request upgraded to a raw stream on a connection of its own (attach, exec start).
    /// Throws ErrorFromResponse when the daemon does not switch protocols.
    std::unique_ptr<RawStream> Hijack(const ApiRequest& request);

    HttpTransport& transport() { return transport_; }

  private:
    std::string Target(const ApiRequest& request);
    HttpRequest ToHttp(const ApiRequest& request);
    PingResult SendPing();

    HttpTransport transport_;
    std::optional<std::string> version_;
};

}  // namespace engine::client
