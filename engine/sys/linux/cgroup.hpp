#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

namespace engine::sys {

/// Which cgroup API containers get: kV2 only where cgroup2 is mounted at the cgroup root.
enum class CgroupVersion { kV1, kV2 };

/// How this host mounts cgroups, as read from mountinfo (see DetectCgroupHost).
struct CgroupHost {
    /// kV2 only for a pure cgroup2 host (cgroup2 mounted at the root).
    CgroupVersion version = CgroupVersion::kV1;
    /// v1 controllers plus a cgroup2 mount (systemd's "unified").
    bool hybrid = false;
    /// The controllers listed in the cgroup2 mount's cgroup.controllers (hybrid hosts).
    std::vector<std::string> unified_controllers;
    /// The directory holding the hierarchies (/sys/fs/cgroup), or the cgroup2 mount on v2.
    std::filesystem::path root;
    /// Controller -> mount point of its v1 hierarchy; co-mounted controllers ("cpu,cpuacct")
    /// each map to the shared mount; named hierarchies appear as "name=systemd".
    std::map<std::string, std::filesystem::path> v1_mounts;
    /// The cgroup2 mount point, empty when there is none.
    std::filesystem::path unified_mount;
    /// False on hybrid hosts with controllers on cgroup2: crun 1.8 refuses to run there
    /// ("cgroups in hybrid mode not supported").
    bool crun_usable = true;
    /// Why crun is not usable and what to do about it; empty when it is.
    std::string crun_blocker;
};

/// Reads the cgroup mounts from `mountinfo` (the /proc/<pid>/mountinfo format) and, for a
/// cgroup2 mount, its cgroup.controllers. Every mount point is looked up and reported under
/// `fs_root`, so tests can point both at fixture trees. Does not change anything on the host.
/// Throws Error(kUnavailable) when no cgroup filesystem is mounted at all, Error(kNotFound)
/// when `mountinfo` cannot be read.
CgroupHost DetectCgroupHost(const std::filesystem::path& mountinfo = "/proc/self/mountinfo",
                            const std::filesystem::path& fs_root = "/");

/// The directory of `cgroups_path` (an OCI linux.cgroupsPath in cgroupfs form, "/berth/<id>")
/// in the hierarchy of `controller` ("memory", "pids", ...; ignored on v2). Empty when that
/// controller is not mounted. Throws Error(kInvalidArgument) for a path with ".." or a
/// systemd-style "slice:prefix:name" path.
std::filesystem::path CgroupDirectory(const CgroupHost& host,
                                      const std::string& cgroups_path,
                                      const std::string& controller);

/// How many times the kernel's OOM killer killed a process of the cgroup: v1
/// memory.oom_control "oom_kill N", v2 memory.events "oom_kill N". 0 when the cgroup is gone
/// or the counter absent, since a missing counter must not turn an exit into an error.
std::uint64_t OomKillCount(const CgroupHost& host, const std::string& cgroups_path);

/// Memory figures, named after the Docker API's memory_stats.
struct CgroupMemoryStats {
    std::uint64_t usage = 0;      ///< v1 memory.usage_in_bytes, v2 memory.current
    std::uint64_t max_usage = 0;  ///< v1 memory.max_usage_in_bytes; 0 on v2
    std::uint64_t failcnt = 0;    ///< v1 memory.failcnt; 0 on v2
    /// v1 memory.limit_in_bytes, v2 memory.max ("max" gives UINT64_MAX). A value above the
    /// machine's memory means "no limit": report MachineMemoryBytes() then, as moby does.
    std::uint64_t limit = 0;
    std::uint64_t cache = 0;  ///< page cache: v1 stat "cache", v2 stat "file"
    std::uint64_t rss = 0;    ///< anonymous memory: v1 stat "rss", v2 stat "anon"
    /// memory.stat as is (v1 keys such as total_inactive_file, v2 keys such as inactive_file);
    /// this is memory_stats.stats, from which clients compute the usage shown.
    std::map<std::string, std::uint64_t> stat;
};

/// CPU figures in nanoseconds, named after the Docker API's cpu_stats.
struct CgroupCpuStats {
    std::uint64_t total_usage_ns = 0;            ///< v1 cpuacct.usage, v2 cpu.stat usage_usec
    std::vector<std::uint64_t> percpu_usage_ns;  ///< v1 cpuacct.usage_percpu; empty on v2
    std::uint64_t user_ns = 0;                   ///< v1 cpuacct.stat user, v2 user_usec
    std::uint64_t system_ns = 0;                 ///< v1 cpuacct.stat system, v2 system_usec
    std::uint64_t periods = 0;                   ///< cpu.stat nr_periods
    std::uint64_t throttled_periods = 0;         ///< cpu.stat nr_throttled
    std::uint64_t throttled_time_ns = 0;         ///< v1 throttled_time, v2 throttled_usec
};

/// Process counts, named after the Docker API's pids_stats.
struct CgroupPidsStats {
    std::uint64_t current = 0;  ///< pids.current
    std::uint64_t limit = 0;    ///< pids.max; 0 when "max" (no limit), as moby reports it
};

/// One line of a blkio table, as the Docker API's blkio_stats entries.
struct CgroupBlkioEntry {
    std::uint64_t major = 0;
    std::uint64_t minor = 0;
    std::string op;  ///< v1 "Read", "Write", "Sync", ...; v2 "read", "write" (as moby)
    std::uint64_t value = 0;
};

/// Block I/O figures.
struct CgroupBlkioStats {
    /// v1 blkio.throttle.io_service_bytes_recursive; v2 io.stat rbytes/wbytes.
    std::vector<CgroupBlkioEntry> io_service_bytes_recursive;
    /// v1 blkio.throttle.io_serviced_recursive; empty on v2 (moby sets only bytes there).
    std::vector<CgroupBlkioEntry> io_serviced_recursive;
    std::uint64_t read_bytes = 0;   ///< sum of the "read" entries of io_service_bytes_recursive
    std::uint64_t write_bytes = 0;  ///< sum of the "write" entries
};

/// What `docker stats` and GET /containers/{id}/stats need from a container's cgroup. A
/// figure whose controller or file is missing stays 0.
struct CgroupStats {
    CgroupVersion version = CgroupVersion::kV1;
    CgroupMemoryStats memory;
    CgroupCpuStats cpu;
    CgroupPidsStats pids;
    CgroupBlkioStats blkio;
};

/// Reads the figures of the cgroup at `cgroups_path`. Throws Error(kNotFound) when the cgroup
/// does not exist (the container is not running), Error(kInternal) for unreadable files.
CgroupStats ReadCgroupStats(const CgroupHost& host, const std::string& cgroups_path);

/// The processes in the cgroup at `cgroups_path` and its descendants, sorted (for `top`).
/// Empty when the cgroup is gone.
std::vector<pid_t> CgroupProcesses(const CgroupHost& host, const std::string& cgroups_path);

/// The host's total CPU time in nanoseconds as moby computes system_cpu_usage: the sum of the
/// first seven fields of the "cpu" line of `proc_stat`, in clock ticks, converted. Throws
/// Error when the file cannot be read or has no such line.
std::uint64_t SystemCpuUsageNanos(const std::filesystem::path& proc_stat = "/proc/stat");

/// The CPUs this process may run on (its affinity mask), at least 1: online_cpus.
unsigned OnlineCpus();

/// MemTotal of `meminfo` in bytes: what moby reports as the limit of an unlimited container.
/// Throws Error when it cannot be read.
std::uint64_t MachineMemoryBytes(const std::filesystem::path& meminfo = "/proc/meminfo");

}  // namespace engine::sys
