// --mount and -p/--expose parsing as docker's opts.MountOpt and nat.ParsePortSpec.
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

std::pair<int, int> PortRange(const std::string& text, const std::string& spec) {
    try {
        const std::size_t dash = text.find('-');
        std::size_t used = 0;
        const int first = std::stoi(text.substr(0, dash), &used);
        const int last = dash == std::string::npos ? first : std::stoi(text.substr(dash + 1));
        if (first < 0 || last < first || last > 65535 || (dash == std::string::npos && used != text.size())) {
            throw std::invalid_argument(text);
        }
        return {first, last};
    } catch (const std::exception&) {
        throw ExitError(125,
                        "invalid argument \"" + spec + "\" for \"-p, --publish\" flag: invalid containerPort: " + text);
    }
}

void AddPublish(const std::string& spec, json& exposed, json& bindings) {
    std::string rest = spec;
    std::string proto = "tcp";
    if (const std::size_t slash = rest.rfind('/'); slash != std::string::npos) {
        proto = rest.substr(slash + 1);
        rest.resize(slash);
    }
    const std::size_t last_colon = rest.rfind(':');
    const std::string container_part = last_colon == std::string::npos ? rest : rest.substr(last_colon + 1);
    std::string host_ip;
    std::string host_part;
    if (last_colon != std::string::npos) {
        const std::string front = rest.substr(0, last_colon);
        const std::size_t ip_colon = front.rfind(':');
        host_part = ip_colon == std::string::npos ? front : front.substr(ip_colon + 1);
        host_ip = ip_colon == std::string::npos ? "" : front.substr(0, ip_colon);
        if (host_ip.size() > 1 && host_ip.front() == '[' && host_ip.back() == ']') {
            host_ip = host_ip.substr(1, host_ip.size() - 2);
        }
    }
    const auto [first, last] = PortRange(container_part, spec);
    std::pair<int, int> host_range{0, -1};
    if (!host_part.empty()) {
        host_range = PortRange(host_part, spec);
    }
    for (int port = first; port <= last; ++port) {
        const std::string key = std::to_string(port) + "/" + proto;
        exposed[key] = json::object();
        std::string host_port;
        if (!host_part.empty()) {
            // A single host port for a range of container ports is kept as the range itself.
            host_port = host_range.first == host_range.second && first != last
                            ? host_part
                            : std::to_string(host_range.first + (port - first));
        }
        bindings[key].push_back(json{{"HostIp", host_ip}, {"HostPort", host_port}});
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

void AddPorts(const ContainerOptions& options, json& exposed, json& bindings) {
    for (const std::string& spec : options.publish) {
        AddPublish(spec, exposed, bindings);
    }
    for (const std::string& spec : options.expose) {
        std::string ports = spec;
        std::string proto = "tcp";
        if (const std::size_t slash = ports.rfind('/'); slash != std::string::npos) {
            proto = ports.substr(slash + 1);
            ports.resize(slash);
        }
        const auto [first, last] = PortRange(ports, spec);
        for (int port = first; port <= last; ++port) {
            exposed[std::to_string(port) + "/" + proto] = json::object();
        }
    }
}

}  // namespace engine::cli
