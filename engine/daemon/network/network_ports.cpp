// Published ports: -p and -P turned into bound host ports, each with a userland proxy for the
// traffic the host sends itself; the nftables DNAT rules (network_bridge.cpp) take the rest.

#include <charconv>

#include "engine/base/error.hpp"
#include "engine/daemon/network/network_manager_impl.hpp"

namespace engine::daemon {
namespace {

struct PortRequest {
    std::string protocol;
    std::uint16_t container_port = 0;
    std::string host_ip;
    std::uint16_t first_host_port = 0;  ///< 0: any free port
    std::uint16_t last_host_port = 0;
};

std::uint16_t ParsePortNumber(std::string_view text, std::string_view what) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value > 65535) {
        throw Error(Errc::kInvalidArgument, "invalid " + std::string(what) + " " + std::string(text));
    }
    return static_cast<std::uint16_t>(value);
}

// "80/tcp" → (80, "tcp"); the protocol defaults to tcp.
std::pair<std::uint16_t, std::string> ParsePortKey(std::string_view key) {
    const auto slash = key.find('/');
    const std::string protocol = slash == std::string_view::npos ? "tcp" : std::string(key.substr(slash + 1));
    if (protocol != "tcp" && protocol != "udp") {
        throw Error(Errc::kInvalidArgument, "port " + std::string(key) + ": only tcp and udp ports can be published");
    }
    return {ParsePortNumber(key.substr(0, slash), "port"), protocol};
}

std::vector<PortRequest> RequestedPorts(const NetworkJoinRequest& request, const std::string& default_host_ip) {
    std::vector<PortRequest> ports;
    std::set<std::string> bound_keys;
    if (request.port_bindings) {
        for (const auto& [key, bindings] : *request.port_bindings) {
            const auto [container_port, protocol] = ParsePortKey(key);
            bound_keys.insert(key);
            for (const api::PortBinding& binding : bindings.value_or(std::vector<api::PortBinding>{})) {
                PortRequest port;
                port.protocol = protocol;
                port.container_port = container_port;
                port.host_ip = binding.host_ip.empty() ? default_host_ip : binding.host_ip;
                const std::string& host_port = binding.host_port;
                if (const auto dash = host_port.find('-'); dash != std::string::npos) {
                    port.first_host_port = ParsePortNumber(host_port.substr(0, dash), "host port range");
                    port.last_host_port = ParsePortNumber(host_port.substr(dash + 1), "host port range");
                    if (port.first_host_port > port.last_host_port || port.first_host_port == 0) {
                        throw Error(Errc::kInvalidArgument, "invalid host port range " + host_port);
                    }
                } else if (!host_port.empty()) {
                    port.first_host_port = port.last_host_port = ParsePortNumber(host_port, "host port");
                }
                ports.push_back(std::move(port));
            }
        }
    }
    if (request.publish_all && request.exposed_ports) {
        for (const std::string& key : *request.exposed_ports) {
            if (bound_keys.contains(key)) {
                continue;
            }
            const auto [container_port, protocol] = ParsePortKey(key);
            ports.push_back(PortRequest{protocol, container_port, default_host_ip, 0, 0});
        }
    }
    return ports;
}

}  // namespace

void NetworkManager::Impl::PublishLocked(SandboxState& sandbox, const NetworkJoinRequest& request) {
    // Ports forward to the first endpoint with an IPv4 address on a network that is not
    // internal (Docker publishes nothing on internal networks).
    std::optional<std::size_t> target;
    for (std::size_t i = 0; i < sandbox.record.endpoints.size(); ++i) {
        const EndpointRecord& endpoint = sandbox.record.endpoints[i];
        if (!endpoint.ipv4.empty() && !networks.at(endpoint.network_id).record.internal) {
            target = i;
            break;
        }
    }
    if (!target) {
        return;
    }
    const NetworkRecord& network = networks.at(sandbox.record.endpoints[*target].network_id).record;
    const std::vector<PortRequest> requested =
        RequestedPorts(request, network.host_binding_ipv4 == "0.0.0.0" ? "" : network.host_binding_ipv4);
    if (requested.empty()) {
        return;
    }
    sandbox.record.port_target = target;
    const std::string& container_ip = sandbox.record.endpoints[*target].ipv4;
    for (const PortRequest& port : requested) {
        std::unique_ptr<net::PortProxy> proxy;
        std::string last_error;
        const std::uint16_t last = port.first_host_port == 0 ? 0 : port.last_host_port;
        for (std::uint32_t host_port = port.first_host_port; host_port <= last; ++host_port) {
            try {
                proxy = net::PortProxy::Start(io,
                                              port.protocol,
                                              port.host_ip,
                                              static_cast<std::uint16_t>(host_port),
                                              container_ip,
                                              port.container_port);
                break;
            } catch (const Error& error) {
                if (error.code() != Errc::kConflict || host_port == last) {
                    throw error.Wrap("publish port " + std::to_string(port.container_port) + "/" + port.protocol);
                }
            }
        }
        const std::uint16_t bound = proxy->BoundPort();
        sandbox.proxies.push_back(std::move(proxy));
        // As Docker shows them: a binding on every address is listed once per family.
        if (port.host_ip.empty()) {
            sandbox.record.ports.push_back(PortRecord{port.protocol, port.container_port, "0.0.0.0", bound, ""});
            sandbox.record.ports.push_back(PortRecord{port.protocol, port.container_port, "::", bound, ""});
        } else {
            sandbox.record.ports.push_back(
                PortRecord{port.protocol, port.container_port, port.host_ip, bound, port.host_ip});
        }
    }
}

void NetworkManager::Impl::StartProxiesLocked(SandboxState& sandbox) {
    sandbox.proxies.clear();
    if (!sandbox.record.port_target) {
        return;
    }
    const std::string& container_ip = sandbox.record.endpoints.at(*sandbox.record.port_target).ipv4;
    std::set<std::tuple<std::string, std::string, std::uint16_t>> started;
    for (const PortRecord& port : sandbox.record.ports) {
        if (!started.insert({port.protocol, port.bind_ip, port.host_port}).second) {
            continue;
        }
        sandbox.proxies.push_back(
            net::PortProxy::Start(io, port.protocol, port.bind_ip, port.host_port, container_ip, port.container_port));
    }
}

}  // namespace engine::daemon
