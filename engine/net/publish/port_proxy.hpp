#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include <boost/asio/io_context.hpp>

namespace engine::net {

namespace detail {
class ProxyListener;
}  // namespace detail

struct PortProxyOptions {
    /// A UDP flow (one client address) is forgotten after this long without a datagram in
    /// either direction; docker-proxy's 90 s by default, shorter in tests.
    std::chrono::steady_clock::duration udp_idle_timeout = std::chrono::seconds(90);
};

/// A userland proxy for one published port, like docker-proxy: it serves the traffic the
/// nftables DNAT rules do not see, which is what the host sends to itself (127.0.0.1:port, its
/// own addresses) and what containers send to a host address. The backend sees the proxy's
/// address as the source.
///
/// TCP: each accepted connection gets its own connection to the backend and bytes are copied
/// both ways; when one side finishes sending, the other side's sending half is shut down
/// (half-close), and both close once both directions are done or on any error. A backend
/// that refuses closes the client.
/// UDP: each client address is a flow with its own socket connected to the backend; replies
/// go back to the client from the listening socket. Datagrams that cannot be sent at once are
/// dropped, as the network would.
class PortProxy final {
  public:
    /// Binds host_ip:host_port synchronously (so a conflict is reported here), then forwards
    /// to container_ip:container_port on the threads running `io`, which must outlive the
    /// proxy. `protocol` is "tcp" or "udp". host_ip: "" is every address, IPv4 and IPv6 on one
    /// dual-stack socket ("::" with IPV6_V6ONLY off: one socket, one conflict check), or
    /// 0.0.0.0 when the host has no IPv6; "0.0.0.0" is every IPv4 address only, "::" every IPv6
    /// address only (the meaning nftables' rules give them too). host_port 0 takes a free port
    /// from the kernel's ephemeral range; BoundPort() tells which. The container address may be
    /// of the other family than the host address.
    /// Throws Error(kConflict) when the port is taken, naming the address and, when it is
    /// visible, the holder: "bind 0.0.0.0:8080/tcp: address already in use (held by nginx, pid
    /// 1234); stop that process or publish another host port". Throws Error(kInvalidArgument)
    /// for a malformed protocol, address or container port, or a host address this host does
    /// not have.
    static std::unique_ptr<PortProxy> Start(boost::asio::io_context& io,
                                            std::string_view protocol,
                                            std::string_view host_ip,
                                            std::uint16_t host_port,
                                            std::string_view container_ip,
                                            std::uint16_t container_port,
                                            const PortProxyOptions& options = {});

    PortProxy(const PortProxy&) = delete;
    PortProxy& operator=(const PortProxy&) = delete;

    /// Closes the listening socket and every connection and flow before returning, so the
    /// port can be bound again at once and clients see their connections end. Safe while `io`
    /// runs on other threads and connections are busy; handlers still queued only release
    /// memory when they run (or when `io` is destroyed).
    ~PortProxy();

    /// The port the proxy listens on: host_port, or the one the kernel chose for 0.
    std::uint16_t BoundPort() const { return bound_port_; }

  private:
    PortProxy(std::shared_ptr<detail::ProxyListener> listener, std::uint16_t bound_port);

    std::shared_ptr<detail::ProxyListener> listener_;
    std::uint16_t bound_port_;
};

}  // namespace engine::net
