#include "engine/runtime/spec/oci_spec.hpp"

#include "engine/base/error.hpp"
#include "engine/runtime/spec/capabilities.hpp"
#include "engine/runtime/spec/command.hpp"
#include "engine/runtime/spec/oci_spec_parts.hpp"
#include "engine/runtime/spec/seccomp.hpp"

namespace engine::runtime {
namespace {

using Json = nlohmann::json;

const std::vector<std::string>& DefaultMaskedPaths() {
    static const std::vector<std::string> kPaths = {
        "/proc/asound",
        "/proc/acpi",
        "/proc/kcore",
        "/proc/keys",
        "/proc/latency_stats",
        "/proc/timer_list",
        "/proc/timer_stats",
        "/proc/sched_debug",
        "/proc/scsi",
        "/sys/firmware",
        "/sys/devices/virtual/powercap",
    };
    return kPaths;
}

const std::vector<std::string>& DefaultReadonlyPaths() {
    static const std::vector<std::string> kPaths = {
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"};
    return kPaths;
}

// moby's oci.SetCapabilities: a non-root process gets only the bounding set, as execve would
// leave it.
Json Capabilities(const ContainerSpec& spec, const std::vector<std::string>& caps) {
    if (spec.uid == 0) {
        return {{"bounding", caps}, {"effective", caps}, {"permitted", caps}};
    }
    return {{"bounding", caps}};
}

Json Process(const ContainerSpec& spec, const HostLimits& host, const std::vector<std::string>& caps) {
    if (spec.args.empty()) {
        throw Error(Errc::kInvalidArgument, "No command specified");
    }
    std::vector<std::string> args = spec.args;
    if (!spec.init_path.empty() && spec.pid == PidMode::kPrivate) {
        args.insert(args.begin(), {std::string(kContainerInitPath), "--"});
    }
    std::vector<std::uint32_t> gids = {spec.gid};
    gids.insert(gids.end(), spec.additional_gids.begin(), spec.additional_gids.end());
    return {
        {"terminal", spec.terminal},
        {"user", {{"uid", spec.uid}, {"gid", spec.gid}, {"additionalGids", gids}}},
        {"args", args},
        {"env", ProcessEnv(spec)},
        {"cwd", spec.working_dir.empty() ? "/" : spec.working_dir},
        {"capabilities", Capabilities(spec, caps)},
        {"rlimits", detail::BuildRlimits(spec, host)},
        {"noNewPrivileges", spec.no_new_privileges},
        {"oomScoreAdj", spec.oom_score_adj},
    };
}

// Docker's namespaces in oci.DefaultLinuxSpec order, minus the ones shared with the host.
Json Namespaces(const ContainerSpec& spec, const HostLimits& host) {
    Json namespaces = Json::array({{{"type", "mount"}}});
    if (spec.network != NetworkMode::kHost) {
        Json network = {{"type", "network"}};
        if (spec.network != NetworkMode::kNone) {
            network["path"] = spec.network_namespace_path;
        }
        namespaces.push_back(std::move(network));
    }
    if (spec.uts == UtsMode::kPrivate) {
        namespaces.push_back({{"type", "uts"}});
    }
    if (spec.pid == PidMode::kPrivate) {
        namespaces.push_back({{"type", "pid"}});
    }
    if (spec.ipc == IpcMode::kContainer) {
        namespaces.push_back({{"type", "ipc"}, {"path", spec.ipc_namespace_path}});
    } else if (spec.ipc != IpcMode::kHost) {
        namespaces.push_back({{"type", "ipc"}});
    }
    const bool private_cgroupns =
        spec.cgroupns == CgroupnsMode::kPrivate || (spec.cgroupns == CgroupnsMode::kDefault && host.cgroup_v2);
    if (private_cgroupns) {
        namespaces.push_back({{"type", "cgroup"}});
    }
    return namespaces;
}

Json Linux(const ContainerSpec& spec, const HostLimits& host, const std::vector<std::string>& caps) {
    Json linux = {
        {"namespaces", Namespaces(spec, host)},
        {"resources", detail::BuildResources(spec)},
        {"devices", detail::BuildDevices(spec)},
        {"sysctl", detail::BuildSysctls(spec, host)},
    };
    if (!spec.privileged) {
        linux["maskedPaths"] = spec.masked_paths.value_or(DefaultMaskedPaths());
        linux["readonlyPaths"] = spec.readonly_paths.value_or(DefaultReadonlyPaths());
    }
    if (!spec.cgroups_path.empty()) {
        linux["cgroupsPath"] = spec.cgroups_path;
    }
    if (!spec.privileged && spec.seccomp != "unconfined") {
        const std::string_view profile = spec.seccomp.empty() ? DefaultSeccompProfileText() : spec.seccomp;
        if (Json seccomp = TranslateSeccompProfile(profile, caps, host); !seccomp.is_null()) {
            linux["seccomp"] = std::move(seccomp);
        }
    }
    return linux;
}

}  // namespace

std::vector<std::string> ProcessEnv(const ContainerSpec& spec) {
    std::vector<std::string> env = {"PATH=" + std::string(kDefaultPathEnv), "HOSTNAME=" + spec.hostname};
    if (spec.terminal) {
        env.emplace_back("TERM=xterm");
    }
    return ReplaceOrAppendEnv(std::move(env), spec.env);
}

nlohmann::json BuildOciSpec(const ContainerSpec& spec, const HostLimits& host) {
    const std::vector<std::string> caps =
        TweakCapabilities(spec.cap_add, spec.cap_drop, spec.privileged, host.capabilities);
    std::string rootfs_propagation;
    Json config = {
        {"ociVersion", kOciVersion},
        {"process", Process(spec, host, caps)},
        {"root", {{"path", spec.rootfs.string()}, {"readonly", spec.read_only_rootfs}}},
        {"mounts", detail::BuildMounts(spec, rootfs_propagation)},
        {"linux", Linux(spec, host, caps)},
    };
    if (spec.uts == UtsMode::kPrivate && !spec.hostname.empty()) {
        config["hostname"] = spec.hostname;
    }
    if (!rootfs_propagation.empty()) {
        config["linux"]["rootfsPropagation"] = rootfs_propagation;
    }
    if (!spec.annotations.empty()) {
        config["annotations"] = spec.annotations;
    }
    return config;
}

}  // namespace engine::runtime
