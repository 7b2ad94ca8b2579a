#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/client/engine_api.hpp"

namespace engine::client {

/// A thread-safe EngineApi over a pool of connections: each call borrows an idle client (or
/// opens a new one with the factory) and gives it back when it returns, so Compose can run
/// independent operations, log streams and waits at the same time while EngineClient itself
/// stays a simple one-connection, one-request-at-a-time client. Connections are kept for reuse
/// (keep-alive); a streaming call (logs -f, events, attach) holds its connection until it ends.
class PooledEngineApi final : public EngineApi {
  public:
    using Factory = std::function<std::shared_ptr<EngineApi>()>;

    explicit PooledEngineApi(Factory factory) : factory_(std::move(factory)) {}

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
    std::unique_ptr<RawStream> ContainerAttach(std::string_view id, const AttachOptions& options) override;
    std::unique_ptr<PendingWait> ContainerWaitBegin(std::string_view id, std::string_view condition) override;
    void ContainerResize(std::string_view id, int height, int width) override;
    nlohmann::json ExecCreate(std::string_view id, const nlohmann::json& body) override;
    std::unique_ptr<RawStream> ExecStart(std::string_view exec_id, bool detach, bool tty) override;
    nlohmann::json ExecInspect(std::string_view exec_id) override;
    void ExecResize(std::string_view exec_id, int height, int width) override;
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
    nlohmann::json ContainerPrune(const api::Filters& filters) override;
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

  private:
    /// One borrowed client, returned to the pool when the call is over (also on throw).
    class Lease final {
      public:
        explicit Lease(PooledEngineApi& pool);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        EngineApi* operator->() const { return client_.get(); }

      private:
        PooledEngineApi& pool_;
        std::shared_ptr<EngineApi> client_;
    };

    Factory factory_;
    std::mutex mutex_;
    std::vector<std::shared_ptr<EngineApi>> idle_;
};

}  // namespace engine::client
