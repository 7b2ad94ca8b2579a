// Start, stop, kill, pause, wait and remove; the exit path; restart policies and health checks.

#include <csignal>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/daemon/container/container_files.hpp"
#include "engine/daemon/container/container_manager_impl.hpp"
#include "engine/daemon/container/container_spec_builder.hpp"
#include "engine/daemon/container/init_layer.hpp"
#include "engine/daemon/container/signal_names.hpp"
#include "engine/runtime/monitor/oci_runtime.hpp"
#include "engine/runtime/spec/bundle.hpp"
#include "engine/runtime/spec/oci_spec.hpp"
#include "engine/runtime/spec/user.hpp"
#include "engine/sys/linux/mount.hpp"

namespace engine::daemon {

// hostname, hosts and resolv.conf are written again at every start, so a power loss cannot
// leave a stale one behind that matters: no need to wait for the disk.
constexpr Durability kRewrittenAtStart = Durability::kProcessCrash;
namespace {

constexpr std::chrono::seconds kDefaultStopTimeout{10};
// How long a gated start waits for the attach clients that asked for it.
constexpr std::chrono::seconds kAttachGateTimeout{10};

// go-units RAMInBytes as Docker's --log-opt max-size reads it ("10m", "1k", "512").
std::uint64_t ParseLogSize(const std::string& text) {
    std::size_t end = 0;
    double value = 0;
    try {
        value = std::stod(text, &end);
    } catch (const std::exception&) {
        throw Error(Errc::kInvalidArgument, "invalid max-size log option: " + text);
    }
    std::string unit = text.substr(end);
    for (char& c : unit) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (!unit.empty() && unit.back() == 'b') {
        unit.pop_back();
    }
    double scale = 1;
    if (unit == "k") {
        scale = 1024.0;
    } else if (unit == "m") {
        scale = 1024.0 * 1024;
    } else if (unit == "g") {
        scale = 1024.0 * 1024 * 1024;
    } else if (!unit.empty()) {
        throw Error(Errc::kInvalidArgument, "invalid max-size log option: " + text);
    }
    return static_cast<std::uint64_t>(value * scale);
}

// crun says "executable file `x` not found in $PATH"; clients (the docker CLI's exit code 127,
// scripts grepping) know runc's and moby's wording, so that is added.
std::string DockerStartError(std::string message) {
    const std::size_t at = message.find("executable file `");
    if (at != std::string::npos) {
        const std::size_t end = message.find('`', at + 17);
        if (end != std::string::npos) {
            message += ": exec: \"" + message.substr(at + 17, end - at - 17) + "\": executable file not found in $PATH";
        }
    }
    if (message.find("Permission denied") != std::string::npos &&
        message.find("permission denied") == std::string::npos) {
        message += ": permission denied";
    }
    return message;
}

// The exit code Docker records when the runtime could not start the process.
int StartFailureExitCode(const std::string& message) {
    if (message.find("executable file not found") != std::string::npos ||
        message.find("no such file or directory") != std::string::npos) {
        return 127;
    }
    if (message.find("permission denied") != std::string::npos) {
        return 126;
    }
    return 128;
}

// The health log as the record keeps it (the API's view), from the monitor's.
std::vector<api::HealthcheckResult> ApiHealthLog(const std::vector<HealthLogEntry>& log) {
    const auto nanos = [](std::chrono::system_clock::time_point time) {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
    };
    std::vector<api::HealthcheckResult> out;
    for (const HealthLogEntry& entry : log) {
        out.push_back({nanos(entry.start), nanos(entry.end), entry.exit_code, entry.output});
    }
    return out;
}

std::string SignalOf(const ContainerRecord& record) {
    return record.config.stop_signal.empty() ? "SIGTERM" : record.config.stop_signal;
}

}  // namespace

std::string CgroupsPath(const ContainerRecord& record) {
    const std::string& parent = record.host_config.resources.cgroup_parent;
    return (fs::path(parent.empty() ? "/berth" : (parent.starts_with('/') ? parent : "/" + parent)) / record.id)
        .string();
}

void ContainerManager::Impl::MountRootfs(ContainerEntry& entry) {
    const std::string& id = entry.record.id;
    const fs::path dir = ContainerDirectory(id);
    const fs::path merged = dir / "merged";
    fs::create_directories(dir / "diff");
    fs::create_directories(dir / "work");
    fs::create_directories(merged);
    if (sys::IsMountPoint(merged)) {  // left mounted by an earlier daemon
        entry.rootfs_mounted = true;
        return;
    }
    PrepareInitLayer(dir / "init");
    sys::MountOverlay(LowerDirectories(entry.record), dir / "diff", dir / "work", merged);
    entry.rootfs_mounted = true;
}

void ContainerManager::Impl::UnmountRootfs(ContainerEntry& entry) {
    const fs::path merged = MergedDirectory(entry.record.id);
    std::error_code error;
    if (fs::exists(merged, error)) {
        sys::UnmountAllUnder(merged);
    }
    entry.rootfs_mounted = false;
}

void ContainerManager::Impl::ReleaseStartResources(const std::shared_ptr<ContainerEntry>& entry) {
    if (options.networking) {
        try {
            options.networking->Leave(entry->record.id);
        } catch (const std::exception& error) {
            logger.Warn("could not remove a container's network sandbox",
                        {{"id", entry->record.id}, {"error", error.what()}});
        }
    }
    for (const MountRecord& mount : entry->record.mounts) {
        if (mount.type == "volume") {
            volumes.Unmount(mount.name, entry->record.id);
        }
    }
    try {
        UnmountRootfs(*entry);
    } catch (const std::exception& error) {
        logger.Warn("could not unmount a container's root filesystem",
                    {{"id", entry->record.id}, {"error", error.what()}});
    }
}

bool ContainerManager::Impl::StartEntry(const std::shared_ptr<ContainerEntry>& entry, bool by_user) {
    ContainerRecord record;
    int pending_attachers = 0;
    {
        std::lock_guard lock(mutex);
        if (entry->removed || entry->record.state.removal_in_progress) {
            throw Error(Errc::kConflict,
                        "container " + entry->record.id + " is marked for removal and cannot be started");
        }
        if (entry->record.state.running) {
            return false;
        }
        if (by_user || !entry->restart) {
            entry->restart = std::make_unique<RestartManager>(entry->record.host_config.restart_policy,
                                                              by_user ? 0 : entry->record.restart_count);
            if (by_user) {
                entry->record.restart_count = 0;
            }
        }
        record = entry->record;
        pending_attachers = entry->pending_attachers;
    }
    const std::string& id = record.id;
    const fs::path dir = ContainerDirectory(id);
    const fs::path state_dir = StateDirectory(id);
    try {
        MountRootfs(*entry);
        StartResources resources;
        resources.rootfs = MergedDirectory(id);
        for (const MountRecord& mount : record.mounts) {
            if (mount.type == "volume") {
                resources.volume_paths[mount.destination] = volumes.Mount(mount.name, id);
                if (mount.copy_data) {
                    volumes.CopyImageContentIfFresh(mount.name, resources.rootfs, mount.destination);
                }
            } else if (mount.type == "bind" && !fs::exists(mount.source)) {
                // Only -v gets here with a missing source (--mount was refused at create): Docker
                // creates the directory.
                fs::create_directories(mount.source);
            }
        }
        const std::string hostname = ContainerHostname(record);
        const std::string& network = record.host_config.network_mode;
        resources.hostname_path = dir / "hostname";
        resources.hosts_path = dir / "hosts";
        resources.resolv_conf_path = dir / "resolv.conf";
        const std::vector<std::string> none;
        if (network == "host") {
            resources.network = runtime::NetworkMode::kHost;
            WriteFileAtomically(resources.hosts_path, ReadFile("/etc/hosts"), 0644, kRewrittenAtStart);
            WriteFileAtomically(resources.resolv_conf_path, ReadFile("/etc/resolv.conf"), 0644, kRewrittenAtStart);
        } else {
            std::string address;
            std::string resolv_base = options.resolv_conf;
            if (network.starts_with("container:")) {
                const auto other = Find(std::string_view(network).substr(10));
                std::lock_guard lock(mutex);
                if (!other->record.state.running) {
                    throw Error(Errc::kConflict, "cannot join network of a non running container: " + other->record.id);
                }
                resources.network = runtime::NetworkMode::kContainer;
                resources.network_namespace_path = "/proc/" + std::to_string(other->record.state.pid) + "/ns/net";
            } else if (UsesNetworkSandbox(record)) {
                const NetworkJoin join = options.networking->Join(JoinRequestFor(record));
                resources.network = runtime::NetworkMode::kSandbox;
                resources.network_namespace_path = join.netns.string();
                address = join.address;
                if (!join.nameservers.empty()) {
                    resolv_base = ResolvConfWithNameservers(options.resolv_conf, join.nameservers);
                }
            }
            WriteFileAtomically(resources.hosts_path,
                                ContainerHostsFile(hostname, address, record.host_config.extra_hosts.value_or(none)),
                                0644,
                                kRewrittenAtStart);
            WriteFileAtomically(resources.resolv_conf_path,
                                ContainerResolvConf(resolv_base,
                                                    record.host_config.dns.value_or(none),
                                                    record.host_config.dns_search.value_or(none),
                                                    record.host_config.dns_options.value_or(none)),
                                0644,
                                kRewrittenAtStart);
        }
        WriteFileAtomically(resources.hostname_path, hostname + "\n", 0644, kRewrittenAtStart);
        const runtime::ResolvedUser user =
            runtime::ResolveUser(resources.rootfs, record.config.user, record.host_config.group_add.value_or(none));
        resources.uid = user.uid;
        resources.gid = user.gid;
        resources.additional_gids = user.additional_gids;
        if (record.host_config.init.value_or(false)) {
            resources.init_path = options.init_binary;
        }
        resources.cgroups_path = CgroupsPath(record);
        const runtime::ContainerSpec spec = BuildContainerSpec(record, resources);
        runtime::WriteBundle(BundleDirectory(id), runtime::BuildOciSpec(spec, options.host_limits));

        runtime::ShimOptions shim;
        shim.shim_binary = options.shim_binary;
        shim.container_id = id;
        shim.bundle = BundleDirectory(id);
        shim.state_dir = state_dir;
        shim.runtime_binary = RuntimeBinary(record.runtime);
        shim.runtime_root = RuntimeRoot(record.runtime);
        shim.tty = record.config.tty;
        shim.open_stdin = record.config.open_stdin;
        shim.stdin_once = record.config.stdin_once;
        shim.log_driver = record.host_config.log_config.type;
        shim.log_path = LogFile(id);
        const auto& log_options = record.host_config.log_config.config;
        if (log_options) {
            if (const auto it = log_options->find("max-size"); it != log_options->end()) {
                shim.log_max_size = ParseLogSize(it->second);
            }
            if (const auto it = log_options->find("max-file"); it != log_options->end()) {
                shim.log_max_file = std::max(1, std::stoi(it->second));
            }
        }
        shim.start_gate = pending_attachers > 0;
        runtime::ShimProcess process = runtime::SpawnShim(shim);
        if (shim.start_gate) {
            std::unique_lock lock(mutex);
            entry->shim_up = true;
            ++entry->start_generation;
            changed.notify_all();
            changed.wait_for(lock, kAttachGateTimeout, [&] { return entry->pending_attachers == 0 || shutting_down; });
            lock.unlock();
            runtime::StartGatedContainer(state_dir);
            if (const auto init = runtime::ReadProcessIdentity(state_dir / "init.pid")) {
                process.init = *init;
            }
        }
        {
            std::lock_guard lock(mutex);
            api::ContainerState& state = entry->record.state;
            state.running = true;
            state.paused = false;
            state.restarting = false;
            state.oom_killed = false;
            state.dead = false;
            state.pid = process.init.pid;
            state.exit_code = 0;
            state.error.clear();
            state.started_at = NowNanos();
            entry->record.has_been_started_before = true;
            entry->record.manually_stopped = false;
            entry->shim_up = true;
            entry->started_steady = std::chrono::steady_clock::now();
            if (ResolveHealthcheck(entry->record.config.healthcheck,
                                   entry->record.config.shell.value_or(std::vector<std::string>{}))) {
                state.health = api::HealthState{
                    "starting", 0, state.health ? state.health->log : std::vector<api::HealthcheckResult>{}};
            }
            PersistLocked(entry->record);
            Emit(entry->record, "start");
            changed.notify_all();
        }
        watcher->Watch(id, runtime::OpenShimPidfd(state_dir));
        StartHealthMonitor(entry, HealthForNewRun(HealthState{}));
        return true;
    } catch (const std::exception& error) {
        ReleaseStartResources(entry);
        const std::string message = DockerStartError(error.what());
        {
            std::lock_guard lock(mutex);
            entry->shim_up = false;
            entry->record.state.error = message;
            entry->record.state.exit_code = StartFailureExitCode(message);
            PersistLocked(entry->record);
            changed.notify_all();
        }
        if (const auto* engine_error = dynamic_cast<const Error*>(&error)) {
            throw Error(engine_error->code(), message);
        }
        throw Error(Errc::kInternal, "start container " + id + ": " + message);
    }
}

void ContainerManager::Impl::StartHealthMonitor(const std::shared_ptr<ContainerEntry>& entry, HealthState initial) {
    std::optional<HealthSettings> settings;
    std::string id;
    std::chrono::system_clock::time_point started_at;
    {
        std::lock_guard lock(mutex);
        settings = ResolveHealthcheck(entry->record.config.healthcheck,
                                      entry->record.config.shell.value_or(std::vector<std::string>{}));
        id = entry->record.id;
        started_at =
            std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
                std::chrono::nanoseconds(entry->record.state.started_at)));
    }
    if (!settings) {
        return;
    }
    HealthMonitor::Options monitor;
    monitor.settings = *settings;
    monitor.started_at = started_at;
    monitor.initial = std::move(initial);
    monitor.probe = [this, id](const std::vector<std::string>& argv,
                               std::chrono::nanoseconds timeout,
                               std::stop_token stop) { return RunProbe(id, argv, timeout, stop); };
    const std::weak_ptr<ContainerEntry> weak = entry;
    monitor.on_status_change = [this, weak](const HealthState& state) {
        const auto locked = weak.lock();
        if (!locked) {
            return;
        }
        std::lock_guard lock(mutex);
        api::HealthState health;
        health.status = std::string(HealthStatusName(state.status));
        health.failing_streak = state.failing_streak;
        health.log = ApiHealthLog(state.log);
        locked->record.state.health = std::move(health);
        try {
            PersistLocked(locked->record);
        } catch (const std::exception& error) {
            logger.Warn("could not persist a health status", {{"error", error.what()}});
        }
        Emit(locked->record, "health_status: " + std::string(HealthStatusName(state.status)));
        changed.notify_all();
    };
    auto created = std::make_unique<HealthMonitor>(std::move(monitor));
    std::lock_guard lock(entry->health_mutex);
    entry->health = std::move(created);
}

void ContainerManager::Impl::StopHealthMonitor(ContainerEntry& entry) {
    std::unique_ptr<HealthMonitor> monitor;
    {
        std::lock_guard lock(entry.health_mutex);
        monitor = std::move(entry.health);
    }
    if (monitor) {
        const HealthState last = monitor->State();
        monitor->Stop();
        std::lock_guard lock(mutex);
        if (entry.record.state.health) {
            entry.record.state.health->log = ApiHealthLog(last.log);
        }
    }
}

void ContainerManager::Impl::OnExit(const std::string& key) {
    if (key.starts_with("exec:")) {
        HandleExecExit(key.substr(5));
        return;
    }
    std::shared_ptr<ContainerEntry> entry;
    {
        std::lock_guard lock(mutex);
        const auto it = containers.find(key);
        if (it == containers.end()) {
            return;
        }
        entry = it->second;
    }
    const std::optional<runtime::ExitStatus> status =
        runtime::WaitForExit(StateDirectory(key), std::chrono::milliseconds(0));
    HandleContainerExit(entry, status.value_or(runtime::ExitStatus{255, false, NowNanos(), "the shim vanished"}));
}

void ContainerManager::Impl::HandleContainerExit(const std::shared_ptr<ContainerEntry>& entry,
                                                 const runtime::ExitStatus& status) {
    StopHealthMonitor(*entry);
    ReleaseStartResources(entry);
    RestartDecision decision;
    bool auto_remove = false;
    {
        std::lock_guard lock(mutex);
        ContainerRecord& record = entry->record;
        api::ContainerState& state = record.state;
        state.running = false;
        state.paused = false;
        state.pid = 0;
        state.exit_code = status.exit_code;
        state.oom_killed = status.oom_killed;
        state.finished_at = status.finished_at_nanos != 0 ? status.finished_at_nanos : NowNanos();
        state.error = status.error;
        entry->shim_up = false;
        ++entry->exit_count;
        if (entry->restart && !shutting_down) {
            try {
                decision = entry->restart->ShouldRestart(status.exit_code,
                                                         record.manually_stopped,
                                                         std::chrono::steady_clock::now() - entry->started_steady);
            } catch (const Error& error) {
                logger.Warn("restart policy", {{"id", record.id}, {"error", error.what()}});
            }
        }
        if (decision.restart) {
            state.restarting = true;
            record.restart_count = entry->restart->restart_count();
        }
        auto_remove = record.host_config.auto_remove && !decision.restart;
        PersistLocked(record);
        if (status.oom_killed) {
            Emit(record, "oom");
        }
        Emit(record, "die", {{"exitCode", std::to_string(status.exit_code)}});
        changed.notify_all();
    }
    if (decision.restart) {
        InBackground([this, entry](std::stop_token) {
            RestartManager* manager = nullptr;
            {
                std::lock_guard lock(mutex);
                manager = entry->restart.get();
            }
            if (manager == nullptr || !manager->WaitPending()) {
                std::lock_guard lock(mutex);
                entry->record.state.restarting = false;
                changed.notify_all();
                return;
            }
            std::lock_guard lifecycle(entry->lifecycle);
            try {
                StartEntry(entry, false);
            } catch (const std::exception& error) {
                logger.Warn("restarting a container failed", {{"id", entry->record.id}, {"error", error.what()}});
                std::lock_guard lock(mutex);
                entry->record.state.restarting = false;
                changed.notify_all();
            }
        });
    } else if (auto_remove) {
        InBackground([this, entry](std::stop_token) {
            std::lock_guard lifecycle(entry->lifecycle);
            try {
                RemoveEntry(entry, true, true);
            } catch (const std::exception& error) {
                logger.Warn("auto-remove failed", {{"id", entry->record.id}, {"error", error.what()}});
            }
        });
    }
}

void ContainerManager::Impl::KillEntry(const std::shared_ptr<ContainerEntry>& entry, int signal) {
    std::string id;
    std::string runtime_name;
    bool paused = false;
    {
        std::lock_guard lock(mutex);
        ContainerRecord& record = entry->record;
        if (!record.state.running) {
            throw Error(Errc::kConflict, "Container " + record.id + " is not running");
        }
        if (signal == SIGKILL || signal == ParseSignal(SignalOf(record))) {
            if (entry->restart) {
                entry->restart->Cancel();
            }
            if (!shutting_down) {
                record.manually_stopped = true;
                PersistLocked(record);
            }
        }
        id = record.id;
        runtime_name = record.runtime;
        paused = record.state.paused;
    }
    const runtime::OciRuntime runtime(RuntimeBinary(runtime_name), RuntimeRoot(runtime_name));
    try {
        runtime.Kill(id, signal, signal == SIGKILL);
        if (paused && (signal == SIGKILL || signal == SIGTERM)) {
            runtime.Resume(id);
        }
    } catch (const Error& error) {
        if (error.code() != Errc::kNotFound) {  // gone already: the exit path records it
            throw;
        }
    }
}

bool ContainerManager::Impl::StopEntry(const std::shared_ptr<ContainerEntry>& entry,
                                       std::optional<int> timeout_seconds) {
    int stop_signal = SIGTERM;
    std::chrono::seconds timeout = kDefaultStopTimeout;
    std::uint64_t exits = 0;
    {
        std::lock_guard lock(mutex);
        const ContainerRecord& record = entry->record;
        if (!record.state.running) {
            if (record.state.restarting && entry->restart) {
                entry->restart->Cancel();
                return true;
            }
            return false;
        }
        stop_signal = ParseSignal(SignalOf(record));
        if (timeout_seconds) {
            timeout = std::chrono::seconds(*timeout_seconds);
        } else if (record.config.stop_timeout) {
            timeout = std::chrono::seconds(*record.config.stop_timeout);
        }
        exits = entry->exit_count;
    }
    const auto exited = [&] { return entry->exit_count != exits; };
    try {
        KillEntry(entry, stop_signal);
    } catch (const Error& error) {
        if (error.code() != Errc::kConflict) {
            throw;
        }
    }
    std::unique_lock lock(mutex);
    if (timeout.count() < 0) {
        changed.wait(lock, exited);
        return true;
    }
    if (!changed.wait_for(lock, timeout, exited)) {
        lock.unlock();
        try {
            KillEntry(entry, SIGKILL);
        } catch (const Error& error) {
            if (error.code() != Errc::kConflict) {
                throw;
            }
        }
        lock.lock();
        if (!changed.wait_for(lock, std::chrono::seconds(30), exited)) {
            throw Error(Errc::kInternal, "container " + entry->record.id + " did not exit after SIGKILL");
        }
    }
    return true;
}

void ContainerManager::Impl::RemoveEntry(const std::shared_ptr<ContainerEntry>& entry,
                                         bool force,
                                         bool remove_volumes) {
    {
        std::lock_guard lock(mutex);
        if (entry->removed) {
            return;
        }
        const ContainerRecord& record = entry->record;
        if (record.state.running && !force) {
            const std::string what = record.state.paused ? "paused" : "running";
            throw Error(Errc::kConflict,
                        "You cannot remove a " + what + " container " + record.id +
                            ". Stop the container before attempting removal or force remove");
        }
        if (entry->restart) {
            entry->restart->Cancel();
        }
        entry->record.state.removal_in_progress = true;
    }
    if (IsRunningNow(entry)) {
        StopEntry(entry, 0);
    }
    StopHealthMonitor(*entry);
    ReleaseStartResources(entry);
    ContainerRecord record;
    {
        std::lock_guard lock(mutex);
        record = entry->record;
    }
    std::error_code ignored;
    fs::remove_all(StateDirectory(record.id), ignored);
    fs::remove_all(ContainerDirectory(record.id), ignored);
    {
        std::lock_guard lock(mutex);
        objects.Delete(store::Kind::kContainer, record.id);
        containers.erase(record.id);
        removed_exits.push_back({{record.id, record.name}, {record.state.exit_code, record.state.error}});
        if (removed_exits.size() > 256) {
            removed_exits.pop_front();
        }
        entry->removed = true;
        changed.notify_all();
    }
    if (remove_volumes) {
        for (const MountRecord& mount : record.mounts) {
            if (mount.type == "volume" && mount.anonymous) {
                try {
                    volumes.Remove(mount.name, true, [this](const std::string& name) {
                        std::lock_guard lock(mutex);
                        return VolumeUsersLocked(name);
                    });
                } catch (const Error& error) {
                    logger.Warn("could not remove an anonymous volume",
                                {{"volume", mount.name}, {"error", error.what()}});
                }
            }
        }
    }
    Emit(record, "destroy");
}

bool ContainerManager::Impl::IsRunningNow(const std::shared_ptr<ContainerEntry>& entry) {
    std::lock_guard lock(mutex);
    return entry->record.state.running;
}

void ContainerManager::Impl::HandleExecExit(const std::string& exec_id) {
    std::shared_ptr<ExecEntry> exec;
    {
        std::lock_guard lock(mutex);
        const auto it = execs.find(exec_id);
        if (it == execs.end()) {
            return;
        }
        exec = it->second;
    }
    const std::optional<runtime::ExitStatus> status =
        runtime::WaitForExit(ExecStateDirectory(exec_id), std::chrono::milliseconds(0));
    std::lock_guard lock(mutex);
    exec->view.running = false;
    exec->view.exit_code = status ? status->exit_code : 255;
    exec->view.pid = 0;
    if (const auto it = containers.find(exec->view.container_id); it != containers.end()) {
        Emit(
            it->second->record, "exec_die", {{"execID", exec_id}, {"exitCode", std::to_string(*exec->view.exit_code)}});
    }
    changed.notify_all();
    std::error_code ignored;
    fs::remove_all(ExecStateDirectory(exec_id), ignored);
}

// Public lifecycle methods.

bool ContainerManager::Start(std::string_view ref) {
    const auto entry = impl_->Find(ref);
    std::lock_guard lifecycle(entry->lifecycle);
    {
        std::lock_guard lock(impl_->mutex);
        if (entry->record.state.paused) {
            throw Error(Errc::kConflict, "cannot start a paused container, try unpause instead");
        }
    }
    try {
        return impl_->StartEntry(entry, true);
    } catch (const Error&) {
        // moby removes an --rm container whose start failed, which is what `docker run --rm`
        // waits for before it reports the error.
        bool auto_remove = false;
        {
            std::lock_guard lock(impl_->mutex);
            auto_remove = entry->record.host_config.auto_remove;
        }
        if (auto_remove) {
            try {
                impl_->RemoveEntry(entry, true, true);
            } catch (const std::exception& error) {
                impl_->logger.Warn("auto-remove after a failed start failed",
                                   {{"id", entry->record.id}, {"error", error.what()}});
            }
        }
        throw;
    }
}

bool ContainerManager::Stop(std::string_view ref, std::optional<int> timeout_seconds) {
    const auto entry = impl_->Find(ref);
    std::lock_guard lifecycle(entry->lifecycle);
    const bool stopped = impl_->StopEntry(entry, timeout_seconds);
    if (stopped) {
        std::lock_guard lock(impl_->mutex);
        impl_->Emit(entry->record, "stop");
    }
    return stopped;
}

void ContainerManager::Restart(std::string_view ref, std::optional<int> timeout_seconds) {
    const auto entry = impl_->Find(ref);
    std::lock_guard lifecycle(entry->lifecycle);
    if (impl_->StopEntry(entry, timeout_seconds)) {
        std::lock_guard lock(impl_->mutex);
        impl_->Emit(entry->record, "stop");
    }
    impl_->StartEntry(entry, true);
    std::lock_guard lock(impl_->mutex);
    impl_->Emit(entry->record, "restart");
}

void ContainerManager::Kill(std::string_view ref, std::string_view signal) {
    const auto entry = impl_->Find(ref);
    const int number = signal.empty() ? SIGKILL : ParseSignal(signal);
    impl_->KillEntry(entry, number);
    std::lock_guard lock(impl_->mutex);
    impl_->Emit(entry->record, "kill", {{"signal", std::to_string(number)}});
}

void ContainerManager::Pause(std::string_view ref) {
    const auto entry = impl_->Find(ref);
    std::lock_guard lifecycle(entry->lifecycle);
    std::string runtime_name;
    {
        std::lock_guard lock(impl_->mutex);
        const ContainerRecord& record = entry->record;
        if (!record.state.running) {
            throw Error(Errc::kConflict, "Container " + record.id + " is not running");
        }
        if (record.state.paused) {
            throw Error(Errc::kConflict, "Container " + record.id + " is already paused");
        }
        runtime_name = record.runtime;
    }
    runtime::OciRuntime(impl_->RuntimeBinary(runtime_name), impl_->RuntimeRoot(runtime_name)).Pause(entry->record.id);
    std::lock_guard lock(impl_->mutex);
    entry->record.state.paused = true;
    impl_->PersistLocked(entry->record);
    impl_->Emit(entry->record, "pause");
}

void ContainerManager::Unpause(std::string_view ref) {
    const auto entry = impl_->Find(ref);
    std::lock_guard lifecycle(entry->lifecycle);
    std::string runtime_name;
    {
        std::lock_guard lock(impl_->mutex);
        const ContainerRecord& record = entry->record;
        if (!record.state.paused) {
            throw Error(Errc::kConflict, "Container " + record.id + " is not paused");
        }
        runtime_name = record.runtime;
    }
    runtime::OciRuntime(impl_->RuntimeBinary(runtime_name), impl_->RuntimeRoot(runtime_name)).Resume(entry->record.id);
    std::lock_guard lock(impl_->mutex);
    entry->record.state.paused = false;
    impl_->PersistLocked(entry->record);
    impl_->Emit(entry->record, "unpause");
}

struct ContainerManager::WaitRegistration {
    std::shared_ptr<ContainerEntry> entry;  // null when the container was already removed
    WaitCondition condition = WaitCondition::kNotRunning;
    std::uint64_t exits = 0;
    WaitResult removed_result;
};

ContainerManager::WaitTicket ContainerManager::PrepareWait(std::string_view ref, WaitCondition condition) {
    auto ticket = std::make_shared<WaitRegistration>();
    ticket->condition = condition;
    try {
        ticket->entry = impl_->Find(ref);
    } catch (const Error& error) {
        if (error.code() != Errc::kNotFound || ref.empty()) {
            throw;
        }
        std::lock_guard lock(impl_->mutex);
        for (auto it = impl_->removed_exits.rbegin(); it != impl_->removed_exits.rend(); ++it) {
            const std::string& id = it->first[0];
            const std::string& name = it->first[1];
            if (id.starts_with(ref) || name == ref || name == "/" + std::string(ref)) {
                ticket->removed_result = it->second;
                return ticket;
            }
        }
        throw;
    }
    std::lock_guard lock(impl_->mutex);
    ticket->exits = ticket->entry->exit_count;
    return ticket;
}

std::optional<WaitResult> ContainerManager::Wait(const WaitTicket& ticket, const std::function<bool()>& cancelled) {
    if (!ticket->entry) {
        return ticket->removed_result;
    }
    const std::shared_ptr<ContainerEntry>& entry = ticket->entry;
    std::unique_lock lock(impl_->mutex);
    const auto done = [&] {
        switch (ticket->condition) {
            case WaitCondition::kNotRunning:
                return entry->removed || (!entry->record.state.running && !entry->record.state.restarting);
            case WaitCondition::kNextExit:
                return entry->removed || entry->exit_count != ticket->exits;
            case WaitCondition::kRemoved:
                return entry->removed;
        }
        return true;
    };
    while (!done()) {
        if ((cancelled && cancelled()) || impl_->shutting_down) {
            return std::nullopt;
        }
        impl_->changed.wait_for(lock, std::chrono::milliseconds(100));
    }
    return WaitResult{entry->record.state.exit_code, entry->record.state.error};
}

void ContainerManager::Remove(std::string_view ref, bool force, bool remove_volumes) {
    const auto entry = impl_->Find(ref);
    std::lock_guard lifecycle(entry->lifecycle);
    impl_->RemoveEntry(entry, force, remove_volumes);
}

}  // namespace engine::daemon
