// --mount parsing as docker's opts.MountOpt (-p and --expose are in container_ports.cpp).
#include <cstdint>

#include "engine/cli/container_options.hpp"
#include "engine/cli/units.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

std::vector<std::string> Split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t begin = 0;
    for (;;) {
        const std::size_t end = text.find(separator, begin);
        parts.push_back(text.substr(begin, end - begin));
        if (end == std::string::npos) {
            return parts;
        }
        begin = end + 1;
    }
}

bool ParseBool(const std::string& value, const std::string& spec) {
    if (value.empty() || value == "1" || value == "true" || value == "True") {
        return true;
    }
    if (value == "0" || value == "false" || value == "False") {
        return false;
    }
    throw ExitError(125,
                    "invalid argument \"" + spec + "\" for \"--mount\" flag: invalid value for readonly: " + value);
}

void ApplyMountField(json& mount, const std::string& key, const std::string& value, const std::string& spec) {
    if (key == "type") {
        mount["Type"] = value;
    } else if (key == "source" || key == "src") {
        mount["Source"] = value;
    } else if (key == "target" || key == "destination" || key == "dst") {
        mount["Target"] = value;
    } else if (key == "readonly" || key == "ro") {
        mount["ReadOnly"] = ParseBool(value, spec);
    } else if (key == "bind-propagation") {
        mount["BindOptions"]["Propagation"] = value;
    } else if (key == "volume-nocopy") {
        mount["VolumeOptions"]["NoCopy"] = ParseBool(value, spec);
    } else if (key == "volume-driver") {
        mount["VolumeOptions"]["DriverConfig"]["Name"] = value;
    } else if (key == "volume-label" || key == "volume-opt") {
        const std::size_t equals = value.find('=');
        const char* field = key == "volume-label" ? "Labels" : "Options";
        json& target =
            key == "volume-label" ? mount["VolumeOptions"][field] : mount["VolumeOptions"]["DriverConfig"][field];
        target[value.substr(0, equals)] = equals == std::string::npos ? "" : value.substr(equals + 1);
    } else if (key == "tmpfs-size") {
        const std::optional<std::int64_t> bytes = RamInBytes(value);
        if (!bytes) {
            throw ExitError(125,
                            "invalid argument \"" + spec + "\" for \"--mount\" flag: invalid size: '" + value + "'");
        }
        mount["TmpfsOptions"]["SizeBytes"] = *bytes;
    } else if (key == "tmpfs-mode") {
        mount["TmpfsOptions"]["Mode"] = std::stoul(value, nullptr, 8);
    } else if (key != "consistency") {
        throw ExitError(125,
                        "invalid argument \"" + spec + "\" for \"--mount\" flag: unexpected key '" + key + "' in '" +
                            key + "=" + value + "'");
    }
}

}  // namespace

json MountsFromFlags(const std::vector<std::string>& specs) {
    if (specs.empty()) {
        return nullptr;
    }
    json mounts = json::array();
    for (const std::string& spec : specs) {
        json mount = {{"Type", "volume"}};
        for (const std::string& field : Split(spec, ',')) {
            const std::size_t equals = field.find('=');
            ApplyMountField(
                mount, field.substr(0, equals), equals == std::string::npos ? "" : field.substr(equals + 1), spec);
        }
        if (mount.value("Target", "").empty()) {
            throw ExitError(125, "invalid argument \"" + spec + "\" for \"--mount\" flag: target is required");
        }
        mounts.push_back(std::move(mount));
    }
    return mounts;
}

}  // namespace engine::cli
