#include "engine/api/container_mounts.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

constexpr std::string_view kDefaultPropagation = "rprivate";
constexpr std::array<std::string_view, 6> kPropagations = {
    "private", "rprivate", "shared", "rshared", "slave", "rslave"};
constexpr std::array<std::string_view, 3> kConsistencies = {"consistent", "cached", "delegated"};

bool IsOneOf(std::string_view value, std::span<const std::string_view> set) {
    return std::find(set.begin(), set.end(), value) != set.end();
}

std::vector<std::string_view> SplitOn(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

// moby's ValidateMountMode: known words only, and at most one word of each kind.
bool ValidMountMode(std::string_view mode) {
    if (mode.empty()) {
        return true;
    }
    std::array<int, 5> counts{};
    for (std::string_view option : SplitOn(mode, ',')) {
        if (option == "rw" || option == "ro") {
            ++counts[0];
        } else if (option == "z" || option == "Z") {
            ++counts[1];
        } else if (IsOneOf(option, kPropagations)) {
            ++counts[2];
        } else if (option == "nocopy") {
            ++counts[3];
        } else if (IsOneOf(option, kConsistencies)) {
            ++counts[4];
        } else {
            return false;
        }
    }
    return std::all_of(counts.begin(), counts.end(), [](int count) { return count <= 1; });
}

bool ModeHas(std::string_view mode, std::string_view word) {
    const std::vector<std::string_view> words = SplitOn(mode, ',');
    return std::find(words.begin(), words.end(), word) != words.end();
}

std::string ModePropagation(std::string_view mode) {
    for (std::string_view option : SplitOn(mode, ',')) {
        if (IsOneOf(option, kPropagations)) {
            return std::string(option);
        }
    }
    return "";
}

Error MountConfigError(const Mount& mount, std::string_view reason) {
    return Error(Errc::kInvalidArgument,
                 "invalid mount config for type \"" + mount.type + "\": " + std::string(reason));
}

void ValidateAbsolute(const Mount& mount, std::string_view path) {
    if (path.empty() || path.front() != '/') {
        throw MountConfigError(mount, "invalid mount path: '" + std::string(path) + "' mount path must be absolute");
    }
}

void ValidateMountConfig(const Mount& mount, const std::function<bool(const std::string&)>& bind_source_exists) {
    if (mount.target.empty()) {
        throw MountConfigError(mount, "field Target must not be empty");
    }
    if (CleanPath(mount.target) == "/") {
        throw MountConfigError(mount, "invalid specification: destination can't be '/'");
    }
    ValidateAbsolute(mount, mount.target);
    if (mount.type == "bind") {
        if (mount.source.empty()) {
            throw MountConfigError(mount, "field Source must not be empty");
        }
        if (mount.bind_options && !mount.bind_options->propagation.empty() &&
            !IsOneOf(mount.bind_options->propagation, kPropagations)) {
            throw MountConfigError(mount, "invalid propagation mode: " + mount.bind_options->propagation);
        }
        if (mount.volume_options) {
            throw MountConfigError(mount, "field VolumeOptions must not be specified");
        }
        ValidateAbsolute(mount, mount.source);
        if (bind_source_exists && !bind_source_exists(mount.source)) {
            throw MountConfigError(mount, "bind source path does not exist: " + mount.source);
        }
    } else if (mount.type == "volume") {
        if (mount.bind_options) {
            throw MountConfigError(mount, "field BindOptions must not be specified");
        }
        if (mount.source.empty() && mount.read_only) {
            throw MountConfigError(mount, "must not set ReadOnly mode when using anonymous volumes");
        }
    } else if (mount.type == "tmpfs") {
        if (mount.bind_options) {
            throw MountConfigError(mount, "field BindOptions must not be specified");
        }
        if (!mount.source.empty()) {
            throw MountConfigError(mount, "field Source must not be specified");
        }
    } else {
        throw MountConfigError(mount, "mount type unknown");
    }
}

}  // namespace

std::string CleanPath(std::string_view path) {
    if (path.empty()) {
        return ".";
    }
    const bool rooted = path.front() == '/';
    std::vector<std::string_view> kept;
    for (std::string_view part : SplitOn(path, '/')) {
        if (part.empty() || part == ".") {
            continue;
        }
        if (part == "..") {
            if (!kept.empty() && kept.back() != "..") {
                kept.pop_back();
            } else if (!rooted) {
                kept.push_back(part);
            }
            continue;
        }
        kept.push_back(part);
    }
    std::string out = rooted ? "/" : "";
    for (std::size_t i = 0; i < kept.size(); ++i) {
        out += (i == 0 ? "" : "/") + std::string(kept[i]);
    }
    return out.empty() ? "." : out;
}

MountPointSpec ParseMount(const Mount& mount, const std::function<bool(const std::string&)>& bind_source_exists) {
    ValidateMountConfig(mount, bind_source_exists);
    MountPointSpec point;
    point.type = mount.type;
    point.destination = CleanPath(mount.target);
    point.read_write = !mount.read_only;
    point.spec = mount;
    if (mount.type == "bind") {
        point.source = CleanPath(mount.source);
        point.propagation = mount.bind_options && !mount.bind_options->propagation.empty()
                                ? mount.bind_options->propagation
                                : std::string(kDefaultPropagation);
    } else if (mount.type == "volume") {
        point.source = mount.source;
        point.copy_data = !(mount.volume_options && mount.volume_options->no_copy);
    }
    return point;
}

MountPointSpec ParseBindSpec(std::string_view raw, std::string_view volume_driver) {
    const Error invalid_spec(Errc::kInvalidArgument, "invalid volume specification: '" + std::string(raw) + "'");
    const std::vector<std::string_view> parts = SplitOn(raw, ':');
    if (parts.size() > 3 || parts.front().empty()) {
        throw invalid_spec;
    }
    Mount mount;
    std::string mode;
    if (parts.size() == 1) {
        mount.target = std::string(parts[0]);
    } else if (parts.size() == 2 && ValidMountMode(parts[1])) {
        throw invalid_spec;  // "/foo:rw": a destination with a mode is not a volume
    } else {
        mount.source = std::string(parts[0]);
        mount.target = std::string(parts[1]);
        mode = parts.size() == 3 ? std::string(parts[2]) : "";
    }
    if (!ValidMountMode(mode)) {
        throw Error(Errc::kInvalidArgument, "invalid mode: " + mode);
    }
    mount.type = !mount.source.empty() && mount.source.front() == '/' ? "bind" : "volume";
    mount.read_only = ModeHas(mode, "ro");
    if (!volume_driver.empty() && mount.type == "volume") {
        mount.volume_options.emplace().driver_config = MountDriver{std::string(volume_driver), std::nullopt};
    }
    if (ModeHas(mode, "nocopy")) {
        if (!mount.volume_options) {
            mount.volume_options.emplace();
        }
        mount.volume_options->no_copy = true;
    }
    if (const std::string propagation = ModePropagation(mode); !propagation.empty()) {
        mount.bind_options = BindOptions{propagation, false};
    }
    try {
        MountPointSpec point = ParseMount(mount, nullptr);
        point.mode = mode;
        return point;
    } catch (const Error& error) {
        throw error.Wrap(invalid_spec.what());
    }
}

void ValidateTmpfsDestination(std::string_view destination) {
    if (CleanPath(destination) == "/") {
        throw Error(Errc::kInvalidArgument, "invalid specification: destination can't be '/'");
    }
    if (destination.empty() || destination.front() != '/') {
        throw Error(Errc::kInvalidArgument,
                    "invalid mount path: '" + std::string(destination) + "' mount path must be absolute");
    }
}

}  // namespace engine::api
