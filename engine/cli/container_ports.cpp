// -p/--publish and --expose as the docker CLI parses them: convertToStandardNotation, then
// go-connections' nat.ParsePortSpec (v28's vendored copy) for -p, its ParsePortRange for
// --expose. Errors are docker's, reported as run and create report them.
#include <algorithm>
#include <cctype>
#include <map>

#include "engine/api/network_address.hpp"
#include "engine/cli/container_create.hpp"
#include "engine/cli/container_options.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

struct PortRange {
    int start = 0;
    int end = 0;
};

// strconv.ParseUint(text, 10, 16): the value, or Go's error text.
std::optional<int> ParseUint16(std::string_view text, std::string& error) {
    int value = 0;
    for (const char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
            error = "strconv.ParseUint: parsing \"" + std::string(text) + "\": invalid syntax";
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
        if (value > 65535) {
            error = "strconv.ParseUint: parsing \"" + std::string(text) + "\": value out of range";
            return std::nullopt;
        }
    }
    if (text.empty()) {
        error = "strconv.ParseUint: parsing \"\": invalid syntax";
        return std::nullopt;
    }
    return value;
}

// nat.ParsePortRange: "80" or "8000-8010" (what follows a second '-' is ignored, as there).
std::optional<PortRange> ParseRange(std::string_view ports, std::string& error) {
    if (ports.empty()) {
        error = "empty string specified for ports";
        return std::nullopt;
    }
    const std::size_t dash = ports.find('-');
    const std::optional<int> start = ParseUint16(ports.substr(0, dash), error);
    if (!start) {
        return std::nullopt;
    }
    if (dash == std::string_view::npos) {
        return PortRange{*start, *start};
    }
    const std::string_view tail = ports.substr(dash + 1);
    const std::optional<int> end = ParseUint16(tail.substr(0, tail.find('-')), error);
    if (!end) {
        return std::nullopt;
    }
    if (*end < *start) {
        error = "invalid range specified for port: " + std::string(ports);
        return std::nullopt;
    }
    return PortRange{*start, *end};
}

// convertToStandardNotation: "published=8080,target=80,protocol=udp" → "8080:80/udp".
std::string StandardNotation(const ContainerOptions& options, const std::string& spec) {
    if (spec.find('=') == std::string::npos) {
        return spec;
    }
    std::map<std::string, std::string> params = {{"protocol", "tcp"}};
    std::size_t begin = 0;
    for (;;) {
        const std::size_t comma = spec.find(',', begin);
        const std::string param = spec.substr(begin, comma - begin);
        const std::size_t equals = param.find('=');
        if (equals == std::string::npos) {
            throw RunError(options.command_name,
                           "invalid publish opts format (should be name=value but got '" + param + "')");
        }
        // Go splits on every '=' and keeps the second piece.
        params[param.substr(0, equals)] = param.substr(equals + 1, param.find('=', equals + 1) - equals - 1);
        if (comma == std::string::npos) {
            break;
        }
        begin = comma + 1;
    }
    return params["published"] + ":" + params["target"] + "/" + params["protocol"];
}

// net.SplitHostPort(ip + ":")'s host for a bracketed address, or its error.
std::string StripBrackets(const ContainerOptions& options, const std::string& ip) {
    const std::string hostport = ip + ":";
    const std::size_t end = hostport.find(']');
    std::string reason;
    if (end == std::string::npos) {
        reason = "missing ']' in address";
    } else if (end + 1 != hostport.size() - 1) {
        reason = hostport[end + 1] == ':' ? "too many colons in address" : "missing port in address";
    } else if (hostport.find('[', 1) != std::string::npos) {
        reason = "unexpected '[' in address";
    }
    if (!reason.empty()) {
        throw RunError(options.command_name, "invalid IP address " + ip + ": address " + hostport + ": " + reason);
    }
    return ip.substr(1, end - 1);
}

// nat.ParsePortSpec for one -p value, added to the exposed ports and bindings.
void AddPublish(const ContainerOptions& options, const std::string& raw, json& exposed, json& bindings) {
    const auto fail = [&options](const std::string& message) { return RunError(options.command_name, message); };
    const std::string spec = StandardNotation(options, raw);
    std::vector<std::string> parts;
    for (std::size_t begin = 0;;) {
        const std::size_t colon = spec.find(':', begin);
        parts.push_back(spec.substr(begin, colon - begin));
        if (colon == std::string::npos) {
            break;
        }
        begin = colon + 1;
    }
    const std::size_t n = parts.size();
    std::string ip;
    for (std::size_t i = 0; i + 2 < n; ++i) {
        ip += (i == 0 ? "" : ":") + parts[i];
    }
    const std::string host_port = n >= 2 ? parts[n - 2] : "";
    std::string container_port = parts[n - 1];
    std::string proto = "tcp";
    if (const std::size_t slash = container_port.find('/'); slash != std::string::npos) {
        proto = container_port.substr(slash + 1);
        container_port.resize(slash);
        proto = proto.empty() ? "tcp" : proto;
    }
    if (container_port.empty()) {
        throw fail("no port specified: " + spec + "<empty>");
    }
    std::transform(proto.begin(), proto.end(), proto.begin(), [](unsigned char c) { return std::tolower(c); });
    if (proto != "tcp" && proto != "udp" && proto != "sctp") {
        throw fail("invalid proto: " + proto);
    }
    if (!ip.empty() && ip.front() == '[') {
        ip = StripBrackets(options, ip);
    }
    if (!ip.empty() && !api::ParseIpAddr(ip)) {
        throw fail("invalid IP address: " + ip);
    }
    std::string error;
    const std::optional<PortRange> ports = ParseRange(container_port, error);
    if (!ports) {
        throw fail("invalid containerPort: " + container_port);
    }
    std::optional<PortRange> hosts;
    if (!host_port.empty()) {
        hosts = ParseRange(host_port, error);
        if (!hosts) {
            throw fail("invalid hostPort: " + host_port);
        }
        // A host range for a single container port is the range to pick a free port from.
        if (ports->end - ports->start != hosts->end - hosts->start && ports->end != ports->start) {
            throw fail("invalid ranges specified for container and host Ports: " + container_port + " and " +
                       host_port);
        }
    }
    const int count = ports->end - ports->start + 1;
    for (int i = 0; i < count; ++i) {
        std::string binding_port;
        if (hosts) {
            binding_port = std::to_string(hosts->start + i);
            if (count == 1 && hosts->start != hosts->end) {
                binding_port += "-" + std::to_string(hosts->end);
            }
        }
        const std::string key = std::to_string(ports->start + i) + "/" + proto;
        exposed[key] = json::object();
        bindings[key].push_back(json{{"HostIp", ip}, {"HostPort", binding_port}});
    }
}

void AddExpose(const ContainerOptions& options, const std::string& spec, json& exposed) {
    if (spec.find(':') != std::string::npos) {
        throw RunError(options.command_name, "invalid port format for --expose: " + spec);
    }
    const std::size_t slash = spec.find('/');
    const std::string port = spec.substr(0, slash);
    const std::string proto = slash == std::string::npos || slash + 1 == spec.size() ? "tcp" : spec.substr(slash + 1);
    std::string error;
    const std::optional<PortRange> range = ParseRange(port, error);
    if (!range) {
        throw RunError(options.command_name, "invalid range format for --expose: " + spec + ", error: " + error);
    }
    for (int number = range->start; number <= range->end; ++number) {
        exposed[std::to_string(number) + "/" + proto] = json::object();
    }
}

}  // namespace

void AddPorts(const ContainerOptions& options, json& exposed, json& bindings) {
    for (const std::string& spec : options.publish) {
        AddPublish(options, spec, exposed, bindings);
    }
    for (const std::string& spec : options.expose) {
        AddExpose(options, spec, exposed);
    }
}

}  // namespace engine::cli
