#pragma once

// GET /containers/{id}/stats: moby's v1.41 StatsJSON built from a container's cgroup figures.
// The shaping is pure, here, so it is tested without cgroups.

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/daemon/container_routes.hpp"
#include "engine/sys/linux/cgroup.hpp"
#include "engine/sys/linux/netlink.hpp"

namespace engine::daemon {

/// One reading of a running container and of the host figures next to it.
struct StatsSample {
    std::int64_t read_nanos = 0;  ///< when it was read, Unix nanoseconds
    sys::CgroupStats cgroup;
    std::uint64_t system_cpu_nanos = 0;  ///< SystemCpuUsageNanos()
    unsigned online_cpus = 0;            ///< OnlineCpus()
    std::uint64_t machine_memory = 0;    ///< MachineMemoryBytes(): the limit of an unlimited container
    /// Traffic per container interface ("eth0"), as the container sees it.
    std::map<std::string, sys::LinkCounters> networks;
};

/// moby's types.StatsJSON in its field order: read, preread, pids_stats, blkio_stats,
/// num_procs, storage_stats, cpu_stats, precpu_stats (from `previous`; zero when null, as in a
/// first or one-shot reading), memory_stats, name ("/web"), id. `current` null gives the
/// all-zero object moby sends for a container that does not run. Go's omitempty is followed
/// (pids current/limit, percpu_usage, system_cpu_usage, online_cpus, the memory figures); the
/// memory limit is capped at the machine's memory; then networks, per interface, when the
/// container has any (omitempty too).
nlohmann::ordered_json StatsJson(const std::string& name,
                                 const std::string& id,
                                 const StatsSample* current,
                                 const StatsSample* previous);

/// The handler: stream=1 (default) sends one object per second, each in its own flushed
/// chunk, until the client leaves or the container is removed; stream=0 sends one object
/// read a second after a first one (so CPU figures have a base), or at once with one-shot=1.
void HandleContainerStats(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response);

}  // namespace engine::daemon
