#include "engine/daemon/container_routes_hijack.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "engine/base/error.hpp"
#include "engine/daemon/container_routes_stream.hpp"

namespace engine::daemon {

namespace {

// How long a pump waits for a frame before it looks at the client again.
constexpr std::chrono::milliseconds kPumpPoll{200};
// How long the destructor waits for the client to close after the output ended: the docker
// CLI closes at once; a client that keeps the socket open gets its reader left behind.
constexpr std::chrono::seconds kCloseGrace{2};

}  // namespace

// Everything the reader thread touches, kept alive by it for as long as it runs, so the
// handler may return (and the shim connection go away) while a client keeps its side open.
struct HijackSession::Shared {
    Shared(std::unique_ptr<http::HijackedConnection> connection_in, HijackStreams streams_in)
        : connection(std::move(connection_in)), streams(std::move(streams_in)), scanner(streams.detach_keys) {}

    // Read by the reader thread only; written by the handler thread only (full duplex).
    std::unique_ptr<http::HijackedConnection> connection;
    const HijackStreams streams;

    DetachKeyScanner scanner;  // reader thread only
    // Flags the pump polls; atomics, so a stdin write stuck on a busy shim never blocks it.
    std::atomic<bool> client_failed{false};
    std::atomic<bool> detached{false};

    // Guards the stdin side: the shim connection and what waits for it.
    std::mutex mutex;
    runtime::AttachClient* client = nullptr;  // the shim, once connected
    std::string pending_stdin;                // client bytes that came before the shim did
    bool client_eof = false;

    std::mutex done_mutex;
    std::condition_variable reader_done_changed;
    bool reader_done = false;

    // Under `mutex`: sends stdin bytes, or keeps them until Connect.
    void ForwardLocked(std::string_view bytes) {
        if (bytes.empty()) {
            return;
        }
        if (client == nullptr) {
            pending_stdin.append(bytes);
            return;
        }
        try {
            client->SendStdin(bytes);
        } catch (const Error&) {
            // The process has gone; its exit frame ends the pump.
        }
    }

    // Under `mutex`: the client half-closed; the process's stdin closes too when asked.
    void CloseStdinLocked() {
        if (client == nullptr || !streams.forward_stdin || !streams.close_stdin_on_eof) {
            return;
        }
        try {
            client->CloseStdin();
        } catch (const Error&) {
            // As above: the process is gone.
        }
    }

    void ReadClient() {
        std::array<char, 32 * 1024> buffer{};
        for (;;) {
            std::size_t count = 0;
            try {
                count = connection->Read(buffer);
            } catch (const std::exception&) {
                client_failed = true;
                break;
            }
            std::lock_guard lock(mutex);
            if (count == 0) {
                client_eof = true;
                CloseStdinLocked();
                break;
            }
            if (!streams.forward_stdin) {
                continue;  // moby does not read a stdin it does not attach: drop it
            }
            const DetachKeyScanner::Result scanned = scanner.Feed(std::string_view(buffer.data(), count));
            ForwardLocked(scanned.forward);
            if (scanned.detached) {
                detached = true;
                break;
            }
        }
        std::lock_guard lock(done_mutex);
        reader_done = true;
        reader_done_changed.notify_all();
    }
};

HijackSession::HijackSession(std::unique_ptr<http::HijackedConnection> connection, HijackStreams streams)
    : shared_(std::make_shared<Shared>(std::move(connection), std::move(streams))) {
    reader_ = std::thread([shared = shared_] { shared->ReadClient(); });
}

HijackSession::~HijackSession() {
    Disconnect();
    try {
        shared_->connection->CloseWrite();
    } catch (const std::exception&) {
        // The client is gone already.
    }
    std::unique_lock lock(shared_->done_mutex);
    const bool finished =
        shared_->reader_done_changed.wait_for(lock, kCloseGrace, [this] { return shared_->reader_done; });
    lock.unlock();
    if (finished) {
        reader_.join();
    } else {
        reader_.detach();  // it owns `shared_` (and so the connection) until the client closes
    }
}

bool HijackSession::ClientGone() const {
    return shared_->client_failed || shared_->detached;
}

bool HijackSession::WriteRaw(std::string_view bytes) {
    if (bytes.empty()) {
        return !ClientGone();
    }
    try {
        shared_->connection->Write(bytes);
        return true;
    } catch (const std::exception&) {
        shared_->client_failed = true;
        return false;
    }
}

bool HijackSession::WriteOutput(runtime::FrameType type, std::string_view payload) {
    const HijackStreams& streams = shared_->streams;
    const bool is_stderr = type == runtime::FrameType::kStderr;
    if ((is_stderr && !streams.want_stderr) || (!is_stderr && !streams.want_stdout)) {
        return !ClientGone();
    }
    if (streams.tty) {
        return WriteRaw(payload);
    }
    return WriteRaw(MultiplexedFrame(is_stderr ? StdStream::kStderr : StdStream::kStdout, payload));
}

void HijackSession::Connect(runtime::AttachClient& client) {
    std::lock_guard lock(shared_->mutex);
    shared_->client = &client;
    const std::string pending = std::move(shared_->pending_stdin);
    shared_->pending_stdin.clear();
    shared_->ForwardLocked(pending);
    if (shared_->client_eof) {
        shared_->CloseStdinLocked();
    }
}

void HijackSession::Disconnect() {
    std::lock_guard lock(shared_->mutex);
    shared_->client = nullptr;
}

PumpEnd HijackSession::Pump(runtime::AttachClient& client) {
    for (;;) {
        if (ClientGone()) {
            return PumpEnd::kClientGone;
        }
        std::optional<runtime::Frame> frame;
        try {
            frame = client.ReadFrame(kPumpPoll);
        } catch (const Error& error) {
            if (error.code() == Errc::kUnavailable) {
                continue;  // nothing within the poll interval
            }
            return PumpEnd::kExited;  // the shim's socket broke: the process is gone with it
        }
        if (!frame) {
            return PumpEnd::kExited;
        }
        switch (frame->type) {
            case runtime::FrameType::kStdout:
            case runtime::FrameType::kStderr:
                if (!WriteOutput(frame->type, frame->payload)) {
                    return PumpEnd::kClientGone;
                }
                break;
            case runtime::FrameType::kExit:
                return PumpEnd::kExited;
            default:
                break;  // start results and the like are the manager's business
        }
    }
}

}  // namespace engine::daemon
