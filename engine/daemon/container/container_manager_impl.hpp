#pragma once

// Private to the container manager's .cpp files: the shared state and the helpers they use.

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "engine/daemon/container/container_manager.hpp"
#include "engine/daemon/container/container_record.hpp"
#include "engine/daemon/container/exit_watcher.hpp"
#include "engine/daemon/container/health_monitor.hpp"
#include "engine/daemon/container/restart_policy.hpp"
#include "engine/runtime/monitor/shim.hpp"

namespace engine::daemon {

namespace fs = std::filesystem;

/// One container: its record plus what only lives while the daemon runs.
struct ContainerEntry {
    ContainerRecord record;  // guarded by Impl::mutex
    /// Serializes start, stop, restart and remove of this container (held across runtime calls,
    /// never while waiting for an exit that the exit path must record).
    std::mutex lifecycle;
    std::unique_ptr<RestartManager> restart;  // guarded by Impl::mutex
    std::unique_ptr<HealthMonitor> health;    // guarded by lifecycle of the starter / exit path
    std::mutex health_mutex;
    bool removed = false;
    bool rootfs_mounted = false;
    /// Set between the shim's spawn and its exit; attach connects at once while set.
    bool shim_up = false;
    /// Attach clients reserved while the container did not run and not yet connected.
    int pending_attachers = 0;
    std::uint64_t start_generation = 0;
    std::uint64_t exit_count = 0;
    std::chrono::steady_clock::time_point started_steady;
};

/// An exec instance.
struct ExecEntry {
    api::ExecView view;
    api::ExecCreateRequest request;
    bool started = false;
};

struct ContainerManager::Impl {
    Impl(ContainerManagerOptions opts,
         store::ObjectStore& object_store,
         image::ImageStore& image_store,
         volume::VolumeStore& volume_store,
         Logger& log);

    ContainerManagerOptions options;
    store::ObjectStore& objects;
    image::ImageStore& images;
    volume::VolumeStore& volumes;
    Logger& logger;

    mutable std::mutex mutex;
    std::condition_variable changed;
    std::map<std::string, std::shared_ptr<ContainerEntry>, std::less<>> containers;
    std::map<std::string, std::shared_ptr<ExecEntry>, std::less<>> execs;
    bool shutting_down = false;
    /// The last exits of removed containers by ID and name, newest last: `docker run --rm`
    /// sends its wait (condition=removed) concurrently with the start, and a fast container
    /// may be gone before the wait arrives; the wait must still get its exit code.
    std::deque<std::pair<std::vector<std::string>, WaitResult>> removed_exits;

    /// Exits reported by the watcher are handled here, off the watcher's thread.
    std::deque<std::string> exit_queue;
    std::condition_variable_any exit_queue_changed;
    std::vector<std::jthread> background;  // restart waits, auto-removes, restores
    std::unique_ptr<ExitWatcher> watcher;
    std::jthread exit_worker;

    // Paths.
    fs::path ContainerDirectory(const std::string& id) const { return options.data_root / "containers" / id; }
    fs::path StateDirectory(const std::string& id) const { return options.exec_root / "containers" / id; }
    fs::path BundleDirectory(const std::string& id) const { return StateDirectory(id) / "bundle"; }
    fs::path ExecStateDirectory(const std::string& exec_id) const { return options.exec_root / "execs" / exec_id; }
    fs::path RuntimeRoot(const std::string& runtime) const { return options.exec_root / "runtime" / runtime; }
    fs::path MergedDirectory(const std::string& id) const { return ContainerDirectory(id) / "merged"; }
    fs::path LogFile(const std::string& id) const { return ContainerDirectory(id) / (id + "-json.log"); }
    fs::path RuntimeBinary(const std::string& runtime) const;

    /// The entry `ref` names; kNotFound "No such container: ref". Takes `mutex`.
    std::shared_ptr<ContainerEntry> Find(std::string_view ref) const;
    std::shared_ptr<ContainerEntry> FindLocked(std::string_view ref) const;
    void PersistLocked(const ContainerRecord& record);
    void Emit(const ContainerRecord& record, std::string action, std::map<std::string, std::string> extra = {});
    /// What a view needs of the container's image; a list asks once per image.
    struct ImageFacts {
        std::string lower_dirs;  ///< top first, ':'-joined (GraphDriver.Data.LowerDir)
        std::optional<std::int64_t> size;
    };
    /// These ask the image store, so never call them with `mutex` held (the image store calls
    /// back into ImageUsers under its own lock).
    ImageFacts FactsOf(const std::string& image_id) const;
    /// The unpacked layers of `image`, top first, as overlayfs wants its lower directories.
    std::vector<fs::path> LayerDirectories(const image::ImageDetails& image) const;
    /// The container's lower directories: its init layer over its image's layers.
    std::vector<fs::path> LowerDirectories(const ContainerRecord& record) const;
    /// The containers with a mount of volume `name`; the caller holds `mutex`.
    std::vector<std::string> VolumeUsersLocked(const std::string& name) const;
    /// The list's Image: the reference the user gave while it still names the image, else the ID.
    std::string ShownImage(const ContainerRecord& record) const;
    api::ContainerView ViewOf(const ContainerRecord& record,
                              bool with_size,
                              const ImageFacts& image,
                              const std::string& shown_image) const;

    // Lifecycle (container_lifecycle.cpp).
    bool StartEntry(const std::shared_ptr<ContainerEntry>& entry, bool by_user);
    bool StopEntry(const std::shared_ptr<ContainerEntry>& entry, std::optional<int> timeout_seconds);
    void KillEntry(const std::shared_ptr<ContainerEntry>& entry, int signal);
    void RemoveEntry(const std::shared_ptr<ContainerEntry>& entry, bool force, bool remove_volumes);
    bool IsRunningNow(const std::shared_ptr<ContainerEntry>& entry);
    void OnExit(const std::string& key);
    void HandleContainerExit(const std::shared_ptr<ContainerEntry>& entry, const runtime::ExitStatus& status);
    void HandleExecExit(const std::string& exec_id);
    void ReleaseStartResources(const std::shared_ptr<ContainerEntry>& entry);

    // container_networks.cpp
    void ResolveCreateEndpoints(ContainerRecord& record, const api::EndpointsConfig& requested) const;
    bool UsesNetworkSandbox(const ContainerRecord& record) const;
    NetworkJoinRequest JoinRequestFor(const ContainerRecord& record) const;
    void FillNetworkSettings(api::ContainerView& view, const ContainerRecord& record) const;
    void MountRootfs(ContainerEntry& entry);
    void UnmountRootfs(ContainerEntry& entry);
    void StartHealthMonitor(const std::shared_ptr<ContainerEntry>& entry, HealthState initial);
    void StopHealthMonitor(ContainerEntry& entry);
    void InBackground(std::function<void(std::stop_token)> work);

    // Exec (container_exec.cpp).
    ProbeResult RunProbe(const std::string& container_id,
                         const std::vector<std::string>& argv,
                         std::chrono::nanoseconds timeout,
                         std::stop_token stop);
    /// Spawns the shim of a new exec; with `gated` it waits for kStart.
    runtime::ShimProcess SpawnExec(const std::string& exec_id, bool gated);
    /// Spawns the exec gated, connects to its stdio, then lets it run: no output is missed.
    runtime::AttachClient StartAttachedExec(const std::string& exec_id);
};

std::int64_t NowNanos();

/// linux.cgroupsPath of a container: <CgroupParent or /berth>/<id>.
std::string CgroupsPath(const ContainerRecord& record);

}  // namespace engine::daemon
