#include <algorithm>
#include <limits>
#include <regex>
#include <string_view>

#include "engine/base/error.hpp"
#include "engine/runtime/spec/oci_spec_parts.hpp"

namespace engine::runtime {
namespace {

using Json = nlohmann::json;

constexpr std::uint64_t kNofileCeiling = 1048576;

Json DeviceRule(bool allow, std::string_view type, std::int64_t major, std::int64_t minor) {
    return {{"allow", allow}, {"type", type}, {"major", major}, {"minor", minor}, {"access", "rwm"}};
}

// moby's oci.DefaultLinuxSpec device rules: deny all, allow the standard character devices
// (null, zero, full, urandom... the runtimes add mknod, pts and ptmx themselves), deny fuse.
Json DefaultDeviceRules() {
    return Json::array({
        {{"allow", false}, {"access", "rwm"}},
        DeviceRule(true, "c", 1, 5),
        DeviceRule(true, "c", 1, 3),
        DeviceRule(true, "c", 1, 9),
        DeviceRule(true, "c", 1, 8),
        DeviceRule(true, "c", 5, 0),
        DeviceRule(true, "c", 5, 1),
        DeviceRule(false, "c", 10, 229),
    });
}

// moby's AppendDevicePermissionsFromCgroupRules for one "--device-cgroup-rule".
Json CgroupRule(const std::string& rule) {
    static const std::regex kRule(R"(^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$)");
    std::smatch match;
    if (!std::regex_match(rule, match, kRule)) {
        throw Error(Errc::kInvalidArgument,
                    "invalid device cgroup rule format: '" + rule + "'; use '<a|b|c> <major|*>:<minor|*> <rwm>'");
    }
    const auto number = [](const std::string& text) { return text == "*" ? std::int64_t{-1} : std::stoll(text); };
    return {{"allow", true},
            {"type", match[1].str()},
            {"major", number(match[2].str())},
            {"minor", number(match[3].str())},
            {"access", match[4].str()}};
}

Json DeviceRules(const ContainerSpec& spec) {
    if (spec.privileged) {
        return Json::array({{{"allow", true}, {"access", "rwm"}}});
    }
    Json rules = DefaultDeviceRules();
    for (const DeviceSpec& device : spec.devices) {
        rules.push_back({{"allow", true},
                         {"type", std::string(1, device.type)},
                         {"major", device.major},
                         {"minor", device.minor},
                         {"access", device.cgroup_permissions}});
    }
    for (const std::string& rule : spec.device_cgroup_rules) {
        rules.push_back(CgroupRule(rule));
    }
    return rules;
}

// moby's getMemoryResources.
Json Memory(const ResourcesSpec& r) {
    Json memory = Json::object();
    if (r.memory > 0) {
        memory["limit"] = r.memory;
    }
    if (r.memory_reservation > 0) {
        memory["reservation"] = r.memory_reservation;
    }
    if (r.memory_swap > 0) {
        memory["swap"] = r.memory_swap;
    }
    if (r.memory_swappiness && *r.memory_swappiness >= 0) {
        memory["swappiness"] = *r.memory_swappiness;
    }
    if (r.oom_kill_disable) {
        memory["disableOOMKiller"] = *r.oom_kill_disable;
    }
    return memory;
}

// moby's getCPUResources: NanoCpus become a quota over a 100ms period.
Json Cpu(const ResourcesSpec& r) {
    if (r.cpu_shares < 0) {
        throw Error(Errc::kInvalidArgument, "shares: invalid argument; CpuShares must be 0 or more");
    }
    Json cpu = {{"shares", r.cpu_shares}};
    if (!r.cpuset_cpus.empty()) {
        cpu["cpus"] = r.cpuset_cpus;
    }
    if (!r.cpuset_mems.empty()) {
        cpu["mems"] = r.cpuset_mems;
    }
    if (r.nano_cpus > 0) {
        constexpr std::int64_t kPeriod = 100000;
        cpu["period"] = kPeriod;
        cpu["quota"] = r.nano_cpus * kPeriod / 1000000000;
    }
    if (r.cpu_period != 0) {
        cpu["period"] = r.cpu_period;
    }
    if (r.cpu_quota != 0) {
        cpu["quota"] = r.cpu_quota;
    }
    return cpu;
}

std::uint64_t RlimitValue(std::int64_t value) {
    return value < 0 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(value);
}

std::string Upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
    return text;
}

void CheckUlimit(const UlimitSpec& ulimit, const HostLimits& host) {
    const auto& names = UlimitNames();
    if (std::find(names.begin(), names.end(), ulimit.name) == names.end()) {
        throw Error(Errc::kInvalidArgument, "invalid ulimit type: " + ulimit.name);
    }
    if (RlimitValue(ulimit.soft) > RlimitValue(ulimit.hard)) {
        throw Error(Errc::kInvalidArgument,
                    "ulimit soft limit must be less than or equal to hard limit: " + std::to_string(ulimit.soft) +
                        " > " + std::to_string(ulimit.hard));
    }
    const auto daemon_hard = host.hard_rlimits.find(ulimit.name);
    if (!host.can_raise_rlimits && daemon_hard != host.hard_rlimits.end() &&
        RlimitValue(ulimit.hard) > daemon_hard->second) {
        throw Error(Errc::kInvalidArgument,
                    "ulimit " + ulimit.name + ": hard limit " + std::to_string(ulimit.hard) +
                        " exceeds the daemon's own hard limit " + std::to_string(daemon_hard->second) +
                        ", which it cannot raise without CAP_SYS_RESOURCE; ask for at most " +
                        std::to_string(daemon_hard->second));
    }
}

bool IsIpcSysctl(const std::string& name) {
    static const std::vector<std::string_view> kIpc = {"kernel.msgmax",
                                                       "kernel.msgmnb",
                                                       "kernel.msgmni",
                                                       "kernel.sem",
                                                       "kernel.shmall",
                                                       "kernel.shmmax",
                                                       "kernel.shmmni",
                                                       "kernel.shm_rmid_forced"};
    return std::find(kIpc.begin(), kIpc.end(), name) != kIpc.end() || name.starts_with("fs.mqueue.");
}

// runc's check that a sysctl lives in a namespace the container owns.
void CheckSysctl(const std::string& name, const ContainerSpec& spec) {
    const auto refuse = [&](std::string_view why) {
        throw Error(Errc::kInvalidArgument, "sysctl \"" + name + "\" " + std::string(why));
    };
    if (IsIpcSysctl(name)) {
        if (spec.ipc == IpcMode::kHost) {
            refuse("is not allowed in the hosts ipc namespace; drop it or use a private --ipc");
        }
        return;
    }
    if (name.starts_with("net.")) {
        if (spec.network == NetworkMode::kHost) {
            refuse("is not allowed in the hosts network namespace; drop it or do not use --network host");
        }
        return;
    }
    if (spec.uts == UtsMode::kPrivate && name == "kernel.domainname") {
        return;
    }
    if (spec.uts == UtsMode::kPrivate && name == "kernel.hostname") {
        refuse("is not allowed as it conflicts with the OCI \"hostname\" field; use --hostname");
    }
    refuse("is not in a separate kernel namespace");
}

}  // namespace

nlohmann::json detail::BuildResources(const ContainerSpec& spec) {
    Json resources = {{"devices", DeviceRules(spec)}, {"memory", Memory(spec.resources)}, {"cpu", Cpu(spec.resources)}};
    // moby writes -1 for "unlimited" (0 or negative), but crun 1.8 then fails writing "-1" to
    // pids.max ("Invalid argument"); a new cgroup is unlimited anyway, so it is left out.
    if (spec.resources.pids_limit && *spec.resources.pids_limit > 0) {
        resources["pids"] = {{"limit", *spec.resources.pids_limit}};
    }
    if (spec.resources.blkio_weight > 0) {
        resources["blockIO"] = {{"weight", spec.resources.blkio_weight}};
    }
    return resources;
}

nlohmann::json detail::BuildDevices(const ContainerSpec& spec) {
    Json devices = Json::array();
    for (const DeviceSpec& device : spec.devices) {
        devices.push_back({{"path", device.path},
                           {"type", std::string(1, device.type)},
                           {"major", device.major},
                           {"minor", device.minor},
                           {"fileMode", device.file_mode},
                           {"uid", device.uid},
                           {"gid", device.gid}});
    }
    return devices;
}

nlohmann::json detail::BuildRlimits(const ContainerSpec& spec, const HostLimits& host) {
    Json rlimits = Json::array();
    bool has_nofile = false;
    for (const UlimitSpec& ulimit : spec.ulimits) {
        CheckUlimit(ulimit, host);
        has_nofile = has_nofile || ulimit.name == "nofile";
        rlimits.push_back({{"type", "RLIMIT_" + Upper(ulimit.name)},
                           {"hard", RlimitValue(ulimit.hard)},
                           {"soft", RlimitValue(ulimit.soft)}});
    }
    if (const auto nofile = host.hard_rlimits.find("nofile"); !has_nofile && nofile != host.hard_rlimits.end()) {
        // Docker's containers inherit dockerd's limit, which Go raises to the hard limit; take
        // the hard limit explicitly so it is the same whatever berthd's soft limit is.
        const std::uint64_t value = std::min(nofile->second, kNofileCeiling);
        rlimits.push_back({{"type", "RLIMIT_NOFILE"}, {"hard", value}, {"soft", value}});
    }
    return rlimits;
}

nlohmann::json detail::BuildSysctls(const ContainerSpec& spec, const HostLimits& host) {
    Json sysctls = Json::object();
    if (!spec.domainname.empty()) {
        sysctls["kernel.domainname"] = spec.domainname;
    }
    if (spec.network == NetworkMode::kNone || spec.network == NetworkMode::kSandbox) {
        if (host.has_ping_group_range) {
            sysctls["net.ipv4.ping_group_range"] = "0 2147483647";
        }
        if (host.has_unprivileged_port_start) {
            sysctls["net.ipv4.ip_unprivileged_port_start"] = "0";
        }
    }
    for (const auto& [name, value] : spec.sysctls) {
        CheckSysctl(name, spec);
        sysctls[name] = value;
    }
    return sysctls;
}

}  // namespace engine::runtime
