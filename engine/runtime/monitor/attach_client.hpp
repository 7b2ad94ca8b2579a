#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "engine/runtime/monitor/attach_protocol.hpp"
#include "engine/runtime/monitor/unique_fd.hpp"

namespace engine::runtime {

/// A connection to a shim's attach.sock speaking attach_protocol.hpp. Blocking; one thread at
/// a time (a reader and a writer may share it: reads and writes are separate syscalls on a
/// full-duplex socket). The daemon may also hand fd() to its own event loop.
class AttachClient final {
  public:
    /// Connects to <state_dir>/attach.sock. Throws Error(kUnavailable) when no shim listens
    /// there (the container is not running).
    static AttachClient Connect(const std::filesystem::path& state_dir);

    int fd() const { return fd_.get(); }

    /// Bytes for the container's stdin (sent as kStdin frames of at most kMaxFramePayload).
    void SendStdin(std::string_view bytes);
    /// Asks the shim to close the container's stdin.
    void CloseStdin();
    /// Sets the tty size.
    void Resize(std::uint16_t rows, std::uint16_t cols);
    /// Any frame; throws Error on a broken connection.
    void Send(FrameType type, std::string_view payload);

    /// The next frame from the shim; nullopt when the shim closed the connection (after
    /// kExit, or because it died). Throws Error(kUnavailable) when nothing complete arrived
    /// within `timeout` (forever when nullopt).
    std::optional<Frame> ReadFrame(std::optional<std::chrono::milliseconds> timeout = std::nullopt);

  private:
    explicit AttachClient(UniqueFd fd) : fd_(std::move(fd)) {}

    UniqueFd fd_;
    FrameDecoder decoder_;
};

}  // namespace engine::runtime
