#pragma once

#include <cstdint>
#include <string>

namespace engine::daemon {

/// Facts about the machine the daemon runs on, read once at start for /version and /info.
struct HostFacts {
    std::string kernel_version;    ///< uname release, "6.1.0-18-amd64"
    std::string operating_system;  ///< os-release PRETTY_NAME, "Debian GNU/Linux 12 (bookworm)"
    std::string os_version;        ///< os-release VERSION_ID, "12"
    std::string architecture;      ///< uname machine, "x86_64"
    std::string hostname;
    int cpu_count = 1;
    std::int64_t memory_bytes = 0;
    int cgroup_version = 1;  ///< 2 when /sys/fs/cgroup is a cgroup2 mount
};

/// Reads the facts; a fact that cannot be read is left empty (never an error: info must work).
HostFacts ReadHostFacts();

/// The platform name Go uses for `architecture` ("amd64" for x86_64, "arm64" for aarch64).
std::string GoArchitecture(const std::string& machine);

}  // namespace engine::daemon
