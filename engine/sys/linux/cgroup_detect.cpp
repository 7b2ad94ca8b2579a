#include <algorithm>
#include <string_view>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/sys/linux/cgroup.hpp"
#include "engine/sys/linux/kernel_files.hpp"

namespace engine::sys {
namespace {

struct CgroupMount {
    std::string fs_type;  // "cgroup" or "cgroup2"
    std::string root;     // the mount's root inside its hierarchy
    std::filesystem::path mount_point;
    std::vector<std::string> super_options;
};

std::vector<CgroupMount> ParseCgroupMounts(std::string_view mountinfo) {
    std::vector<CgroupMount> mounts;
    for (const std::string_view line : detail::SplitFields(mountinfo, "\n")) {
        const std::vector<std::string_view> fields = detail::SplitFields(line, " ");
        std::size_t dash = 6;
        while (dash < fields.size() && fields[dash] != "-") {
            ++dash;
        }
        if (dash + 3 >= fields.size() || (fields[dash + 1] != "cgroup" && fields[dash + 1] != "cgroup2")) {
            continue;
        }
        CgroupMount mount{std::string(fields[dash + 1]),
                          detail::DecodeMountinfoPath(fields[3]),
                          detail::DecodeMountinfoPath(fields[4]),
                          {}};
        for (const std::string_view option : detail::SplitFields(fields[dash + 3], ",")) {
            mount.super_options.emplace_back(option);
        }
        mounts.push_back(std::move(mount));
    }
    return mounts;
}

// Super options of a v1 cgroup mount that are not controllers.
bool IsController(const std::string& option) {
    static constexpr std::string_view kNotControllers[] = {
        "rw", "ro", "noprefix", "clone_children", "xattr", "cpuset_v2_mode", "favordynmods", "all", "none"};
    for (const std::string_view flag : kNotControllers) {
        if (option == flag) {
            return false;
        }
    }
    return option.find('=') == std::string::npos || option.starts_with("name=");
}

std::filesystem::path UnderRoot(const std::filesystem::path& fs_root, const std::filesystem::path& mount_point) {
    return fs_root / mount_point.relative_path();
}

void AddV1Mount(CgroupHost& host, const CgroupMount& mount, const std::filesystem::path& path) {
    for (const std::string& option : mount.super_options) {
        if (!IsController(option)) {
            continue;
        }
        // A hierarchy mounted twice keeps its first mount: whole trees come first (see
        // DetectCgroupHost), so a bind of a subtree never hides the full hierarchy.
        host.v1_mounts.emplace(option, path);
    }
}

void ReadUnifiedControllers(CgroupHost& host) {
    const std::optional<std::string> text = detail::ReadIfExists(host.unified_mount, "cgroup.controllers");
    if (!text) {
        return;
    }
    for (const std::string_view controller : detail::SplitFields(*text)) {
        host.unified_controllers.emplace_back(controller);
    }
}

void DecideCrunUsable(CgroupHost& host) {
    if (!host.hybrid || host.unified_controllers.empty()) {
        return;
    }
    std::string controllers;
    for (const std::string& controller : host.unified_controllers) {
        controllers += (controllers.empty() ? "" : ",") + controller;
    }
    host.crun_usable = false;
    host.crun_blocker = "crun cannot run on this hybrid cgroup host: " + host.unified_mount.string() +
                        "/cgroup.controllers lists " + controllers +
                        " (crun 1.8: \"cgroups in hybrid mode not supported\"); run scripts/setup-cgroups as root "
                        "to mount those controllers as v1 hierarchies, or use runc";
}

}  // namespace

CgroupHost DetectCgroupHost(const std::filesystem::path& mountinfo, const std::filesystem::path& fs_root) {
    const std::string text = ReadFile(mountinfo);
    CgroupHost host;
    std::filesystem::path v1_parent;
    std::vector<CgroupMount> mounts = ParseCgroupMounts(text);
    std::stable_partition(mounts.begin(), mounts.end(), [](const CgroupMount& mount) { return mount.root == "/"; });
    for (const CgroupMount& mount : mounts) {
        const std::filesystem::path path = UnderRoot(fs_root, mount.mount_point);
        if (mount.fs_type == "cgroup2") {
            if (host.unified_mount.empty() || mount.mount_point == "/sys/fs/cgroup") {
                host.unified_mount = path;
            }
        } else {
            AddV1Mount(host, mount, path);
            if (v1_parent.empty()) {
                v1_parent = path.parent_path();
            }
        }
    }
    if (host.v1_mounts.empty() && host.unified_mount.empty()) {
        throw Error(
            Errc::kUnavailable,
            "no cgroup filesystem is mounted (read " + mountinfo.string() + "); mount cgroup2 on /sys/fs/cgroup");
    }
    if (host.v1_mounts.empty()) {
        host.version = CgroupVersion::kV2;
        host.root = host.unified_mount;
        return host;
    }
    host.root = v1_parent;
    host.hybrid = !host.unified_mount.empty();
    if (host.hybrid) {
        ReadUnifiedControllers(host);
        DecideCrunUsable(host);
    }
    return host;
}

std::filesystem::path CgroupDirectory(const CgroupHost& host,
                                      const std::string& cgroups_path,
                                      const std::string& controller) {
    if (cgroups_path.find(':') != std::string::npos) {
        throw Error(Errc::kInvalidArgument,
                    "cgroups path \"" + cgroups_path +
                        "\": systemd-style paths are not supported; use a path like /berth/<id>");
    }
    const std::filesystem::path relative = std::filesystem::path(cgroups_path).relative_path();
    for (const std::filesystem::path& part : relative) {
        if (part == "..") {
            throw Error(Errc::kInvalidArgument, "cgroups path \"" + cgroups_path + "\": \"..\" is not allowed");
        }
    }
    if (host.version == CgroupVersion::kV2) {
        return host.unified_mount / relative;
    }
    const auto found = host.v1_mounts.find(controller);
    return found == host.v1_mounts.end() ? std::filesystem::path() : found->second / relative;
}

}  // namespace engine::sys
