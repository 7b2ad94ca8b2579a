#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/filters.hpp"
#include "engine/client/json_stream.hpp"

namespace engine::client {

/// What GET /_ping says about the daemon.
struct PingResult {
    std::string api_version;  ///< the daemon's Api-Version header ("1.41"); "" when it sent none
    std::string os_type;      ///< the Ostype header ("linux"); "" when it sent none
};

/// GET /events parameters; empty strings and filters are left out of the query.
struct EventsOptions {
    std::string since;  ///< a Unix timestamp ("1700000000", "1700000000.5") or a duration ("10m")
    std::string until;
    api::Filters filters;
};

/// POST /images/create?fromSrc=... parameters (docker import).
struct ImageImportOptions {
    /// The tar (plain or compressed) to read and upload, when >= 0. Not owned.
    int source_fd = -1;
    /// A URL for the daemon to fetch instead, used when source_fd < 0.
    std::string source_url;
    std::string reference;             ///< "repo[:tag]" to tag the result with; "" for none
    std::vector<std::string> changes;  ///< Dockerfile instructions ("CMD [\"sh\"]", "ENV A=b")
    std::string message;               ///< the commit message for the history entry
};

/// The Engine API calls Berth's CLI (and later Compose) makes: the seam between them and the
/// daemon. The real implementation is EngineClient (HTTP); tests use an in-memory one. Results
/// are Docker-shaped JSON as the v1.41 API defines them. Every call throws engine::Error: with
/// the category of the daemon's status (404 kNotFound, 409 kConflict, 400 kInvalidArgument,
/// 503 kUnavailable, else kInternal) and "Error response from daemon: <message>" for an error
/// reply, and kUnavailable when the daemon cannot be reached. Streaming calls deliver each
/// message when it arrives and throw a stream's in-band error (kInternal, its message as is)
/// after the callback has seen the messages before it; a callback returning false ends the call.
class EngineApi {
  public:
    virtual ~EngineApi() = default;

    /// GET /_ping.
    virtual PingResult Ping() = 0;
    /// GET /version: {"Version","ApiVersion","MinAPIVersion","Os","Arch",...,"Components"}.
    virtual nlohmann::json Version() = 0;
    /// GET /info.
    virtual nlohmann::json Info() = 0;
    /// GET /events: `on_event` gets each event object; returns when the stream ends (with
    /// `until`) or the callback returns false.
    virtual void Events(const EventsOptions& options, const JsonCallback& on_event) = 0;

    /// GET /images/json: the ImageSummary array.
    virtual nlohmann::json ImageList(bool all, const api::Filters& filters) = 0;
    /// GET /images/{ref}/json: one image object.
    virtual nlohmann::json ImageInspect(std::string_view ref) = 0;
    /// GET /images/{ref}/history: [{"Id","Created","CreatedBy","Tags","Size","Comment"}].
    virtual nlohmann::json ImageHistory(std::string_view ref) = 0;
    /// POST /images/{ref}/tag?repo=&tag=.
    virtual void ImageTag(std::string_view ref, std::string_view repo, std::string_view tag) = 0;
    /// DELETE /images/{ref}: the [{"Untagged": ...}, {"Deleted": ...}] list.
    virtual nlohmann::json ImageRemove(std::string_view ref, bool force, bool no_prune) = 0;
    /// POST /images/create?fromSrc=: `on_message` gets each {"status"} message.
    virtual void ImageImport(const ImageImportOptions& options, const JsonCallback& on_message) = 0;
    /// POST /images/load: uploads the tar read from `input_fd` (not owned); `on_message` gets
    /// each {"stream": "Loaded image: ...\n"} message.
    virtual void ImageLoad(int input_fd, bool quiet, const JsonCallback& on_message) = 0;
    /// GET /images/get?names=...: writes the tar to `output_fd` (not owned) as it arrives.
    virtual void ImageSave(const std::vector<std::string>& refs, int output_fd) = 0;
    /// POST /images/prune with `filters` plus dangling=true, or dangling=false when `all` (as
    /// the docker CLI adds it): {"ImagesDeleted": [...], "SpaceReclaimed": n}.
    virtual nlohmann::json ImagePrune(bool all, const api::Filters& filters) = 0;
    /// GET /system/df.
    virtual nlohmann::json SystemDf() = 0;
};

}  // namespace engine::client
