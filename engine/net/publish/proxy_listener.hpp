#pragma once

#include <chrono>
#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

// The protocol halves of PortProxy; not part of the public API.
namespace engine::net::detail {

/// A running proxy. Every handler of the implementations takes the object's mutex and checks
/// whether it stopped, so Stop() can close the sockets from any thread: Asio sockets must not
/// be used from two threads at once, and a strand alone would make closing asynchronous.
class ProxyListener {
  public:
    virtual ~ProxyListener() = default;
    /// Closes every socket now; queued handlers find the proxy stopped and do nothing.
    virtual void Stop() = 0;
};

/// Accepts on `acceptor` (bound and listening) and forwards each connection to `backend`.
std::shared_ptr<ProxyListener> StartTcpProxy(boost::asio::ip::tcp::acceptor acceptor,
                                             boost::asio::ip::tcp::endpoint backend);

/// Receives on `socket` (bound) and forwards each client's datagrams to `backend`, forgetting
/// a client after `idle_timeout` of silence.
std::shared_ptr<ProxyListener> StartUdpProxy(boost::asio::ip::udp::socket socket,
                                             boost::asio::ip::udp::endpoint backend,
                                             std::chrono::steady_clock::duration idle_timeout);

}  // namespace engine::net::detail
