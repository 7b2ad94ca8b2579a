#pragma once

// Shared fixtures for the engine/runtime/spec tests: a host like this machine (hybrid cgroups,
// no CAP_SYS_RESOURCE, nofile hard limit 20000) and a minimal container.

#include <string>
#include <vector>

#include "engine/runtime/spec/container_spec.hpp"
#include "engine/runtime/spec/host_limits.hpp"

namespace engine::runtime::testing {

inline HostLimits TestHost() {
    HostLimits host;
    host.hard_rlimits = {{"nofile", 20000}, {"nproc", 63000}, {"core", ~0ULL}};
    host.can_raise_rlimits = false;
    host.cgroup_v2 = false;
    for (const std::string& cap : KnownCapabilities()) {
        if (cap != "CAP_SYS_RESOURCE") {
            host.capabilities.push_back(cap);
        }
    }
    host.arch = "amd64";
    host.kernel_major = 6;
    host.kernel_minor = 18;
    return host;
}

inline ContainerSpec TestContainer() {
    ContainerSpec spec;
    spec.id = "0123456789ab";
    spec.hostname = "0123456789ab";
    spec.args = {"sh", "-c", "echo hi"};
    spec.rootfs = "/var/lib/berth/rootfs";
    spec.cgroups_path = "/berth/0123456789ab";
    return spec;
}

}  // namespace engine::runtime::testing
