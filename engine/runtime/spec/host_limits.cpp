#include "engine/runtime/spec/host_limits.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string_view>
#include <utility>

#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

namespace engine::runtime {
namespace {

constexpr long kCgroup2SuperMagic = 0x63677270;

// RLIMIT_* constants by Docker's ulimit name (docker/go-units ulimit.go).
constexpr std::array<std::pair<std::string_view, int>, 16> kRlimits{{
    {"as", RLIMIT_AS},
    {"core", RLIMIT_CORE},
    {"cpu", RLIMIT_CPU},
    {"data", RLIMIT_DATA},
    {"fsize", RLIMIT_FSIZE},
    {"locks", RLIMIT_LOCKS},
    {"memlock", RLIMIT_MEMLOCK},
    {"msgqueue", RLIMIT_MSGQUEUE},
    {"nice", RLIMIT_NICE},
    {"nofile", RLIMIT_NOFILE},
    {"nproc", RLIMIT_NPROC},
    {"rss", RLIMIT_RSS},
    {"rtprio", RLIMIT_RTPRIO},
    {"rttime", RLIMIT_RTTIME},
    {"sigpending", RLIMIT_SIGPENDING},
    {"stack", RLIMIT_STACK},
}};

// The hex capability mask of `field` ("CapBnd") in /proc/self/status.
std::uint64_t StatusCapabilityMask(std::string_view field) {
    std::ifstream status("/proc/self/status");
    if (!status) {
        throw Error(Errc::kInternal, "read /proc/self/status: cannot open it");
    }
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(status, line)) {
        if (line.starts_with(prefix)) {
            return std::stoull(line.substr(prefix.size()), nullptr, 16);
        }
    }
    throw Error(Errc::kInternal, "read /proc/self/status: no " + std::string(field) + " line");
}

// Docker's/libseccomp's architecture name for uname's machine.
std::string NativeArch(std::string_view machine) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kArches{{
        {"x86_64", "amd64"},
        {"aarch64", "arm64"},
        {"i686", "x86"},
        {"i386", "x86"},
        {"armv7l", "arm"},
        {"s390x", "s390x"},
        {"ppc64le", "ppc64le"},
        {"riscv64", "riscv64"},
        {"loongarch64", "loong64"},
    }};
    for (const auto& [name, arch] : kArches) {
        if (name == machine) {
            return std::string(arch);
        }
    }
    return std::string(machine);
}

}  // namespace

const std::vector<std::string>& KnownCapabilities() {
    static const std::vector<std::string> kCaps = {
        "CAP_CHOWN",
        "CAP_DAC_OVERRIDE",
        "CAP_DAC_READ_SEARCH",
        "CAP_FOWNER",
        "CAP_FSETID",
        "CAP_KILL",
        "CAP_SETGID",
        "CAP_SETUID",
        "CAP_SETPCAP",
        "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST",
        "CAP_NET_ADMIN",
        "CAP_NET_RAW",
        "CAP_IPC_LOCK",
        "CAP_IPC_OWNER",
        "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO",
        "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT",
        "CAP_SYS_ADMIN",
        "CAP_SYS_BOOT",
        "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG",
        "CAP_MKNOD",
        "CAP_LEASE",
        "CAP_AUDIT_WRITE",
        "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE",
        "CAP_MAC_ADMIN",
        "CAP_SYSLOG",
        "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ",
        "CAP_PERFMON",
        "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
    };
    return kCaps;
}

const std::vector<std::string>& UlimitNames() {
    static const std::vector<std::string> kNames = [] {
        std::vector<std::string> names;
        for (const auto& [name, resource] : kRlimits) {
            names.emplace_back(name);
        }
        return names;
    }();
    return kNames;
}

HostLimits DetectHostLimits() {
    HostLimits limits;
    for (const auto& [name, resource] : kRlimits) {
        rlimit value{};
        CheckSyscall(getrlimit(resource, &value), "getrlimit " + std::string(name));
        limits.hard_rlimits[std::string(name)] = value.rlim_max;
    }
    const std::uint64_t bounding = StatusCapabilityMask("CapBnd");
    const std::uint64_t effective = StatusCapabilityMask("CapEff");
    const auto& known = KnownCapabilities();
    for (std::size_t bit = 0; bit < known.size(); ++bit) {
        if ((bounding >> bit) & 1U) {
            limits.capabilities.push_back(known[bit]);
        }
    }
    limits.can_raise_rlimits = ((effective >> 24) & 1U) != 0;  // CAP_SYS_RESOURCE
    struct statfs cgroup_fs {};
    CheckSyscall(statfs("/sys/fs/cgroup", &cgroup_fs), "statfs /sys/fs/cgroup");
    limits.cgroup_v2 = static_cast<long>(cgroup_fs.f_type) == kCgroup2SuperMagic;
    utsname names{};
    CheckSyscall(uname(&names), "uname");
    limits.arch = NativeArch(names.machine);
    if (std::sscanf(names.release, "%d.%d", &limits.kernel_major, &limits.kernel_minor) != 2) {
        throw Error(Errc::kInternal, "parse kernel release \"" + std::string(names.release) + "\"");
    }
    limits.has_ping_group_range = access("/proc/sys/net/ipv4/ping_group_range", F_OK) == 0;
    limits.has_unprivileged_port_start = access("/proc/sys/net/ipv4/ip_unprivileged_port_start", F_OK) == 0;
    return limits;
}

}  // namespace engine::runtime
