#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/api/container_config.hpp"
#include "engine/api/container_create.hpp"
#include "engine/api/container_defaults.hpp"
#include "engine/api/container_view.hpp"
#include "engine/api/exec_config.hpp"
#include "engine/base/log.hpp"
#include "engine/daemon/container/container_networking.hpp"
#include "engine/image/image_store.hpp"
#include "engine/runtime/monitor/attach_client.hpp"
#include "engine/runtime/spec/host_limits.hpp"
#include "engine/store/object_store.hpp"
#include "engine/sys/linux/cgroup.hpp"
#include "engine/volume/volume_store.hpp"

namespace engine::daemon {

/// Publishes a container event: action ("create", "start", "die", "health_status: healthy",
/// "exec_create: ls -l", ...), the container ID and moby's attributes (name, image, the
/// container's labels, and action-specific ones such as exitCode).
using ContainerEventSink =
    std::function<void(std::string action, std::string id, std::map<std::string, std::string> attributes)>;

/// How the daemon runs containers, decided at its start.
struct ContainerManagerOptions {
    std::filesystem::path data_root;  ///< records' files live in <data_root>/containers/<id>
    std::filesystem::path exec_root;  ///< bundles and shim state in <exec_root>/containers/<id>
    std::filesystem::path shim_binary;
    /// Runtime name → executable ("crun" → /usr/bin/crun); HostConfig.Runtime picks one.
    std::map<std::string, std::filesystem::path> runtimes;
    std::string default_runtime;
    /// tini-static (or catatonit) for --init; empty when none is installed.
    std::filesystem::path init_binary;
    runtime::HostLimits host_limits;
    sys::CgroupHost cgroup_host;
    api::HostConfigDefaults host_config_defaults;
    int cpu_count = 1;
    /// The resolv.conf text containers get (the host's, loopback resolvers removed).
    std::string resolv_conf;
    ContainerEventSink emit_event;
    /// The network side (berthd's NetworkManager), not owned; null leaves containers of the
    /// default mode with loopback only and knows no user-defined networks.
    ContainerNetworking* networking = nullptr;
};

/// What GET /containers/{id}/wait waits for (moby's WaitCondition).
enum class WaitCondition { kNotRunning, kNextExit, kRemoved };

struct WaitResult {
    std::int64_t exit_code = 0;
    std::string error;  ///< non-empty when the container failed to run
};

/// Where a running container's facts are, for stats and top.
struct RunningContainer {
    std::string id;
    std::int64_t pid = 0;
    std::string cgroups_path;  ///< linux.cgroupsPath of its spec
};

/// An exec instance as the daemon keeps it between create and start.
struct ExecStart {
    std::string exec_id;
    std::string container_id;
    bool tty = false;
    bool attach_stdin = false;
    bool attach_stdout = false;
    bool attach_stderr = false;
};

/// The containers of one daemon: records in the object store, root filesystems as overlay
/// mounts of the image's layers, one berth-shim per running container (and per exec), exits
/// watched through the shims' pidfds, restart policies and health checks. Thread-safe; every
/// method may block on the runtime. Errors are engine::Error with moby's texts (kNotFound
/// "No such container: x", kConflict "You cannot remove a running container ...").
class ContainerManager final {
  public:
    /// Loads the records; call Restore() once the event sink and routes are ready.
    ContainerManager(ContainerManagerOptions options,
                     store::ObjectStore& objects,
                     image::ImageStore& images,
                     volume::VolumeStore& volumes,
                     Logger& logger);
    /// Stops watching (health monitors, restart waits); running containers keep running.
    ~ContainerManager();
    ContainerManager(const ContainerManager&) = delete;
    ContainerManager& operator=(const ContainerManager&) = delete;

    /// At daemon start: re-adopts containers whose shim still runs, settles those that exited
    /// while the daemon was down (state, exit code) and starts the ones their restart policy
    /// brings back.
    void Restore();

    /// The daemon is stopping: waits, attaches and restart back-offs end now, so the API
    /// server can finish its in-flight requests. Containers keep running.
    void BeginShutdown();

    /// The host facts ParseContainerCreate needs.
    api::CreateHostFacts CreateFacts() const;

    struct Created {
        std::string id;
        std::vector<std::string> warnings;
    };
    /// POST /containers/create after ParseContainerCreate: resolves the image (kNotFound "No
    /// such image: x"), merges its config, checks the name (kConflict when taken), creates
    /// anonymous and named volumes, and stores the record. `name` is "" or already validated.
    Created Create(const api::ContainerCreateRequest& request, const std::string& name);

    /// Starts a created or exited container. False when it already runs (HTTP 304).
    bool Start(std::string_view ref);
    /// Stop signal, then SIGKILL after `timeout_seconds` (nullopt: the container's
    /// StopTimeout, else 10; negative: wait forever). False when it was not running (304).
    bool Stop(std::string_view ref, std::optional<int> timeout_seconds);
    void Restart(std::string_view ref, std::optional<int> timeout_seconds);
    /// `signal` is a name ("SIGHUP", "HUP") or number; "" is SIGKILL. kConflict when not running.
    void Kill(std::string_view ref, std::string_view signal);
    void Pause(std::string_view ref);
    void Unpause(std::string_view ref);
    /// A wait registered now (the exit it waits for is the next one from this moment), to be
    /// awaited later: the API registers before it sends the 200 header, since docker run starts
    /// the container as soon as it has that header. kNotFound for an unknown container (unless
    /// it was removed moments ago: then the wait is already over, with its exit code).
    struct WaitRegistration;
    using WaitTicket = std::shared_ptr<WaitRegistration>;
    WaitTicket PrepareWait(std::string_view ref, WaitCondition condition);
    /// Blocks until the condition holds or `cancelled` says true (polled every 100 ms);
    /// nullopt when cancelled or the daemon stops.
    std::optional<WaitResult> Wait(const WaitTicket& ticket, const std::function<bool()>& cancelled);
    std::optional<WaitResult> Wait(std::string_view ref,
                                   WaitCondition condition,
                                   const std::function<bool()>& cancelled) {
        return Wait(PrepareWait(ref, condition), cancelled);
    }
    /// kConflict for a running container without `force`; `remove_volumes` removes its
    /// anonymous volumes.
    void Remove(std::string_view ref, bool force, bool remove_volumes);
    void Rename(std::string_view ref, const std::string& new_name);

    /// POST /networks/{id}/connect: a created container gets the network at its next start, a
    /// running one at once. kConflict when it is already connected (while running) or shares
    /// another namespace; errors of ContainerNetworking::CheckEndpoint.
    void ConnectNetwork(std::string_view ref, std::string_view network, const api::EndpointSettings& settings);
    /// POST /networks/{id}/disconnect. kConflict "container x is not connected to network y".
    void DisconnectNetwork(std::string_view ref, std::string_view network, bool force);

    /// The container's network interfaces ("eth0") and the host ends of their veth pairs;
    /// empty when it has no network sandbox (not running, host or none mode).
    std::map<std::string, std::string> HostInterfaces(std::string_view ref) const;

    /// The full ID `ref` names (ID, name, unique prefix).
    std::string Resolve(std::string_view ref) const;
    api::ContainerView View(std::string_view ref, bool with_size = false) const;
    /// Every container, newest first.
    std::vector<api::ContainerView> List(bool with_size = false) const;

    /// <data_root>/containers/<id>/<id>-json.log
    std::filesystem::path LogPath(std::string_view ref) const;
    /// The container's log driver ("json-file" or "none").
    std::string LogDriver(std::string_view ref) const;
    bool IsRunning(std::string_view ref) const;
    /// The pid and cgroup of a running container; kConflict "Container x is not running".
    RunningContainer Running(std::string_view ref) const;

    /// A client's claim on the container's output, taken before the API replies to its attach
    /// request: while it is held, a start waits (at its shim's start gate, up to 10 s) until
    /// the client connected, so no output is lost (docker run attaches, then starts).
    struct AttachReservation;
    using AttachTicket = std::shared_ptr<AttachReservation>;
    AttachTicket ReserveAttach(std::string_view ref);
    /// A connection to the container's stdio: at once while it runs; otherwise at its next
    /// start. nullopt when `cancelled` says true first (polled every 100 ms), the container is
    /// removed or the daemon stops.
    std::optional<runtime::AttachClient> Attach(const AttachTicket& ticket, const std::function<bool()>& cancelled);
    std::optional<runtime::AttachClient> Attach(std::string_view ref, const std::function<bool()>& cancelled) {
        return Attach(ReserveAttach(ref), cancelled);
    }
    void Resize(std::string_view ref, std::uint16_t rows, std::uint16_t cols);

    /// POST /containers/{id}/exec: the new exec's ID. kConflict when the container is not running.
    std::string CreateExec(std::string_view ref, const api::ExecCreateRequest& request);
    ExecStart ExecInfo(std::string_view exec_id) const;
    /// Starts the exec (kConflict when it already ran); with `attach`, the returned client is
    /// connected before the process runs, so no output is lost.
    std::optional<runtime::AttachClient> StartExec(std::string_view exec_id, bool attach);
    api::ExecView InspectExec(std::string_view exec_id) const;
    void ResizeExec(std::string_view exec_id, std::uint16_t rows, std::uint16_t cols);

    /// Runs `work` with the container's root filesystem mounted (it is while the container
    /// runs; a stopped one is mounted for the call), passing the merged directory.
    void WithRootfs(std::string_view ref, const std::function<void(const std::filesystem::path& rootfs)>& work);
    /// The container's writable layer (overlay upper directory), for `docker diff`.
    std::filesystem::path UpperDirectory(std::string_view ref) const;
    /// Lower layers' directories, top first.
    std::vector<std::filesystem::path> LowerDirectories(std::string_view ref) const;

    struct PruneResult {
        std::vector<std::string> deleted;
        std::uint64_t space_reclaimed = 0;
    };
    /// Removes stopped containers for which `select` is true.
    PruneResult Prune(const std::function<bool(const api::ContainerView&)>& select);

    /// For the image store (rmi, prune, df) and the volume store (rm 409, df).
    std::vector<image::ContainerUse> ImageUsers(const std::string& image_id) const;
    std::vector<std::string> VolumeUsers(const std::string& volume_name) const;
    std::size_t Count() const;
    std::size_t CountRunning() const;
    std::size_t CountPaused() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace engine::daemon
