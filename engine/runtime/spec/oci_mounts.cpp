#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <string_view>
#include <utility>

#include "engine/base/error.hpp"
#include "engine/runtime/spec/oci_spec.hpp"
#include "engine/runtime/spec/oci_spec_parts.hpp"

namespace engine::runtime {
namespace {

using Json = nlohmann::json;

// One mount on its way into the spec, before options are rendered.
struct PendingMount final {
    std::string destination;
    std::string source;
    std::string type;
    std::vector<std::string> options;
};

std::vector<PendingMount> DefaultMounts(const ContainerSpec& spec) {
    return {
        {"/proc", "proc", "proc", {"nosuid", "noexec", "nodev"}},
        {"/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}},
        {"/dev/pts", "devpts", "devpts", {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}},
        {"/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}},
        {"/sys/fs/cgroup", "cgroup", "cgroup", {"ro", "nosuid", "noexec", "nodev"}},
        {"/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}},
        {"/dev/shm",
         "shm",
         "tmpfs",
         {"nosuid", "noexec", "nodev", "mode=1777", "size=" + std::to_string(spec.shm_size)}},
    };
}

std::vector<std::string> SplitComma(std::string_view text) {
    std::vector<std::string> parts;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        parts.emplace_back(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    return parts;
}

PendingMount BindMount(
    std::string destination, std::string source, bool writable, std::string propagation, bool non_recursive = false) {
    PendingMount mount{std::move(destination), std::move(source), "bind", {non_recursive ? "bind" : "rbind"}};
    if (!writable) {
        mount.options.emplace_back("ro");
    }
    if (!propagation.empty()) {
        mount.options.push_back(std::move(propagation));
    }
    return mount;
}

bool HasDestination(const ContainerSpec& spec, std::string_view destination) {
    return std::any_of(
        spec.mounts.begin(), spec.mounts.end(), [&](const MountSpec& m) { return m.destination == destination; });
}

// Docker's mounts from setupMounts + IpcMounts + TmpfsMounts, in that order.
std::vector<PendingMount> UserMounts(const ContainerSpec& spec) {
    std::vector<PendingMount> binds;
    std::vector<PendingMount> tmpfs;
    for (const MountSpec& m : spec.mounts) {
        if (m.type == MountSpec::Type::kTmpfs) {
            std::vector<std::string> options = {"noexec", "nosuid", "nodev", "rprivate"};
            for (std::string& option : SplitComma(m.tmpfs_options)) {
                options.push_back(std::move(option));
            }
            if (m.read_only) {
                options.emplace_back("ro");
            }
            tmpfs.push_back({m.destination, "tmpfs", "tmpfs", detail::MergeTmpfsOptions(options)});
        } else {
            binds.push_back(BindMount(m.destination, m.source.string(), !m.read_only, m.propagation, m.non_recursive));
        }
    }
    const std::array<std::pair<std::string_view, const std::filesystem::path*>, 3> network_files{{
        {"/etc/resolv.conf", &spec.resolv_conf_path},
        {"/etc/hostname", &spec.hostname_path},
        {"/etc/hosts", &spec.hosts_path},
    }};
    for (const auto& [destination, path] : network_files) {
        if (!path->empty() && !HasDestination(spec, destination)) {
            binds.push_back(BindMount(std::string(destination), path->string(), !spec.read_only_rootfs, "rprivate"));
        }
    }
    const bool shm_bound =
        spec.ipc == IpcMode::kShareable || spec.ipc == IpcMode::kHost || spec.ipc == IpcMode::kContainer;
    if (shm_bound && !spec.shm_path.empty() && !HasDestination(spec, "/dev/shm")) {
        binds.push_back(BindMount("/dev/shm", spec.shm_path.string(), true, "rprivate"));
    }
    binds.insert(binds.end(), tmpfs.begin(), tmpfs.end());
    // moby sorts by the number of path components so parents are mounted before children.
    std::stable_sort(binds.begin(), binds.end(), [](const PendingMount& a, const PendingMount& b) {
        return std::count(a.destination.begin(), a.destination.end(), '/') <
               std::count(b.destination.begin(), b.destination.end(), '/');
    });
    return binds;
}

void ClearReadOnly(PendingMount& mount) {
    std::erase(mount.options, "ro");
}

void UpdateRootPropagation(const std::string& propagation, std::string& root) {
    if (propagation == "shared" || propagation == "rshared") {
        root = "shared";
    } else if ((propagation == "slave" || propagation == "rslave") && root != "shared") {
        root = "rslave";
    }
}

}  // namespace

nlohmann::json detail::BuildMounts(const ContainerSpec& spec, std::string& rootfs_propagation) {
    const std::vector<PendingMount> user = UserMounts(spec);
    std::set<std::string> user_destinations;
    for (const PendingMount& m : user) {
        user_destinations.insert(m.destination);
    }
    std::vector<PendingMount> mounts;
    const bool dev_mounted = user_destinations.contains("/dev");
    for (PendingMount& m : DefaultMounts(spec)) {
        if (user_destinations.contains(m.destination) || (dev_mounted && m.destination.starts_with("/dev/")) ||
            (m.destination == "/dev/shm" && spec.ipc == IpcMode::kNone)) {
            continue;
        }
        mounts.push_back(std::move(m));
    }
    if (!spec.init_path.empty() && spec.pid == PidMode::kPrivate) {
        mounts.push_back({std::string(kContainerInitPath), spec.init_path.string(), "bind", {"bind", "ro"}});
    }
    for (const MountSpec& m : spec.mounts) {
        UpdateRootPropagation(m.propagation, rootfs_propagation);
    }
    if (spec.read_only_rootfs) {
        static const std::set<std::string_view> kKeepWritable = {
            "/proc", "/dev/pts", "/dev/shm", "/dev/mqueue", "/dev"};
        for (PendingMount& m : mounts) {
            if (!kKeepWritable.contains(m.destination) &&
                std::find(m.options.begin(), m.options.end(), "ro") == m.options.end()) {
                m.options.emplace_back("ro");
            }
        }
    }
    if (spec.privileged) {
        for (PendingMount& m : mounts) {
            if (m.destination == "/sys" || m.type == "cgroup") {
                ClearReadOnly(m);
            }
        }
    }
    mounts.insert(mounts.end(), user.begin(), user.end());
    Json json = Json::array();
    for (const PendingMount& m : mounts) {
        json.push_back(
            {{"destination", m.destination}, {"type", m.type}, {"source", m.source}, {"options", m.options}});
    }
    return json;
}

std::string TmpfsOptionsText(std::int64_t size_bytes, std::uint32_t mode, bool read_only) {
    std::vector<std::string> options;
    if (size_bytes != 0) {
        std::string suffix;
        std::int64_t size = size_bytes;
        for (const auto& [unit, divisor] :
             {std::pair{"g", std::int64_t{1} << 30}, {"m", std::int64_t{1} << 20}, {"k", std::int64_t{1} << 10}}) {
            if (size_bytes % divisor == 0) {
                suffix = unit;
                size = size_bytes / divisor;
                break;
            }
        }
        options.push_back("size=" + std::to_string(size) + suffix);
    }
    if (mode != 0) {
        char octal[16];
        std::snprintf(octal, sizeof octal, "%o", mode);
        options.push_back(std::string("mode=") + octal);
    }
    if (read_only) {
        options.emplace_back("ro");
    }
    std::string text;
    for (const std::string& option : options) {
        text += (text.empty() ? "" : ",") + option;
    }
    return text;
}

}  // namespace engine::runtime
