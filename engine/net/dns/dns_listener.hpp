#pragma once

// The sockets of one scope: a UDP socket and a TCP acceptor on the same address and port.
// Internal to engine/net/dns.

#include <array>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/net/dns/forwarder.hpp"
#include "engine/net/ipam/ip_address.hpp"

namespace engine::net::dns {

class TcpSession;

/// Where listeners deliver messages.
class QueryHandler {
  public:
    /// Sends a response; an empty one means "no response" (UDP) or "close the connection" (TCP).
    /// May be called later, from another completion handler, or never; after the listener
    /// stopped it does nothing.
    using Reply = std::function<void(std::vector<std::uint8_t>)>;

    virtual ~QueryHandler() = default;
    /// Called on the io_context's thread for every message received from `client`.
    virtual void HandleQuery(const std::string& scope,
                             const std::optional<IpAddress>& client,
                             std::vector<std::uint8_t> message,
                             Transport transport,
                             Reply reply) = 0;
};

class DnsListener final : public std::enable_shared_from_this<DnsListener> {
  public:
    /// Binds UDP and TCP on `address`:`port`; port 0 picks a port free for both. May be called
    /// from any thread. Throws Error naming the scope and address when a bind fails
    /// (kConflict when the port is in use, kUnavailable otherwise).
    static std::shared_ptr<DnsListener> Bind(boost::asio::io_context& io,
                                             std::string scope,
                                             const IpAddress& address,
                                             std::uint16_t port,
                                             QueryHandler& handler);

    /// Use Bind().
    DnsListener(boost::asio::io_context& io, std::string scope, QueryHandler& handler);

    /// Starts receiving. On the io_context's thread.
    void Start();
    /// Closes the sockets and every TCP connection. On the io_context's thread.
    void Stop();

    std::uint16_t port() const { return port_; }

  private:
    void Open(const IpAddress& address, std::uint16_t port);
    void ReceiveUdp();
    void SendUdp(const boost::asio::ip::udp::endpoint& client, std::vector<std::uint8_t> response);
    void Accept();
    void AdoptConnection(boost::asio::ip::tcp::socket socket);

    std::string scope_;
    QueryHandler& handler_;
    boost::asio::ip::udp::socket udp_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer udp_backoff_;
    boost::asio::steady_timer accept_backoff_;
    std::array<std::uint8_t, 65535> datagram_{};
    boost::asio::ip::udp::endpoint client_;
    std::list<std::weak_ptr<TcpSession>> sessions_;
    std::uint16_t port_ = 0;
    bool stopped_ = false;
};

}  // namespace engine::net::dns
