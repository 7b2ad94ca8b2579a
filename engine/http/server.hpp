#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace engine::http {

/// Header name/value pairs in the order they were sent or are to be sent.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// What the server knows once a request's header has been read, before its body.
struct RequestHead {
    std::string method;  ///< "GET", "HEAD", "POST", "DELETE", ... as sent
    std::string target;  ///< the raw request target: "/v1.41/images/json?all=1"
    Headers headers;
    /// The first value of header `name` (case-insensitive), "" when absent.
    std::string Header(std::string_view name) const;
};

/// How the server reads a request's body; chosen per request by the Dispatcher from its head.
struct BodyPolicy {
    /// Larger bodies are refused with 413 and a JSON message, before the handler runs.
    std::size_t max_bytes = 1 << 20;
    /// When true the body is written to a temporary file (Request::body_file) instead of memory,
    /// for uploads such as image tars.
    bool spool_to_file = false;
};

/// A complete request as a handler sees it.
struct Request {
    RequestHead head;
    std::string body;                 ///< the body, unless it was spooled
    std::filesystem::path body_file;  ///< the spooled body; deleted by the server afterwards
    std::string peer;                 ///< "unix" or "ip:port", for logs
};

/// The connection after a 101 Switching Protocols reply: raw bytes both ways (attach, exec).
class HijackedConnection {
  public:
    virtual ~HijackedConnection() = default;
    /// Reads at most buffer.size() bytes, blocking; 0 at end of stream. Throws engine::Error on failure.
    virtual std::size_t Read(std::span<char> buffer) = 0;
    /// Writes all of `data`, blocking. Throws engine::Error when the peer is gone.
    virtual void Write(std::string_view data) = 0;
    /// Half-closes the sending side (the client sees end of stream, can still send).
    virtual void CloseWrite() = 0;
};

/// The reply side of one request. Exactly one of Send, BeginStream or Hijack is called per
/// request. Methods block until the bytes are handed to the kernel. On HEAD requests bodies and
/// chunks are not sent (headers are).
class ResponseWriter {
  public:
    virtual ~ResponseWriter() = default;
    /// A complete response with Content-Length.
    virtual void Send(unsigned status, std::string_view content_type, std::string body, const Headers& extra = {}) = 0;
    /// Starts a chunked response and flushes its header.
    virtual void BeginStream(unsigned status, std::string_view content_type, const Headers& extra = {}) = 0;
    /// Sends one chunk and flushes it. False when the client has gone (the stream is then dead).
    virtual bool WriteChunk(std::string_view data) = 0;
    /// Ends a chunked response (the terminating zero chunk).
    virtual void EndStream() = 0;
    /// Replies "101 Switching Protocols" with `Connection: Upgrade` and `Upgrade: <protocol>`
    /// plus `extra`, and hands over the connection, which the server will not use again.
    virtual std::unique_ptr<HijackedConnection> Hijack(std::string_view protocol, const Headers& extra = {}) = 0;
    /// True once Send, BeginStream or Hijack was called.
    virtual bool started() const = 0;
    /// True when the client closed its side or the server is shutting down: long streams
    /// (events, logs --follow) poll this to stop without waiting for their next write.
    virtual bool Cancelled() const = 0;
};

/// Routes requests to handlers. Called from the server's connection threads concurrently.
class Dispatcher {
  public:
    virtual ~Dispatcher() = default;
    /// The body policy for a request, from its head alone.
    virtual BodyPolicy BodyPolicyFor(const RequestHead& head) const = 0;
    /// Answers a request. An exception escaping before the response started becomes a JSON 500;
    /// after it started, the connection is closed.
    virtual void Handle(Request& request, ResponseWriter& response) = 0;
};

/// Where to listen, parsed from -H/--host values: "unix:///run/berth/berthd.sock",
/// "tcp://127.0.0.1:2376", "fd://" (systemd socket activation: every passed fd) or "fd://3".
struct TlsFiles {
    std::filesystem::path ca;    ///< client certificates must chain to this CA (--tlsverify)
    std::filesystem::path cert;  ///< server certificate
    std::filesystem::path key;   ///< server key
};
struct ListenAddress {
    enum class Kind { kUnix, kTcp, kFd } kind = Kind::kUnix;
    std::filesystem::path path;  ///< kUnix
    std::string host;            ///< kTcp: "127.0.0.1", "::1", "0.0.0.0"
    unsigned port = 0;           ///< kTcp
    int fd = -1;                 ///< kFd: -1 for "every passed fd"
};

struct ServerOptions {
    /// Time a connection may sit between requests (and a request may take to send its head).
    std::chrono::milliseconds idle_timeout{std::chrono::minutes(5)};
    std::size_t max_header_bytes = 64 * 1024;
    std::size_t max_connections = 1024;
    /// UNIX socket file mode (and group id when >= 0), as Docker: 0660 root:docker.
    unsigned unix_mode = 0660;
    int unix_group = -1;
    std::filesystem::path spool_directory;  ///< where spooled bodies go
};

/// The HTTP/1.1 server: keep-alive, chunked streaming, upgrade, limits, idle timeouts, over
/// UNIX sockets, TCP and TCP+TLS (client certificates required). Thread per connection.
class Server final {
  public:
    Server(ServerOptions options, Dispatcher& dispatcher);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    /// Binds a listener now (so errors such as "address already in use" surface at start) and
    /// serves it once Start is called. A stale UNIX socket file is replaced. TLS when `tls` is set.
    /// Returns what was bound: for TCP the actual port (useful with port 0); for "fd://" the first
    /// passed fd. Throws engine::Error (kAlreadyExists when another process serves the UNIX
    /// socket, kInvalidArgument for bad addresses or TLS files, errno-based categories otherwise).
    ListenAddress Listen(const ListenAddress& address, const std::optional<TlsFiles>& tls = std::nullopt);
    /// Starts accepting on every listener; returns at once.
    void Start();
    /// Stops accepting, closes idle connections, lets in-flight requests finish for up to
    /// `grace`, then closes the rest and removes the UNIX socket files it created.
    void Stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

/// Parses a -H value: "unix:///path", "unix://" (→ `default_unix_path`), "tcp://host:port"
/// (IPv6 in brackets: "tcp://[::1]:2376"; the port is required), "fd://" (every passed fd) or
/// "fd://3". Throws engine::Error(kInvalidArgument) naming the value for anything else.
ListenAddress ParseListenAddress(std::string_view value,
                                 const std::filesystem::path& default_unix_path = "/run/berth/berthd.sock");

/// True for TCP addresses that only the local host can reach: 127.0.0.0/8, ::1 (also as
/// ::ffff:127.x.y.z) and "localhost". UNIX sockets and fds are false (they are not TCP).
bool IsLoopback(const ListenAddress& address);

/// "unix:///path", "tcp://host:port" (brackets around IPv6), "fd://3" or "fd://", for logs.
std::string ToString(const ListenAddress& address);

}  // namespace engine::http
