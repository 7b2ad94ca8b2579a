#include "engine/api/container_defaults.hpp"

namespace engine::api {

void ApplyHostConfigDefaults(HostConfig& host, const HostConfigDefaults& defaults) {
    Resources& resources = host.resources;
    if (resources.memory > 0 && resources.memory_swap == 0) {
        resources.memory_swap = defaults.swap_limit_supported ? resources.memory * 2 : -1;
    } else if (resources.memory > 0 && resources.memory_swap != -1 && !defaults.swap_limit_supported) {
        resources.memory_swap = -1;
    }
    if (host.shm_size == 0) {
        host.shm_size = defaults.shm_size;
    }
    if (host.ipc_mode.empty()) {
        host.ipc_mode = defaults.ipc_mode;
    }
    if (host.cgroupns_mode.empty()) {
        // A privileged container keeps the host's cgroup namespace unless v2 makes it private.
        const bool unified = defaults.cgroupns_mode == "private";
        host.cgroupns_mode = host.privileged && !unified ? "host" : defaults.cgroupns_mode;
    }
    if (!resources.oom_kill_disable) {
        resources.oom_kill_disable = false;
    }
    LogConfig& log = host.log_config;
    if (log.type.empty()) {
        log.type = defaults.log_driver;
    }
    if (!log.config) {
        log.config.emplace();
    }
    if (log.type == defaults.log_driver) {
        for (const auto& [key, value] : defaults.log_opts) {
            log.config->try_emplace(key, value);
        }
    }
}

}  // namespace engine::api
