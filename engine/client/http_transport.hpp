#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/client/endpoint.hpp"
#include "engine/client/raw_stream.hpp"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace engine::client {

/// Header name/value pairs in order.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// One request as it goes on the wire. The target is already escaped and versioned.
struct HttpRequest {
    std::string method = "GET";
    std::string target = "/";  ///< "/v1.41/images/json?all=1"
    Headers headers;           ///< extra headers; Host, User-Agent and framing are added
    std::string content_type;  ///< sent when there is a body
    std::string body;          ///< sent with Content-Length unless `upload_fd` is set
    /// When >= 0, the body is read from this descriptor until end of file and sent with chunked
    /// encoding as it is read, so a large tar never sits in memory. Not owned, not closed.
    int upload_fd = -1;
    /// Called once the reply's status and headers are read, before its body.
    std::function<void(unsigned status)> on_head;
};

/// A response: the whole body, or none when it was delivered to a sink.
struct HttpResponse {
    unsigned status = 0;
    Headers headers;
    std::string body;

    /// The first value of header `name` (case-insensitive), "" when absent.
    std::string Header(std::string_view name) const;
};

/// Receives body bytes as they arrive; returns false to stop reading (the connection is then
/// dropped, since the rest of the body is still on it).
using BodySink = std::function<bool(std::string_view data)>;

/// HTTP/1.1 over one daemon connection, kept alive between requests and re-opened when the
/// daemon closed it. Synchronous and not thread-safe: one request at a time.
class HttpTransport final {
  public:
    explicit HttpTransport(Endpoint endpoint);
    ~HttpTransport();
    HttpTransport(const HttpTransport&) = delete;
    HttpTransport& operator=(const HttpTransport&) = delete;

    /// Sends `request` and reads the reply. With a `sink`, the body of a 2xx reply goes to it
    /// piece by piece as it arrives (chunked or not) and `body` stays empty; other replies, and
    /// every reply without a sink, are collected into `body`. Any status is returned, not thrown.
    /// Throws Error(kUnavailable) when the daemon cannot be reached or the exchange breaks
    /// (messages as SocketStream's, or "error during connect: <endpoint>: <reason>"), and
    /// whatever the sink throws. A request without an fd body that fails on a reused
    /// connection before any reply arrived is retried once on a new connection.
    HttpResponse Exchange(const HttpRequest& request, const BodySink& sink = {});

    /// Sends `request` (with Connection: Upgrade, Upgrade: tcp) on a new connection of its own
    /// and, when the daemon answers 101 (or 200, as old daemons do), hands that connection over
    /// as a raw stream. Other replies are returned in `error_reply` (with their body) and the
    /// result is null. Throws Error(kUnavailable) as Exchange does.
    std::unique_ptr<RawStream> Hijack(const HttpRequest& request, HttpResponse& error_reply);

    /// Connections opened so far (keep-alive makes this 1 for a sequence of simple calls).
    int connections_opened() const { return connections_opened_; }

    const Endpoint& endpoint() const { return endpoint_; }

  private:
    class Connection;

    Connection& Connect();
    HttpResponse ExchangeOnce(Connection& connection, const HttpRequest& request, const BodySink& sink);

    Endpoint endpoint_;
    std::unique_ptr<boost::asio::io_context> io_;
    std::unique_ptr<Connection> connection_;
    int connections_opened_ = 0;
};

}  // namespace engine::client
