#pragma once

// One connection's request loop, shared by the Server's connection threads and the fuzzer.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "engine/http/server.hpp"
#include "engine/http/transport.hpp"

namespace engine::http::detail {

/// What the server and the connection thread share about one connection.
class ConnectionState final {
  public:
    ConnectionState(std::shared_ptr<Transport> transport, const std::atomic<bool>& stopping)
        : transport_(std::move(transport)), stopping_(stopping) {}

    /// Marks the connection as waiting for a request head; false when the server is stopping
    /// (the connection should close instead).
    bool EnterIdle();
    void LeaveIdle();
    /// Stop: closes the connection now if it is waiting for a request.
    void AbortIfIdle();
    /// Stop after the grace period: closes the connection whatever it is doing.
    void Abort() { transport_->Abort(); }

    const std::shared_ptr<Transport>& transport() const { return transport_; }
    const std::atomic<bool>& stopping() const { return stopping_; }

  private:
    std::shared_ptr<Transport> transport_;
    const std::atomic<bool>& stopping_;
    std::mutex mutex_;
    bool idle_ = false;
};

/// Serves requests on the connection until it closes, times out, fails, is hijacked or the
/// server stops. Never throws. `peer` is "unix" or "ip:port" for Request::peer.
void ServeConnection(ConnectionState& state,
                     const std::string& peer,
                     const ServerOptions& options,
                     Dispatcher& dispatcher);

/// The same over a connected plain socket `fd` (owned and closed here), without a Server: for the
/// fuzzer and tests.
void ServeConnection(int fd, const ServerOptions& options, Dispatcher& dispatcher);

}  // namespace engine::http::detail
