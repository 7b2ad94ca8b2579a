#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace engine::runtime {

/// What BuildOciSpec needs to know about the host, so the builder itself stays pure and tests
/// can describe any host.
struct HostLimits final {
    /// The daemon's own hard rlimits by Docker ulimit name ("nofile" → 20000). A container's
    /// limits may not exceed them unless `can_raise_rlimits` (the runtime fails otherwise).
    std::map<std::string, std::uint64_t> hard_rlimits;
    /// The daemon holds CAP_SYS_RESOURCE, so the runtime may raise hard limits.
    bool can_raise_rlimits = false;
    /// /sys/fs/cgroup is a cgroup2 mount (unified); false on v1 and hybrid hosts.
    bool cgroup_v2 = false;
    /// The daemon's bounding capabilities ("CAP_CHOWN", ...), in kernel order: what "ALL" and
    /// --privileged give, and what cap-add may ask for (moby's caps.GetAllCapabilities).
    std::vector<std::string> capabilities;
    /// libseccomp's name of the native architecture ("amd64", "arm64", ...), as seccomp profile
    /// includes/excludes spell it.
    std::string arch = "amd64";
    /// Kernel version, for a seccomp rule's minKernel.
    int kernel_major = 0;
    int kernel_minor = 0;
    /// Whether /proc/sys/net/ipv4/ping_group_range and ip_unprivileged_port_start exist; Docker
    /// sets them in a private network namespace only when they do.
    bool has_ping_group_range = true;
    bool has_unprivileged_port_start = true;
};

/// The limits of the calling process and host: getrlimit for every Docker ulimit name, CapBnd
/// and CapEff from /proc/self/status, uname, the /sys/fs/cgroup filesystem type. Throws Error
/// naming the file or call that failed.
HostLimits DetectHostLimits();

/// The known capabilities in kernel order (CAP_CHOWN = 0 ... CAP_CHECKPOINT_RESTORE = 40).
const std::vector<std::string>& KnownCapabilities();

/// Docker's ulimit names ("as", "core", "cpu", ..., "stack") in alphabetical order.
const std::vector<std::string>& UlimitNames();

}  // namespace engine::runtime
