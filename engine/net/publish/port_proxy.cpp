#include "engine/net/publish/port_proxy.hpp"

#include <cerrno>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ip/v6_only.hpp>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/net/publish/proxy_listener.hpp"
#include "engine/sys/linux/port_owner.hpp"

namespace engine::net {
namespace {

namespace asio = boost::asio;
namespace ip = boost::asio::ip;
using boost::system::error_code;

// An address to bind; dual_stack lets an IPv6 wildcard socket take IPv4 clients too.
struct ListenAddress {
    ip::address address;
    bool dual_stack = false;
};

ip::address ParseAddress(std::string_view text, std::string_view what, const std::string& context) {
    error_code ec;
    const ip::address address = ip::make_address(text, ec);
    if (ec) {
        throw Error(Errc::kInvalidArgument,
                    context + ": " + std::string(what) + " \"" + std::string(text) + "\" is not an IP address");
    }
    return address;
}

// What to try, in order. "" is every address: one dual-stack socket, or IPv4 alone on a host
// without IPv6 (docker-proxy binds 0.0.0.0 and :: separately, which takes two sockets and can
// half-succeed; the kernel's dual-stack socket covers both families with one bind, and one
// EADDRINUSE if either family's port is taken).
std::vector<ListenAddress> ListenAddresses(std::string_view host_ip, const std::string& context) {
    if (host_ip.empty()) {
        return {{ip::address_v6::any(), true}, {ip::address_v4::any(), false}};
    }
    return {{ParseAddress(host_ip, "host address", context), false}};
}

std::string Label(const ip::address& address, std::uint16_t port, std::string_view protocol) {
    const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    return host + ":" + std::to_string(port) + "/" + std::string(protocol);
}

// Opens and binds (and for TCP listens) `socket`, an ip::tcp::acceptor or ip::udp::socket.
template <typename Socket>
error_code TryBind(Socket& socket, const ListenAddress& listen, std::uint16_t port) {
    using Protocol = typename Socket::protocol_type;
    constexpr bool kTcp = std::is_same_v<Protocol, ip::tcp>;
    const typename Protocol::endpoint endpoint(listen.address, port);
    error_code ec;
    socket.open(endpoint.protocol(), ec);
    if (!ec && kTcp) {
        // Lets a restarted daemon bind while old connections linger in TIME_WAIT. Not for UDP,
        // where it would let two sockets share the port.
        socket.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec && listen.address.is_v6()) {
        socket.set_option(ip::v6_only(!listen.dual_stack), ec);
    }
    if (!ec) {
        socket.bind(endpoint, ec);
    }
    if constexpr (kTcp) {
        if (!ec) {
            socket.listen(asio::socket_base::max_listen_connections, ec);
        }
    }
    if (ec) {
        error_code ignored;
        socket.close(ignored);
    }
    return ec;
}

[[noreturn]] void ThrowBindError(const error_code& ec,
                                 const ip::address& address,
                                 std::uint16_t port,
                                 std::string_view protocol) {
    const std::string what = "bind " + Label(address, port, protocol);
    switch (ec.value()) {
        case EADDRINUSE: {
            const std::optional<std::string> holder = sys::DescribePortHolder(protocol, port);
            throw Error(Errc::kConflict,
                        what + ": address already in use" + (holder ? " (held by " + *holder + ")" : "") +
                            "; stop that process or publish another host port");
        }
        case EADDRNOTAVAIL:
            throw Error(Errc::kInvalidArgument,
                        what + ": " + address.to_string() + " is not an address of this host; publish on one it has");
        case EACCES:
            throw Error(Errc::kInvalidArgument,
                        what + ": permission denied; ports below 1024 need CAP_NET_BIND_SERVICE");
        default:
            ThrowErrno(what, ec.value());
    }
}

// Binds the first address that works; only a host without IPv6 moves on to the next one.
template <typename Socket>
Socket Bind(asio::io_context& io,
            const std::vector<ListenAddress>& addresses,
            std::uint16_t port,
            std::string_view protocol) {
    Socket socket(io);
    for (std::size_t i = 0;; ++i) {
        const error_code ec = TryBind(socket, addresses[i], port);
        if (!ec) {
            return socket;
        }
        const bool no_ipv6 = ec == asio::error::address_family_not_supported || ec.value() == EADDRNOTAVAIL;
        if (!no_ipv6 || !addresses[i].address.is_v6() || i + 1 == addresses.size()) {
            ThrowBindError(ec, addresses[i].address, port, protocol);
        }
    }
}

}  // namespace

std::unique_ptr<PortProxy> PortProxy::Start(asio::io_context& io,
                                            std::string_view protocol,
                                            std::string_view host_ip,
                                            std::uint16_t host_port,
                                            std::string_view container_ip,
                                            std::uint16_t container_port,
                                            const PortProxyOptions& options) {
    const std::string host =
        host_ip.find(':') != std::string_view::npos ? "[" + std::string(host_ip) + "]" : std::string(host_ip);
    const std::string context =
        "proxy " + (host.empty() ? "" : host + ":") + std::to_string(host_port) + "/" + std::string(protocol);
    if (protocol != "tcp" && protocol != "udp") {
        throw Error(Errc::kInvalidArgument, context + ": protocol must be tcp or udp");
    }
    if (container_port == 0) {
        throw Error(Errc::kInvalidArgument, context + ": container port must be 1-65535");
    }
    const ip::address backend = ParseAddress(container_ip, "container address", context);
    const std::vector<ListenAddress> addresses = ListenAddresses(host_ip, context);
    std::shared_ptr<detail::ProxyListener> listener;
    std::uint16_t bound_port = 0;
    if (protocol == "tcp") {
        ip::tcp::acceptor acceptor = Bind<ip::tcp::acceptor>(io, addresses, host_port, protocol);
        bound_port = acceptor.local_endpoint().port();
        listener = detail::StartTcpProxy(std::move(acceptor), ip::tcp::endpoint(backend, container_port));
    } else {
        ip::udp::socket socket = Bind<ip::udp::socket>(io, addresses, host_port, protocol);
        bound_port = socket.local_endpoint().port();
        listener = detail::StartUdpProxy(
            std::move(socket), ip::udp::endpoint(backend, container_port), options.udp_idle_timeout);
    }
    return std::unique_ptr<PortProxy>(new PortProxy(std::move(listener), bound_port));
}

PortProxy::PortProxy(std::shared_ptr<detail::ProxyListener> listener, std::uint16_t bound_port)
    : listener_(std::move(listener)), bound_port_(bound_port) {}

PortProxy::~PortProxy() {
    listener_->Stop();
}

}  // namespace engine::net
