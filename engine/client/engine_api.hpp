#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/filters.hpp"
#include "engine/client/json_stream.hpp"
#include "engine/client/raw_stream.hpp"

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

/// GET /containers/json parameters.
struct ContainerListOptions {
    bool all = false;
    int limit = 0;  ///< sent only when > 0 (the daemon then includes stopped containers)
    bool size = false;
    api::Filters filters;
};

/// GET /containers/{id}/logs parameters; empty strings are left out, except `tail`, which the
/// docker CLI always sends ("all" by default).
struct LogsOptions {
    bool follow = false;
    bool stdout_stream = true;
    bool stderr_stream = true;
    bool timestamps = false;
    bool details = false;
    std::string since;  ///< already a Unix timestamp (GetTimestamp)
    std::string until;
    std::string tail = "all";
};

/// Receives bytes of a downloaded body (a tar) as they arrive; returns false to stop.
using DataCallback = std::function<bool(std::string_view data)>;

/// POST /containers/{id}/attach parameters (stream=1 always).
struct AttachOptions {
    bool stdin_stream = false;
    bool stdout_stream = true;
    bool stderr_stream = true;
    bool logs = false;
    std::string detach_keys;  ///< "" leaves the daemon's default
};

/// The stream a piece of container output belongs to (Docker's stdcopy stream ids).
enum class StdStream { kStdin = 0, kStdout = 1, kStderr = 2 };

/// Receives container output as it arrives; returns false to stop.
using OutputCallback = std::function<bool(StdStream stream, std::string_view data)>;

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

    /// POST /images/create?fromImage=&tag=(&platform=): pulls `ref` ("busybox:latest"), giving
    /// each progress message to `on_message`; an in-band error is thrown.
    virtual void ImagePull(std::string_view ref, std::string_view platform, const JsonCallback& on_message) = 0;

    /// POST /containers/create?name=&platform= with `body` (Config fields plus HostConfig and
    /// NetworkingConfig): {"Id", "Warnings"}.
    virtual nlohmann::json ContainerCreate(std::string_view name,
                                           std::string_view platform,
                                           const nlohmann::json& body) = 0;
    /// POST /containers/{id}/start.
    virtual void ContainerStart(std::string_view id) = 0;
    /// POST /containers/{id}/stop?t=&signal= (each only when given).
    virtual void ContainerStop(std::string_view id, std::optional<int> timeout, std::string_view signal) = 0;
    /// POST /containers/{id}/restart?t=&signal= (each only when given).
    virtual void ContainerRestart(std::string_view id, std::optional<int> timeout, std::string_view signal) = 0;
    /// POST /containers/{id}/kill?signal= (left out when empty: the daemon sends SIGKILL).
    virtual void ContainerKill(std::string_view id, std::string_view signal) = 0;
    /// POST /containers/{id}/pause.
    virtual void ContainerPause(std::string_view id) = 0;
    /// POST /containers/{id}/unpause.
    virtual void ContainerUnpause(std::string_view id) = 0;
    /// POST /containers/{id}/wait?condition= (left out when empty): blocks until the condition
    /// holds and returns {"StatusCode", "Error"}.
    virtual nlohmann::json ContainerWait(std::string_view id, std::string_view condition) = 0;
    /// DELETE /containers/{id}?force=1&v=1 (each only when set).
    virtual void ContainerRemove(std::string_view id, bool force, bool volumes) = 0;
    /// GET /containers/{id}/json (with size=1 when `size`).
    virtual nlohmann::json ContainerInspect(std::string_view id, bool size) = 0;
    /// GET /containers/json: the ContainerSummary array.
    virtual nlohmann::json ContainerList(const ContainerListOptions& options) = 0;
    /// GET /containers/{id}/logs: the output, demultiplexed from Docker's 8-byte frame headers
    /// unless `tty` (the container's Config.Tty: then it is raw and all kStdout).
    virtual void ContainerLogs(std::string_view id,
                               const LogsOptions& options,
                               bool tty,
                               const OutputCallback& on_output) = 0;
    /// POST /containers/{id}/rename?name=.
    virtual void ContainerRename(std::string_view id, std::string_view new_name) = 0;
    /// GET /containers/{id}/top(?ps_args=): {"Titles", "Processes"}.
    virtual nlohmann::json ContainerTop(std::string_view id, std::string_view ps_args) = 0;
    /// GET /containers/{id}/changes: [{"Path", "Kind"}] (null when nothing changed).
    virtual nlohmann::json ContainerChanges(std::string_view id) = 0;
    /// POST /containers/{id}/attach?stream=1&stdin=&stdout=&stderr= upgraded to a raw stream
    /// (multiplexed unless the container has a TTY).
    virtual std::unique_ptr<RawStream> ContainerAttach(std::string_view id, const AttachOptions& options) = 0;
    /// Sends POST /containers/{id}/wait?condition= on a connection of its own and returns once
    /// the reply headers arrived, so a following start cannot race past the wait.
    virtual std::unique_ptr<PendingWait> ContainerWaitBegin(std::string_view id, std::string_view condition) = 0;
    /// POST /containers/{id}/resize?h=&w=.
    virtual void ContainerResize(std::string_view id, int height, int width) = 0;
    /// POST /containers/{id}/exec with `body` ({"Cmd", "AttachStdin", "Tty", "Env", ...}): {"Id"}.
    virtual nlohmann::json ExecCreate(std::string_view id, const nlohmann::json& body) = 0;
    /// POST /exec/{id}/start {"Detach", "Tty"}: null when `detach` (plain 200), else the upgraded
    /// raw stream.
    virtual std::unique_ptr<RawStream> ExecStart(std::string_view exec_id, bool detach, bool tty) = 0;
    /// GET /exec/{id}/json: {"ID", "Running", "ExitCode", ...}.
    virtual nlohmann::json ExecInspect(std::string_view exec_id) = 0;
    /// POST /exec/{id}/resize?h=&w=.
    virtual void ExecResize(std::string_view exec_id, int height, int width) = 0;
    /// GET /containers/{id}/export: the container's filesystem as a tar, to `output_fd` (not owned).
    virtual void ContainerExport(std::string_view id, int output_fd) = 0;
    /// GET /containers/{id}/archive?path=: the tar of `path` goes to `on_data`; returns the
    /// decoded X-Docker-Container-Path-Stat header {"name", "size", "mode", "mtime", "linkTarget"}.
    virtual nlohmann::json ContainerArchiveGet(std::string_view id,
                                               std::string_view path,
                                               const DataCallback& on_data) = 0;
    /// HEAD /containers/{id}/archive?path=: the decoded path stat header.
    virtual nlohmann::json ContainerArchiveStat(std::string_view id, std::string_view path) = 0;
    /// PUT /containers/{id}/archive?path=(&noOverwriteDirNonDir=1)(&copyUIDGID=1) with the tar read
    /// from `input_fd` (not owned) as the body.
    virtual void ContainerArchivePut(
        std::string_view id, std::string_view path, int input_fd, bool no_overwrite_dir_non_dir, bool copy_uid_gid) = 0;
    /// GET /containers/{id}/stats?stream=0|1: each stats object.
    virtual void ContainerStats(std::string_view id, bool stream, const JsonCallback& on_stats) = 0;
    /// POST /containers/prune: {"ContainersDeleted", "SpaceReclaimed"}.
    virtual nlohmann::json ContainerPrune(const api::Filters& filters) = 0;

    /// GET /networks(?filters=): the network list (each without its containers).
    virtual nlohmann::json NetworkList(const api::Filters& filters) = 0;
    /// GET /networks/{id}(?verbose=true): one network, by name, id or unique id prefix.
    virtual nlohmann::json NetworkInspect(std::string_view id, bool verbose) = 0;
    /// POST /networks/create with `body` ({"Name", "Driver", "IPAM", "Options", "Labels", ...}):
    /// {"Id", "Warning"}.
    virtual nlohmann::json NetworkCreate(const nlohmann::json& body) = 0;
    /// DELETE /networks/{id}.
    virtual void NetworkRemove(std::string_view id) = 0;
    /// POST /networks/{id}/connect with `body` ({"Container", "EndpointConfig"}).
    virtual void NetworkConnect(std::string_view id, const nlohmann::json& body) = 0;
    /// POST /networks/{id}/disconnect with {"Container", "Force"}.
    virtual void NetworkDisconnect(std::string_view id, std::string_view container, bool force) = 0;
    /// POST /networks/prune: {"NetworksDeleted": [...]}.
    virtual nlohmann::json NetworkPrune(const api::Filters& filters) = 0;
    /// POST /build/prune(?all=1): {"CachesDeleted": [...], "SpaceReclaimed": n}.
    virtual nlohmann::json BuildCachePrune(bool all, const api::Filters& filters) = 0;

    /// POST /volumes/create with `body` ({"Name", "Driver", "DriverOpts", "Labels"}): the volume.
    virtual nlohmann::json VolumeCreate(const nlohmann::json& body) = 0;
    /// GET /volumes: {"Volumes", "Warnings"}.
    virtual nlohmann::json VolumeList(const api::Filters& filters) = 0;
    /// GET /volumes/{name}.
    virtual nlohmann::json VolumeInspect(std::string_view name) = 0;
    /// DELETE /volumes/{name}(?force=1).
    virtual void VolumeRemove(std::string_view name, bool force) = 0;
    /// POST /volumes/prune: {"VolumesDeleted", "SpaceReclaimed"}.
    virtual nlohmann::json VolumePrune(const api::Filters& filters) = 0;
};

}  // namespace engine::client
