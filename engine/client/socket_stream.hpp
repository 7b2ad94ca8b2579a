#pragma once

// One connection to the daemon as a Beast SyncReadStream/SyncWriteStream: a UNIX socket, a TCP
// socket, or TLS over TCP. Internal to engine/client.

#include <memory>
#include <string>
#include <variant>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "engine/client/endpoint.hpp"

namespace engine::client::detail {

class SocketStream final {
  public:
    using UnixSocket = boost::asio::local::stream_protocol::socket;
    using TcpSocket = boost::asio::ip::tcp::socket;
    using TlsSocket = boost::asio::ssl::stream<TcpSocket>;

    /// Connects to `endpoint` (and completes the TLS handshake). Throws Error(kUnavailable) with
    /// docker's texts: "Cannot connect to the Berth daemon at <endpoint>. Is berthd running?" when
    /// nothing listens, "permission denied while trying to connect to the Berth daemon socket at
    /// <endpoint>" on EACCES, "error during connect: <endpoint>: <reason>" for the rest.
    SocketStream(boost::asio::io_context& io, const Endpoint& endpoint);

    /// True when the daemon closed its side (or sent unexpected bytes) while the connection sat
    /// idle, so it must not be reused. Never blocks.
    bool IsStale();

    template <class MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
        return std::visit([&](auto& socket) { return Socket(socket).read_some(buffers, ec); }, socket_);
    }
    template <class MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers) {
        return std::visit([&](auto& socket) { return Socket(socket).read_some(buffers); }, socket_);
    }
    template <class ConstBufferSequence>
    std::size_t write_some(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
        return std::visit([&](auto& socket) { return Socket(socket).write_some(buffers, ec); }, socket_);
    }
    template <class ConstBufferSequence>
    std::size_t write_some(const ConstBufferSequence& buffers) {
        return std::visit([&](auto& socket) { return Socket(socket).write_some(buffers); }, socket_);
    }

    /// Half-closes the sending side (TLS: sends close_notify); reading goes on.
    void ShutdownWrite();

  private:
    static UnixSocket& Socket(UnixSocket& socket) { return socket; }
    static TcpSocket& Socket(TcpSocket& socket) { return socket; }
    static TlsSocket& Socket(std::unique_ptr<TlsSocket>& socket) { return *socket; }

    int NativeHandle();

    // The TLS context must outlive the stream that uses it.
    std::unique_ptr<boost::asio::ssl::context> tls_context_;
    std::variant<UnixSocket, TcpSocket, std::unique_ptr<TlsSocket>> socket_;
};

}  // namespace engine::client::detail
