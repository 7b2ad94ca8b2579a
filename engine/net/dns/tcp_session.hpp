#pragma once

// One client connection over TCP: length-prefixed queries (RFC 1035 4.2.2, RFC 7766) answered
// one after the other. Internal to engine/net/dns.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/net/dns/dns_listener.hpp"

namespace engine::net::dns {

class TcpSession final : public std::enable_shared_from_this<TcpSession> {
  public:
    TcpSession(boost::asio::ip::tcp::socket socket, std::string scope, QueryHandler& handler);

    /// Starts reading queries. On the io_context's thread.
    void Start();
    /// Closes the connection; pending operations end. On the io_context's thread.
    void Close();

  private:
    void ReadLength();
    void ReadMessage(std::size_t size);
    void Send(std::vector<std::uint8_t> response);

    boost::asio::ip::tcp::socket socket_;
    std::string scope_;
    QueryHandler& handler_;
    // Closes connections that sit idle between queries; not armed while a query is answered
    // (a forward may take several upstream timeouts).
    boost::asio::steady_timer idle_timer_;
    std::array<std::uint8_t, 2> length_{};
    std::vector<std::uint8_t> message_;
    std::vector<std::uint8_t> frame_;
    unsigned reads_started_ = 0;
};

}  // namespace engine::net::dns
