#include "engine/client/pooled_engine_api.hpp"

namespace engine::client {

PooledEngineApi::Lease::Lease(PooledEngineApi& pool) : pool_(pool) {
    {
        std::lock_guard lock(pool_.mutex_);
        if (!pool_.idle_.empty()) {
            client_ = std::move(pool_.idle_.back());
            pool_.idle_.pop_back();
            return;
        }
    }
    client_ = pool_.factory_();
}

PooledEngineApi::Lease::~Lease() {
    std::lock_guard lock(pool_.mutex_);
    pool_.idle_.push_back(std::move(client_));
}

PingResult PooledEngineApi::Ping() {
    Lease lease(*this);
    return lease->Ping();
}

nlohmann::json PooledEngineApi::Version() {
    Lease lease(*this);
    return lease->Version();
}

nlohmann::json PooledEngineApi::Info() {
    Lease lease(*this);
    return lease->Info();
}

void PooledEngineApi::Events(const EventsOptions& options, const JsonCallback& on_event) {
    Lease lease(*this);
    lease->Events(options, on_event);
}

nlohmann::json PooledEngineApi::ImageList(bool all, const api::Filters& filters) {
    Lease lease(*this);
    return lease->ImageList(all, filters);
}

nlohmann::json PooledEngineApi::ImageInspect(std::string_view ref) {
    Lease lease(*this);
    return lease->ImageInspect(ref);
}

nlohmann::json PooledEngineApi::ImageHistory(std::string_view ref) {
    Lease lease(*this);
    return lease->ImageHistory(ref);
}

void PooledEngineApi::ImageTag(std::string_view ref, std::string_view repo, std::string_view tag) {
    Lease lease(*this);
    lease->ImageTag(ref, repo, tag);
}

nlohmann::json PooledEngineApi::ImageRemove(std::string_view ref, bool force, bool no_prune) {
    Lease lease(*this);
    return lease->ImageRemove(ref, force, no_prune);
}

void PooledEngineApi::ImageImport(const ImageImportOptions& options, const JsonCallback& on_message) {
    Lease lease(*this);
    lease->ImageImport(options, on_message);
}

void PooledEngineApi::ImageLoad(int input_fd, bool quiet, const JsonCallback& on_message) {
    Lease lease(*this);
    lease->ImageLoad(input_fd, quiet, on_message);
}

void PooledEngineApi::ImageSave(const std::vector<std::string>& refs, int output_fd) {
    Lease lease(*this);
    lease->ImageSave(refs, output_fd);
}

nlohmann::json PooledEngineApi::ImagePrune(bool all, const api::Filters& filters) {
    Lease lease(*this);
    return lease->ImagePrune(all, filters);
}

nlohmann::json PooledEngineApi::SystemDf() {
    Lease lease(*this);
    return lease->SystemDf();
}

void PooledEngineApi::ImagePull(std::string_view ref, std::string_view platform, const JsonCallback& on_message) {
    Lease lease(*this);
    lease->ImagePull(ref, platform, on_message);
}

nlohmann::json PooledEngineApi::ContainerCreate(std::string_view name,
                                                std::string_view platform,
                                                const nlohmann::json& body) {
    Lease lease(*this);
    return lease->ContainerCreate(name, platform, body);
}

void PooledEngineApi::ContainerStart(std::string_view id) {
    Lease lease(*this);
    lease->ContainerStart(id);
}

void PooledEngineApi::ContainerStop(std::string_view id, std::optional<int> timeout, std::string_view signal) {
    Lease lease(*this);
    lease->ContainerStop(id, timeout, signal);
}

void PooledEngineApi::ContainerRestart(std::string_view id, std::optional<int> timeout, std::string_view signal) {
    Lease lease(*this);
    lease->ContainerRestart(id, timeout, signal);
}

void PooledEngineApi::ContainerKill(std::string_view id, std::string_view signal) {
    Lease lease(*this);
    lease->ContainerKill(id, signal);
}

void PooledEngineApi::ContainerPause(std::string_view id) {
    Lease lease(*this);
    lease->ContainerPause(id);
}

void PooledEngineApi::ContainerUnpause(std::string_view id) {
    Lease lease(*this);
    lease->ContainerUnpause(id);
}

nlohmann::json PooledEngineApi::ContainerWait(std::string_view id, std::string_view condition) {
    Lease lease(*this);
    return lease->ContainerWait(id, condition);
}

void PooledEngineApi::ContainerRemove(std::string_view id, bool force, bool volumes) {
    Lease lease(*this);
    lease->ContainerRemove(id, force, volumes);
}

nlohmann::json PooledEngineApi::ContainerInspect(std::string_view id, bool size) {
    Lease lease(*this);
    return lease->ContainerInspect(id, size);
}

nlohmann::json PooledEngineApi::ContainerList(const ContainerListOptions& options) {
    Lease lease(*this);
    return lease->ContainerList(options);
}

void PooledEngineApi::ContainerLogs(std::string_view id,
                                    const LogsOptions& options,
                                    bool tty,
                                    const OutputCallback& on_output) {
    Lease lease(*this);
    lease->ContainerLogs(id, options, tty, on_output);
}

void PooledEngineApi::ContainerRename(std::string_view id, std::string_view new_name) {
    Lease lease(*this);
    lease->ContainerRename(id, new_name);
}

nlohmann::json PooledEngineApi::ContainerTop(std::string_view id, std::string_view ps_args) {
    Lease lease(*this);
    return lease->ContainerTop(id, ps_args);
}

nlohmann::json PooledEngineApi::ContainerChanges(std::string_view id) {
    Lease lease(*this);
    return lease->ContainerChanges(id);
}

std::unique_ptr<RawStream> PooledEngineApi::ContainerAttach(std::string_view id, const AttachOptions& options) {
    Lease lease(*this);
    return lease->ContainerAttach(id, options);
}

std::unique_ptr<PendingWait> PooledEngineApi::ContainerWaitBegin(std::string_view id, std::string_view condition) {
    Lease lease(*this);
    return lease->ContainerWaitBegin(id, condition);
}

void PooledEngineApi::ContainerResize(std::string_view id, int height, int width) {
    Lease lease(*this);
    lease->ContainerResize(id, height, width);
}

nlohmann::json PooledEngineApi::ExecCreate(std::string_view id, const nlohmann::json& body) {
    Lease lease(*this);
    return lease->ExecCreate(id, body);
}

std::unique_ptr<RawStream> PooledEngineApi::ExecStart(std::string_view exec_id, bool detach, bool tty) {
    Lease lease(*this);
    return lease->ExecStart(exec_id, detach, tty);
}

nlohmann::json PooledEngineApi::ExecInspect(std::string_view exec_id) {
    Lease lease(*this);
    return lease->ExecInspect(exec_id);
}

void PooledEngineApi::ExecResize(std::string_view exec_id, int height, int width) {
    Lease lease(*this);
    lease->ExecResize(exec_id, height, width);
}

void PooledEngineApi::ContainerExport(std::string_view id, int output_fd) {
    Lease lease(*this);
    lease->ContainerExport(id, output_fd);
}

nlohmann::json PooledEngineApi::ContainerArchiveGet(std::string_view id,
                                                    std::string_view path,
                                                    const DataCallback& on_data) {
    Lease lease(*this);
    return lease->ContainerArchiveGet(id, path, on_data);
}

nlohmann::json PooledEngineApi::ContainerArchiveStat(std::string_view id, std::string_view path) {
    Lease lease(*this);
    return lease->ContainerArchiveStat(id, path);
}

void PooledEngineApi::ContainerArchivePut(
    std::string_view id, std::string_view path, int input_fd, bool no_overwrite_dir_non_dir, bool copy_uid_gid) {
    Lease lease(*this);
    lease->ContainerArchivePut(id, path, input_fd, no_overwrite_dir_non_dir, copy_uid_gid);
}

void PooledEngineApi::ContainerStats(std::string_view id, bool stream, const JsonCallback& on_stats) {
    Lease lease(*this);
    lease->ContainerStats(id, stream, on_stats);
}

nlohmann::json PooledEngineApi::ContainerPrune(const api::Filters& filters) {
    Lease lease(*this);
    return lease->ContainerPrune(filters);
}

nlohmann::json PooledEngineApi::NetworkList(const api::Filters& filters) {
    Lease lease(*this);
    return lease->NetworkList(filters);
}

nlohmann::json PooledEngineApi::NetworkInspect(std::string_view id, bool verbose) {
    Lease lease(*this);
    return lease->NetworkInspect(id, verbose);
}

nlohmann::json PooledEngineApi::NetworkCreate(const nlohmann::json& body) {
    Lease lease(*this);
    return lease->NetworkCreate(body);
}

void PooledEngineApi::NetworkRemove(std::string_view id) {
    Lease lease(*this);
    lease->NetworkRemove(id);
}

void PooledEngineApi::NetworkConnect(std::string_view id, const nlohmann::json& body) {
    Lease lease(*this);
    lease->NetworkConnect(id, body);
}

void PooledEngineApi::NetworkDisconnect(std::string_view id, std::string_view container, bool force) {
    Lease lease(*this);
    lease->NetworkDisconnect(id, container, force);
}

nlohmann::json PooledEngineApi::NetworkPrune(const api::Filters& filters) {
    Lease lease(*this);
    return lease->NetworkPrune(filters);
}

nlohmann::json PooledEngineApi::BuildCachePrune(bool all, const api::Filters& filters) {
    Lease lease(*this);
    return lease->BuildCachePrune(all, filters);
}

nlohmann::json PooledEngineApi::VolumeCreate(const nlohmann::json& body) {
    Lease lease(*this);
    return lease->VolumeCreate(body);
}

nlohmann::json PooledEngineApi::VolumeList(const api::Filters& filters) {
    Lease lease(*this);
    return lease->VolumeList(filters);
}

nlohmann::json PooledEngineApi::VolumeInspect(std::string_view name) {
    Lease lease(*this);
    return lease->VolumeInspect(name);
}

void PooledEngineApi::VolumeRemove(std::string_view name, bool force) {
    Lease lease(*this);
    lease->VolumeRemove(name, force);
}

nlohmann::json PooledEngineApi::VolumePrune(const api::Filters& filters) {
    Lease lease(*this);
    return lease->VolumePrune(filters);
}

}  // namespace engine::client
