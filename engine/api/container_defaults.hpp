#pragma once

#include <cstdint>
#include <string>

#include "engine/api/container_config.hpp"

namespace engine::api {

/// The daemon-wide defaults moby writes into a new container's HostConfig, so that inspect
/// shows what the container really gets (ShmSize 67108864, IpcMode "private", LogConfig
/// {"Type": "json-file", "Config": {}}, OomKillDisable false, ...).
struct HostConfigDefaults final {
    std::int64_t shm_size = 64 * 1024 * 1024;
    std::string ipc_mode = "private";
    /// "host" on cgroup v1 and hybrid hosts, "private" on cgroup v2-only hosts.
    std::string cgroupns_mode = "host";
    std::string log_driver = "json-file";
    /// The daemon's log options, merged under the container's own when it uses log_driver.
    std::map<std::string, std::string> log_opts;
    /// Whether the kernel limits swap; without it MemorySwap becomes -1 (unlimited) as in moby.
    bool swap_limit_supported = true;
};

/// moby's adaptContainerSettings and mergeAndVerifyLogConfig on a validated HostConfig:
/// ShmSize 0 → default; IpcMode "" → default; CgroupnsMode "" → default ("host" for a
/// privileged container unless the host is cgroup v2-only); Memory > 0 with MemorySwap 0 →
/// twice Memory (or -1 without swap limits); OomKillDisable unset → false; LogConfig.Type "" →
/// default driver, Config nil → {} plus the daemon's options for that driver.
void ApplyHostConfigDefaults(HostConfig& host_config, const HostConfigDefaults& defaults);

}  // namespace engine::api
