#pragma once

// The pieces BuildOciSpec is made of, one file each; internal to engine/runtime/spec.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/runtime/spec/container_spec.hpp"
#include "engine/runtime/spec/host_limits.hpp"

namespace engine::runtime::detail {

/// The mounts array (oci_mounts.cpp): defaults, the init binary, user mounts sorted by depth.
/// Sets `rootfs_propagation` to "shared" / "rslave" when a mount's propagation needs it.
nlohmann::json BuildMounts(const ContainerSpec& spec, std::string& rootfs_propagation);

/// moby/sys/mount MergeTmpfsOptions: later options win over earlier ones of the same kind.
std::vector<std::string> MergeTmpfsOptions(const std::vector<std::string>& options);

/// linux.resources (oci_resources.cpp): device rules, memory, cpu, pids, blockIO.
nlohmann::json BuildResources(const ContainerSpec& spec);

/// linux.devices (oci_resources.cpp).
nlohmann::json BuildDevices(const ContainerSpec& spec);

/// process.rlimits (oci_resources.cpp), checked against the daemon's hard limits.
nlohmann::json BuildRlimits(const ContainerSpec& spec, const HostLimits& host);

/// linux.sysctl (oci_resources.cpp): domainname, Docker's network defaults, the user's ones,
/// each checked to live in a namespace the container owns.
nlohmann::json BuildSysctls(const ContainerSpec& spec, const HostLimits& host);

}  // namespace engine::runtime::detail
