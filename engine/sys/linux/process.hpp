#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include <sys/types.h>

#include "engine/sys/linux/unique_fd.hpp"

namespace engine::sys {

/// A pidfd for `pid` (pidfd_open(2), close-on-exec): it keeps referring to that process even
/// if the pid is reused, and polls readable when the process exits. Throws Error(kNotFound)
/// when no such process exists.
UniqueFd PidfdOpen(pid_t pid);

/// When `pid` started, in clock ticks since boot (field 22 of /proc/<pid>/stat). Together with
/// the pid it names one process for good, which guards against pid reuse when the daemon
/// re-adopts containers after a restart. nullopt when the process does not exist. `proc` is
/// the procfs mount, replaceable in tests.
std::optional<std::uint64_t> ProcessStartTime(pid_t pid, const std::filesystem::path& proc = "/proc");

/// True when `pid` exists (zombies included) and started at `start_time`.
bool ProcessExists(pid_t pid, std::uint64_t start_time, const std::filesystem::path& proc = "/proc");

}  // namespace engine::sys
