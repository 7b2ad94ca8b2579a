// What the daemon does with its containers when it starts: re-adopt, settle, restart.

#include "engine/base/error.hpp"
#include "engine/daemon/container/container_manager_impl.hpp"
#include "engine/sys/linux/mount.hpp"

namespace engine::daemon {

void ContainerManager::Restore() {
    Impl& impl = *impl_;
    std::vector<std::shared_ptr<ContainerEntry>> entries;
    {
        std::lock_guard lock(impl.mutex);
        for (const auto& [id, entry] : impl.containers) {
            entries.push_back(entry);
        }
    }
    std::vector<std::shared_ptr<ContainerEntry>> to_start;
    for (const auto& entry : entries) {
        const std::string id = entry->record.id;
        const fs::path state_dir = impl.StateDirectory(id);
        bool was_running = false;
        {
            std::lock_guard lock(impl.mutex);
            was_running = entry->record.state.running;
            entry->restart = std::make_unique<RestartManager>(entry->record.host_config.restart_policy,
                                                              static_cast<int>(entry->record.restart_count));
        }
        if (was_running && runtime::ShimAlive(state_dir)) {
            // Still running under its shim: take it back as it is.
            {
                std::lock_guard lock(impl.mutex);
                entry->shim_up = true;
                entry->rootfs_mounted = true;
                entry->started_steady = std::chrono::steady_clock::now();
            }
            for (const MountRecord& mount : entry->record.mounts) {
                if (mount.type == "volume") {
                    try {
                        impl.volumes.Mount(mount.name, id);
                    } catch (const Error& error) {
                        impl.logger.Warn("re-adopted container lost a volume",
                                         {{"id", id}, {"volume", mount.name}, {"error", error.what()}});
                    }
                }
            }
            impl.watcher->Watch(id, runtime::OpenShimPidfd(state_dir));
            if (impl.options.networking) {
                impl.options.networking->Readopt(id);
            }
            impl.StartHealthMonitor(entry, HealthForNewRun(HealthState{}));
            impl.logger.Info("re-adopted a running container", {{"id", id}});
            continue;
        }
        if (was_running) {
            // It exited (or its shim died) while the daemon was down.
            const std::optional<runtime::ExitStatus> status =
                runtime::WaitForExit(state_dir, std::chrono::milliseconds(0));
            impl.HandleContainerExit(
                entry, status.value_or(runtime::ExitStatus{255, false, NowNanos(), "the container's monitor is gone"}));
            impl.logger.Info("settled a container that exited while the daemon was down",
                             {{"id", id}, {"exitCode", std::to_string(entry->record.state.exit_code)}});
            continue;  // HandleContainerExit applied the restart policy
        }
        try {
            impl.UnmountRootfs(*entry);  // a leftover of a crash between exit and cleanup
            if (impl.options.networking) {
                impl.options.networking->Leave(id);
            }
        } catch (const std::exception&) {
        }
        StoppedContainerFacts facts;
        {
            std::lock_guard lock(impl.mutex);
            const ContainerRecord& record = entry->record;
            facts.exit_code = static_cast<int>(record.state.exit_code);
            facts.manually_stopped = record.manually_stopped;
            facts.restart_count = static_cast<int>(record.restart_count);
            facts.has_been_started_before = record.has_been_started_before;
            if (record.state.restarting) {
                entry->record.state.restarting = false;
            }
            if (ShouldStartWithDaemon(record.host_config.restart_policy, facts)) {
                to_start.push_back(entry);
            }
        }
    }
    if (!to_start.empty()) {
        impl.InBackground([&impl, to_start](std::stop_token) {
            for (const auto& entry : to_start) {
                std::lock_guard lifecycle(entry->lifecycle);
                try {
                    impl.StartEntry(entry, false);
                } catch (const std::exception& error) {
                    impl.logger.Warn("could not start a container with the daemon",
                                     {{"id", entry->record.id}, {"error", error.what()}});
                }
            }
        });
    }
}

}  // namespace engine::daemon
