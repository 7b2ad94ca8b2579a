#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace engine::runtime {

/// How many times the kernel's OOM killer killed a process of the cgroup at `cgroups_path`
/// (an OCI linux.cgroupsPath such as "/berth/<id>"), read from cgroup v1's
/// memory.oom_control ("oom_kill N") or cgroup v2's memory.events ("oom_kill N"), under
/// `cgroup_root` (/sys/fs/cgroup). 0 when the cgroup or the counter cannot be found: a missing
/// counter must not turn a normal exit into an error.
///
/// Stands in for engine::sys::OomKillCount (engine/sys/linux/cgroup.hpp), which was not there
/// yet when the shim was written; switch to it once it is.
std::uint64_t ReadOomKillCount(const std::string& cgroups_path,
                               const std::filesystem::path& cgroup_root = "/sys/fs/cgroup");

}  // namespace engine::runtime
