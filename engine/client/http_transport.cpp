#include "engine/client/http_transport.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <limits>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <strings.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/client/socket_stream.hpp"

namespace engine::client {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

// The docker client's fixed Host for socket connections; the daemon never checks it.
constexpr std::string_view kUnixHost = "api.moby.localhost";
constexpr std::string_view kUserAgent = "Berth-Client";
constexpr std::size_t kIoChunk = 64 * 1024;

// The exchange broke before any byte of the reply arrived: safe to retry when the request can
// be sent again.
struct BrokenBeforeReply {
    Error error;
};

Error ExchangeError(const Endpoint& endpoint, const boost::system::error_code& ec) {
    return Error(Errc::kUnavailable, "error during connect: " + endpoint.ToString() + ": " + ec.message());
}

template <class Message>
void SetCommonFields(Message& message, const HttpRequest& request, const Endpoint& endpoint) {
    const http::verb verb = http::string_to_verb(request.method);
    if (verb == http::verb::unknown) {
        message.method_string(request.method);
    } else {
        message.method(verb);
    }
    message.target(request.target);
    message.set(http::field::host,
                endpoint.kind == Endpoint::Kind::kUnix ? std::string(kUnixHost)
                                                       : endpoint.host + ":" + std::to_string(endpoint.port));
    message.set(http::field::user_agent, boost::beast::string_view(kUserAgent.data(), kUserAgent.size()));
    for (const auto& [name, value] : request.headers) {
        message.insert(name, value);
    }
    if (!request.content_type.empty()) {
        message.set(http::field::content_type, request.content_type);
    }
}

void WriteChunkedBody(detail::SocketStream& stream, int fd) {
    std::array<char, kIoChunk> buffer;
    for (;;) {
        const ssize_t count = read(fd, buffer.data(), buffer.size());
        if (count < 0 && errno == EINTR) {
            continue;
        }
        CheckSyscall(count, "read request body");
        if (count == 0) {
            break;
        }
        asio::write(stream, http::make_chunk(asio::buffer(buffer.data(), static_cast<std::size_t>(count))));
    }
    asio::write(stream, http::make_chunk_last());
}

void WriteRequest(detail::SocketStream& stream, const HttpRequest& request, const Endpoint& endpoint) {
    if (request.upload_fd < 0) {
        http::request<http::string_body> message;
        SetCommonFields(message, request, endpoint);
        message.body() = request.body;
        message.prepare_payload();
        http::write(stream, message);
        return;
    }
    http::request<http::empty_body> message;
    SetCommonFields(message, request, endpoint);
    message.chunked(true);
    http::request_serializer<http::empty_body> serializer(message);
    http::write_header(stream, serializer);
    WriteChunkedBody(stream, request.upload_fd);
}

// A connection taken over after 101: the bytes the header read took past the header come first.
class HijackedStream final : public RawStream {
  public:
    HijackedStream(std::unique_ptr<asio::io_context> io,
                   std::unique_ptr<detail::SocketStream> stream,
                   std::string leftover,
                   Endpoint endpoint)
        : io_(std::move(io)),
          stream_(std::move(stream)),
          leftover_(std::move(leftover)),
          endpoint_(std::move(endpoint)) {}

    std::size_t Read(std::span<char> buffer) override {
        if (!leftover_.empty()) {
            const std::size_t count = std::min(buffer.size(), leftover_.size());
            std::copy_n(leftover_.begin(), count, buffer.begin());
            leftover_.erase(0, count);
            return count;
        }
        boost::system::error_code ec;
        const std::size_t count = stream_->read_some(asio::buffer(buffer.data(), buffer.size()), ec);
        if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
            return 0;
        }
        if (ec) {
            throw ExchangeError(endpoint_, ec);
        }
        return count;
    }

    void Write(std::string_view data) override {
        boost::system::error_code ec;
        asio::write(*stream_, asio::buffer(data.data(), data.size()), ec);
        if (ec) {
            throw ExchangeError(endpoint_, ec);
        }
    }

    void CloseWrite() override { stream_->ShutdownWrite(); }

  private:
    std::unique_ptr<asio::io_context> io_;
    std::unique_ptr<detail::SocketStream> stream_;
    std::string leftover_;
    Endpoint endpoint_;
};

}  // namespace

std::unique_ptr<RawStream> HttpTransport::Hijack(const HttpRequest& request, HttpResponse& error_reply) {
    auto io = std::make_unique<asio::io_context>();
    auto stream = std::make_unique<detail::SocketStream>(*io, endpoint_);
    ++connections_opened_;
    HttpRequest upgrade = request;
    upgrade.headers.emplace_back("Connection", "Upgrade");
    upgrade.headers.emplace_back("Upgrade", "tcp");
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    boost::system::error_code ec;
    try {
        WriteRequest(*stream, upgrade, endpoint_);
    } catch (const boost::system::system_error& error) {
        throw ExchangeError(endpoint_, error.code());
    }
    http::read_header(*stream, buffer, parser, ec);
    if (ec) {
        throw ExchangeError(endpoint_, ec);
    }
    const unsigned status = parser.get().result_int();
    if (status == 101 || status == 200) {
        std::string leftover(static_cast<const char*>(buffer.data().data()), buffer.size());
        return std::make_unique<HijackedStream>(std::move(io), std::move(stream), std::move(leftover), endpoint_);
    }
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    http::read(*stream, buffer, parser, ec);
    error_reply.status = status;
    for (const auto& field : parser.get()) {
        error_reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    error_reply.body = parser.get().body();
    return nullptr;
}

class HttpTransport::Connection final {
  public:
    Connection(asio::io_context& io, const Endpoint& endpoint) : stream(io, endpoint) {}

    detail::SocketStream stream;
    boost::beast::flat_buffer buffer;
    bool used = false;
};

std::string HttpResponse::Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
            return value;
        }
    }
    return "";
}

HttpTransport::HttpTransport(Endpoint endpoint)
    : endpoint_(std::move(endpoint)), io_(std::make_unique<asio::io_context>()) {}

HttpTransport::~HttpTransport() = default;

HttpTransport::Connection& HttpTransport::Connect() {
    if (connection_ && connection_->stream.IsStale()) {
        connection_.reset();
    }
    if (!connection_) {
        connection_ = std::make_unique<Connection>(*io_, endpoint_);
        ++connections_opened_;
    }
    return *connection_;
}

HttpResponse HttpTransport::Exchange(const HttpRequest& request, const BodySink& sink) {
    Connection& connection = Connect();
    const bool reused = connection.used;
    try {
        return ExchangeOnce(connection, request, sink);
    } catch (const BrokenBeforeReply& broken) {
        connection_.reset();
        if (!reused || request.upload_fd >= 0) {
            throw broken.error;
        }
    }
    try {
        return ExchangeOnce(Connect(), request, sink);
    } catch (const BrokenBeforeReply& broken) {
        connection_.reset();
        throw broken.error;
    }
}

HttpResponse HttpTransport::ExchangeOnce(Connection& connection, const HttpRequest& request, const BodySink& sink) {
    connection.used = true;
    std::optional<Error> write_error;
    try {
        WriteRequest(connection.stream, request, endpoint_);
    } catch (const boost::system::system_error& error) {
        // The daemon may have answered (an error) before taking the whole body: read that first.
        write_error = ExchangeError(endpoint_, error.code());
    }
    http::response_parser<http::buffer_body> parser;
    // Boost 1.74 compares lengths against an unset limit as if it were smaller than any value
    // (basic_parser.ipp), so "no limit" has to be spelled as the largest one.
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    parser.skip(request.method == "HEAD");
    boost::system::error_code ec;
    http::read_header(connection.stream, connection.buffer, parser, ec);
    if (ec) {
        connection_.reset();
        throw BrokenBeforeReply{write_error.value_or(ExchangeError(endpoint_, ec))};
    }
    HttpResponse response;
    response.status = parser.get().result_int();
    for (const auto& field : parser.get()) {
        response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    if (request.on_head) {
        request.on_head(response.status);
    }
    const bool deliver = sink && response.status >= 200 && response.status < 300;
    std::array<char, kIoChunk> chunk;
    while (!parser.is_done()) {
        parser.get().body().data = chunk.data();
        parser.get().body().size = chunk.size();
        http::read_some(connection.stream, connection.buffer, parser, ec);
        if (ec == http::error::need_buffer) {
            ec = {};
        }
        if (ec) {
            connection_.reset();
            throw ExchangeError(endpoint_, ec);
        }
        const std::string_view data(chunk.data(), chunk.size() - parser.get().body().size);
        if (data.empty()) {
            continue;
        }
        if (!deliver) {
            response.body.append(data);
            continue;
        }
        bool more = false;
        try {
            more = sink(data);
        } catch (...) {
            connection_.reset();  // the rest of the body is still on the wire
            throw;
        }
        if (!more) {
            connection_.reset();
            return response;
        }
    }
    if (write_error || !parser.get().keep_alive()) {
        connection_.reset();
    }
    return response;
}

}  // namespace engine::client
