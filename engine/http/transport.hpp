#pragma once

// One accepted connection's byte stream: a non-blocking socket, optionally with TLS on top.
// Every wait is a poll() on the fd, so reads honour a deadline (Asio's blocking reads would
// not), another thread can wake a blocked call with Abort(), and a TLS connection can be read
// and written from two threads at once (attach/exec): OpenSSL calls are serialized by a mutex
// that is never held while waiting.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>

#include <openssl/ssl.h>

namespace engine::http::detail {

using Clock = std::chrono::steady_clock;

class Transport final {
  public:
    /// Takes ownership of `fd` (made non-blocking here); `tls` may be null for plain sockets.
    Transport(int fd, std::shared_ptr<SSL_CTX> tls);
    ~Transport();
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;

    /// Runs the TLS server handshake (no-op for plain sockets). False on failure or timeout.
    bool Handshake(Clock::time_point deadline);
    /// Reads up to `size` bytes; 0 at end of stream. `deadline` nullopt waits forever.
    /// Errors: std::errc::timed_out, connection errors.
    std::size_t ReadSome(char* data, std::size_t size, std::optional<Clock::time_point> deadline, std::error_code& ec);
    /// Writes everything or fails (EPIPE, ECONNRESET, or after Abort).
    void WriteAll(std::string_view data, std::error_code& ec);
    /// Half-closes the sending side (TLS: close_notify first).
    void ShutdownWrite();
    /// True when the peer has closed or reset its side; consumes nothing.
    bool PeerClosed() const;
    /// Wakes every blocked call on this connection and makes later ones fail: shutdown(SHUT_RDWR).
    void Abort();
    int fd() const { return fd_; }
    bool is_tls() const { return ssl_ != nullptr; }

  private:
    std::size_t ReadTls(char* data, std::size_t size, std::optional<Clock::time_point> deadline, std::error_code& ec);
    void WriteTls(std::string_view data, std::error_code& ec);
    /// Waits for `events`; false with ec set on timeout or abort.
    bool Wait(short events, std::optional<Clock::time_point> deadline, std::error_code& ec) const;

    int fd_;
    std::shared_ptr<SSL_CTX> ctx_;
    SSL* ssl_ = nullptr;
    mutable std::mutex ssl_mutex_;
    std::atomic<bool> aborted_{false};
};

}  // namespace engine::http::detail
