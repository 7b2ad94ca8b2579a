#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/runtime/spec/container_spec.hpp"

namespace engine::runtime {

/// The devices of a Docker `--device host[:container[:permissions]]` (moby oci.DevicesFromPath):
/// the device node at `path_on_host` (a symlink is followed), or every device node below it
/// when it is a directory, placed at `path_in_container` with `cgroup_permissions` ("rwm").
/// Throws Error(kInvalidArgument) naming the path when it holds no device:
/// `error gathering device information while adding custom device "/dev/x": not a device node`.
std::vector<DeviceSpec> DevicesFromPath(const std::filesystem::path& path_on_host,
                                        const std::string& path_in_container,
                                        const std::string& cgroup_permissions);

/// Every device node under /dev as a privileged container gets them (containerd
/// oci.HostDevices): recursive, skipping /dev/pts, /dev/shm, /dev/fd, /dev/mqueue, symlinks and
/// /dev/console.
std::vector<DeviceSpec> HostDevices();

}  // namespace engine::runtime
