#include "engine/client/socket_stream.hpp"

#include <cerrno>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <poll.h>
#include <sys/socket.h>

#include "engine/base/error.hpp"

namespace engine::client::detail {
namespace {

namespace asio = boost::asio;

[[noreturn]] void ThrowConnectError(const Endpoint& endpoint, const boost::system::error_code& ec) {
    const std::string where = endpoint.ToString();
    if (ec == asio::error::access_denied || ec.value() == EACCES) {
        throw Error(
            Errc::kUnavailable,
            "permission denied while trying to connect to the Berth daemon socket at " + where + ": " + ec.message());
    }
    if (ec == asio::error::connection_refused || ec.value() == ENOENT || ec == asio::error::host_not_found ||
        ec == asio::error::host_unreachable || ec == asio::error::network_unreachable || ec == asio::error::timed_out) {
        throw Error(Errc::kUnavailable, "Cannot connect to the Berth daemon at " + where + ". Is berthd running?");
    }
    throw Error(Errc::kUnavailable, "error during connect: " + where + ": " + ec.message());
}

std::unique_ptr<asio::ssl::context> MakeTlsContext(const TlsOptions& tls, const std::string& host) {
    auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    if (!tls.ca.empty() && context->load_verify_file(tls.ca.string(), ec)) {
        throw Error(Errc::kInvalidArgument,
                    "could not read CA certificate \"" + tls.ca.string() + "\": " + ec.message());
    }
    if (!tls.cert.empty() || !tls.key.empty()) {
        if (context->use_certificate_chain_file(tls.cert.string(), ec) ||
            context->use_private_key_file(tls.key.string(), asio::ssl::context::pem, ec)) {
            throw Error(Errc::kInvalidArgument,
                        "could not load X509 key pair (cert: \"" + tls.cert.string() + "\", key: \"" +
                            tls.key.string() + "\"): " + ec.message());
        }
    }
    if (tls.verify) {
        if (tls.ca.empty()) {
            context->set_default_verify_paths();
        }
        context->set_verify_mode(asio::ssl::verify_peer);
        context->set_verify_callback(asio::ssl::host_name_verification(host));
    } else {
        context->set_verify_mode(asio::ssl::verify_none);
    }
    return context;
}

SocketStream::UnixSocket ConnectUnix(asio::io_context& io, const Endpoint& endpoint) {
    SocketStream::UnixSocket socket(io);
    boost::system::error_code ec;
    socket.connect(asio::local::stream_protocol::endpoint(endpoint.path.string()), ec);
    if (ec) {
        ThrowConnectError(endpoint, ec);
    }
    return socket;
}

SocketStream::TcpSocket ConnectTcp(asio::io_context& io, const Endpoint& endpoint) {
    asio::ip::tcp::resolver resolver(io);
    boost::system::error_code ec;
    const auto results = resolver.resolve(endpoint.host, std::to_string(endpoint.port), ec);
    SocketStream::TcpSocket socket(io);
    if (!ec) {
        asio::connect(socket, results, ec);
    }
    if (ec) {
        ThrowConnectError(endpoint, ec);
    }
    socket.set_option(asio::ip::tcp::no_delay(true), ec);  // small requests must not wait for Nagle
    return socket;
}

}  // namespace

SocketStream::SocketStream(asio::io_context& io, const Endpoint& endpoint)
    : socket_(std::in_place_type<UnixSocket>, io) {
    if (endpoint.kind == Endpoint::Kind::kUnix) {
        socket_ = ConnectUnix(io, endpoint);
        return;
    }
    if (!endpoint.tls) {
        socket_ = ConnectTcp(io, endpoint);
        return;
    }
    tls_context_ = MakeTlsContext(*endpoint.tls, endpoint.host);
    auto tls = std::make_unique<TlsSocket>(ConnectTcp(io, endpoint), *tls_context_);
    boost::system::error_code ec;
    asio::ip::make_address(endpoint.host, ec);
    // SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.
    if (ec && SSL_ctrl(tls->native_handle(),
                       SSL_CTRL_SET_TLSEXT_HOSTNAME,
                       TLSEXT_NAMETYPE_host_name,
                       const_cast<char*>(endpoint.host.c_str())) != 1) {
        throw Error(Errc::kInternal, "error during connect: " + endpoint.ToString() + ": cannot set TLS server name");
    }
    tls->handshake(asio::ssl::stream_base::client, ec);
    if (ec) {
        throw Error(Errc::kUnavailable, "error during connect: " + endpoint.ToString() + ": " + ec.message());
    }
    socket_ = std::move(tls);
}

int SocketStream::NativeHandle() {
    if (auto* tls = std::get_if<std::unique_ptr<TlsSocket>>(&socket_)) {
        return (*tls)->next_layer().native_handle();
    }
    if (auto* tcp = std::get_if<TcpSocket>(&socket_)) {
        return tcp->native_handle();
    }
    return std::get<UnixSocket>(socket_).native_handle();
}

void SocketStream::ShutdownWrite() {
    if (auto* tls = std::get_if<std::unique_ptr<TlsSocket>>(&socket_)) {
        // The first SSL_shutdown only sends close_notify, which Go's tls.Conn.CloseWrite does too.
        SSL_shutdown((*tls)->native_handle());
        return;
    }
    shutdown(NativeHandle(), SHUT_WR);
}

bool SocketStream::IsStale() {
    // Between requests the daemon has nothing to say: readable means it closed (EOF) or broke.
    pollfd entry{.fd = NativeHandle(), .events = POLLIN, .revents = 0};
    return poll(&entry, 1, 0) != 0;
}

}  // namespace engine::client::detail
