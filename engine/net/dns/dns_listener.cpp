#include "engine/net/dns/dns_listener.hpp"

#include <chrono>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/v6_only.hpp>

#include "engine/base/error.hpp"
#include "engine/net/dns/asio_address.hpp"
#include "engine/net/dns/tcp_session.hpp"

namespace engine::net::dns {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// Enough for resolvers that retry over TCP after a truncated answer; beyond this new
// connections are closed at once rather than exhausting file descriptors.
constexpr std::size_t kMaxTcpConnections = 64;
// Port 0 binds UDP first and then TCP to the same port; another process may hold that TCP port.
constexpr int kPortPickAttempts = 16;
// After an unexpected socket error (EMFILE, ENOBUFS), wait before the next receive or accept
// instead of spinning.
constexpr std::chrono::milliseconds kErrorBackoff{50};

[[noreturn]] void ThrowBindError(const std::string& scope,
                                 std::string_view protocol,
                                 const IpAddress& address,
                                 std::uint16_t port,
                                 const error_code& error) {
    const std::string host = address.is_v6() ? "[" + address.ToString() + "]" : address.ToString();
    std::string message = "dns server for network " + scope + ": cannot listen on " + std::string(protocol) + " " +
                          host + ":" + std::to_string(port) + ": " + error.message();
    if (error == asio::error::address_in_use) {
        throw Error(Errc::kConflict, message + "; stop whatever uses the port or choose another");
    }
    if (error == boost::system::errc::address_not_available) {
        message += "; the address must belong to an interface of this host";
    }
    throw Error(Errc::kUnavailable, message);
}

}  // namespace

std::shared_ptr<DnsListener> DnsListener::Bind(
    asio::io_context& io, std::string scope, const IpAddress& address, std::uint16_t port, QueryHandler& handler) {
    auto listener = std::make_shared<DnsListener>(io, std::move(scope), handler);
    listener->Open(address, port);
    return listener;
}

DnsListener::DnsListener(asio::io_context& io, std::string scope, QueryHandler& handler)
    : scope_(std::move(scope)), handler_(handler), udp_(io), acceptor_(io), udp_backoff_(io), accept_backoff_(io) {}

void DnsListener::Open(const IpAddress& address, std::uint16_t port) {
    const asio::ip::address ip = ToAsio(address);
    for (int attempt = 1;; ++attempt) {
        error_code error;
        udp_.close(error);
        acceptor_.close(error);
        const asio::ip::udp::endpoint udp_endpoint(ip, port);
        udp_.open(udp_endpoint.protocol(), error);
        if (!error && address.is_v6()) {
            udp_.set_option(asio::ip::v6_only(true), error);
        }
        if (!error) {
            udp_.bind(udp_endpoint, error);
        }
        if (error) {
            ThrowBindError(scope_, "udp", address, port, error);
        }
        const std::uint16_t bound = udp_.local_endpoint().port();
        const asio::ip::tcp::endpoint tcp_endpoint(ip, bound);
        acceptor_.open(tcp_endpoint.protocol(), error);
        if (!error && address.is_v6()) {
            acceptor_.set_option(asio::ip::v6_only(true), error);
        }
        if (!error) {
            acceptor_.set_option(asio::socket_base::reuse_address(true), error);
        }
        if (!error) {
            acceptor_.bind(tcp_endpoint, error);
        }
        if (!error) {
            acceptor_.listen(asio::socket_base::max_listen_connections, error);
        }
        if (!error) {
            port_ = bound;
            return;
        }
        if (port != 0 || error != asio::error::address_in_use || attempt == kPortPickAttempts) {
            udp_.close(error);
            ThrowBindError(scope_, "tcp", address, bound, error);
        }
    }
}

void DnsListener::Start() {
    ReceiveUdp();
    Accept();
}

void DnsListener::Stop() {
    stopped_ = true;
    error_code ignored;
    udp_.close(ignored);
    acceptor_.close(ignored);
    udp_backoff_.cancel();
    accept_backoff_.cancel();
    for (const auto& weak : sessions_) {
        if (const auto session = weak.lock()) {
            session->Close();
        }
    }
    sessions_.clear();
}

void DnsListener::ReceiveUdp() {
    udp_.async_receive_from(
        asio::buffer(datagram_), client_, [self = shared_from_this()](const error_code& error, std::size_t size) {
            if (self->stopped_ || error == asio::error::operation_aborted) {
                return;
            }
            if (error) {
                self->udp_backoff_.expires_after(kErrorBackoff);
                self->udp_backoff_.async_wait([self](const error_code& wait_error) {
                    if (!wait_error && !self->stopped_) {
                        self->ReceiveUdp();
                    }
                });
                return;
            }
            std::vector<std::uint8_t> message(self->datagram_.begin(),
                                              self->datagram_.begin() + static_cast<std::ptrdiff_t>(size));
            const asio::ip::udp::endpoint client = self->client_;
            self->handler_.HandleQuery(self->scope_,
                                       FromAsio(client.address()),
                                       std::move(message),
                                       Transport::kUdp,
                                       [self, client](std::vector<std::uint8_t> response) {
                                           if (!response.empty()) {
                                               self->SendUdp(client, std::move(response));
                                           }
                                       });
            self->ReceiveUdp();
        });
}

void DnsListener::SendUdp(const asio::ip::udp::endpoint& client, std::vector<std::uint8_t> response) {
    if (stopped_) {
        return;
    }
    auto data = std::make_shared<std::vector<std::uint8_t>>(std::move(response));
    // A lost datagram is the client's to retry, as with any UDP answer.
    udp_.async_send_to(asio::buffer(*data), client, [data](const error_code&, std::size_t) {});
}

void DnsListener::Accept() {
    acceptor_.async_accept([self = shared_from_this()](const error_code& error, asio::ip::tcp::socket socket) {
        if (self->stopped_ || error == asio::error::operation_aborted) {
            return;
        }
        if (error) {
            self->accept_backoff_.expires_after(kErrorBackoff);
            self->accept_backoff_.async_wait([self](const error_code& wait_error) {
                if (!wait_error && !self->stopped_) {
                    self->Accept();
                }
            });
            return;
        }
        self->AdoptConnection(std::move(socket));
        self->Accept();
    });
}

void DnsListener::AdoptConnection(asio::ip::tcp::socket socket) {
    sessions_.remove_if([](const std::weak_ptr<TcpSession>& session) { return session.expired(); });
    if (sessions_.size() >= kMaxTcpConnections) {
        error_code ignored;
        socket.close(ignored);
        return;
    }
    auto session = std::make_shared<TcpSession>(std::move(socket), scope_, handler_);
    sessions_.push_back(session);
    session->Start();
}

}  // namespace engine::net::dns
