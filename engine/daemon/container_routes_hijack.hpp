#pragma once

// One hijacked attach or exec connection: the client's bytes go to the process's stdin, the
// shim's output frames come back framed as the client expects. Shared by POST
// /containers/{id}/attach and POST /exec/{id}/start.

#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "engine/http/server.hpp"
#include "engine/runtime/monitor/attach_client.hpp"

namespace engine::daemon {

/// Which streams a session carries and how.
struct HijackStreams {
    bool tty = false;            ///< raw output (no frame headers); the shim sends a TTY's output as stdout
    bool forward_stdin = false;  ///< the client's bytes go to the process (else they are read and dropped)
    bool want_stdout = true;
    bool want_stderr = true;
    /// On the client's half-close, close the process's stdin (a container's StdinOnce; always
    /// for an exec, as moby does).
    bool close_stdin_on_eof = false;
    /// Typed one key per read, these bytes end the session (see DetachKeyScanner); "" for none.
    std::string detach_keys;
};

/// How Pump ended.
enum class PumpEnd {
    kExited,      ///< the shim sent the exit frame or closed the socket
    kClientGone,  ///< the client's connection broke, or it detached with the keys
};

/// A hijacked connection in use. The client side is read on a thread of its own from the
/// start: clients send stdin (and half-close) before the process runs, so it is buffered
/// until Connect. The destructor half-closes the connection (the client sees the end of the
/// output) and waits briefly for the client to close; a client that keeps its side open
/// leaves the reader thread behind, owning only the connection, until it does.
class HijackSession final {
  public:
    HijackSession(std::unique_ptr<http::HijackedConnection> connection, HijackStreams streams);
    ~HijackSession();
    HijackSession(const HijackSession&) = delete;
    HijackSession& operator=(const HijackSession&) = delete;

    /// True once the client's connection broke or it typed the detach keys: nothing it says
    /// will reach the process any more. Before the process runs this is the only way to tell
    /// that nobody waits for it (a client's half-close is no such sign).
    bool ClientGone() const;

    /// Sends `payload` of the shim's stream `type` (kStdout or kStderr) to the client, if the
    /// session carries that stream. False when the client has gone.
    bool WriteOutput(runtime::FrameType type, std::string_view payload);

    /// Sends bytes as they are, unframed: log replay already framed, or an error text.
    bool WriteRaw(std::string_view bytes);

    /// From now on the client's stdin goes to `client`; what was buffered is sent first, then
    /// a pending close. `client` must stay alive until Disconnect (or the destructor).
    void Connect(runtime::AttachClient& client);
    void Disconnect();

    /// Forwards the shim's output frames from `client` until the process exits, the shim
    /// closes, or the client goes.
    PumpEnd Pump(runtime::AttachClient& client);

  private:
    struct Shared;
    std::shared_ptr<Shared> shared_;
    std::thread reader_;
};

}  // namespace engine::daemon
