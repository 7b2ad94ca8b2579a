#include "engine/runtime/spec/devices.hpp"

#include <optional>
#include <set>
#include <system_error>

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "engine/base/error.hpp"

namespace engine::runtime {
namespace {

// The device node at `path` (not following a final symlink), or nullopt when it is none.
std::optional<DeviceSpec> DeviceAt(const std::filesystem::path& path, const std::string& permissions) {
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0 || (!S_ISCHR(info.st_mode) && !S_ISBLK(info.st_mode))) {
        return std::nullopt;
    }
    DeviceSpec device;
    device.path = path.string();
    device.type = S_ISCHR(info.st_mode) ? 'c' : 'b';
    device.major = major(info.st_rdev);
    device.minor = minor(info.st_rdev);
    device.file_mode = info.st_mode & 07777;
    device.uid = info.st_uid;
    device.gid = info.st_gid;
    device.cgroup_permissions = permissions;
    return device;
}

void CollectHostDevices(const std::filesystem::path& dir, std::vector<DeviceSpec>& out) {
    static const std::set<std::string> kSkippedDirs = {"pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev"};
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory(error) && !entry.is_symlink(error)) {
            if (!kSkippedDirs.contains(name)) {
                CollectHostDevices(entry.path(), out);
            }
        } else if (name != "console") {
            if (auto device = DeviceAt(entry.path(), "rwm")) {
                out.push_back(std::move(*device));
            }
        }
    }
}

}  // namespace

std::vector<DeviceSpec> DevicesFromPath(const std::filesystem::path& path_on_host,
                                        const std::string& path_in_container,
                                        const std::string& cgroup_permissions) {
    std::error_code error;
    std::filesystem::path resolved = path_on_host;
    if (std::filesystem::is_symlink(path_on_host, error)) {
        resolved = std::filesystem::canonical(path_on_host, error);
        if (error) {
            resolved = path_on_host;
        }
    }
    if (auto device = DeviceAt(resolved, cgroup_permissions)) {
        device->path = path_in_container;
        return {std::move(*device)};
    }
    std::vector<DeviceSpec> devices;
    if (std::filesystem::is_directory(resolved, error)) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(resolved, error)) {
            if (auto device = DeviceAt(entry.path(), cgroup_permissions)) {
                device->path = path_in_container + "/" + entry.path().lexically_relative(resolved).string();
                devices.push_back(std::move(*device));
            }
        }
    }
    if (devices.empty()) {
        throw Error(Errc::kInvalidArgument,
                    "error gathering device information while adding custom device \"" + path_on_host.string() +
                        "\": not a device node; name a character or block device or a directory of them");
    }
    return devices;
}

std::vector<DeviceSpec> HostDevices() {
    std::vector<DeviceSpec> devices;
    CollectHostDevices("/dev", devices);
    return devices;
}

}  // namespace engine::runtime
