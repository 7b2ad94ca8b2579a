#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/runtime/spec/container_spec.hpp"
#include "engine/runtime/spec/host_limits.hpp"

namespace engine::runtime {

/// The OCI runtime spec version written into config.json (runc 1.1 and crun 1.8 accept it).
inline constexpr std::string_view kOciVersion = "1.0.2-dev";

/// Docker's PATH for a process whose env has none (moby oci.DefaultPathEnv).
inline constexpr std::string_view kDefaultPathEnv = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The init binary's place inside the container, as Docker mounts it.
inline constexpr std::string_view kContainerInitPath = "/sbin/docker-init";

/// The config.json of `spec`, shaped as moby's createSpec makes it on Linux: oci.DefaultSpec
/// (namespaces, /proc /dev /dev/pts /sys /sys/fs/cgroup /dev/mqueue /dev/shm, masked and
/// read-only paths, default device rules) with the container's process, user, capabilities,
/// seccomp, mounts, namespaces, resources, sysctls, rlimits and devices applied. A nofile
/// rlimit is set to the daemon's hard limit (capped at 1048576) unless the container names one,
/// so containers see the same limit whatever the daemon's soft limit is.
/// Throws Error(kInvalidArgument) with Docker's wording for what the container asks wrongly:
/// an empty args ("No command specified"), unknown capabilities, sysctls outside the
/// container's namespaces, ulimits beyond the daemon's hard limits, bad tmpfs options or device
/// cgroup rules, an invalid seccomp profile.
nlohmann::json BuildOciSpec(const ContainerSpec& spec, const HostLimits& host);

/// The process environment Docker gives a container (container.CreateDaemonEnvironment):
/// PATH, HOSTNAME and, with a tty, TERM=xterm, then `spec.env` replacing or appending by key.
std::vector<std::string> ProcessEnv(const ContainerSpec& spec);

}  // namespace engine::runtime
