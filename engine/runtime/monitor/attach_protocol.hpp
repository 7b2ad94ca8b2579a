#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace engine::runtime {

/// The framing spoken on a shim's attach.sock (UNIX stream socket), both ways:
///
///   [type: u8][0][0][0][length: u32 big-endian][payload: length bytes]
///
/// This is Docker's stdcopy header, so stdout/stderr frames can be forwarded unchanged to a
/// client of the multiplexed stream (non-tty attach); for a tty the daemon strips headers.
/// Types 0-2 are Docker's streams; the shim's own control frames use 0x10 and up.
///
/// shim → client: kStdout, kStderr (a tty container's output is all kStdout), kStartResult
///   (answer to kStart: empty payload on success, else the runtime's error), and kExit
///   (payload: the exit.json text) as the last frame before the shim closes the socket.
/// client → shim: kStdin (bytes for the container's stdin), kCloseStdin (close the
///   container's stdin: the daemon sends it on a client's stdin EOF when StdinOnce is set),
///   kResize (payload: rows, cols as two u16 big-endian; tty only), kStart (run the runtime
///   `start` of a container spawned with ShimOptions::start_gate).
/// A client disconnecting is a detach. With stdin_once, when a client that has sent stdin
/// detaches, the container's stdin is closed too. Every client gets all output from the
/// moment it connected (no replay: `docker logs` reads the json log for that).
enum class FrameType : std::uint8_t {
    kStdin = 0,
    kStdout = 1,
    kStderr = 2,
    kExit = 0x10,
    kCloseStdin = 0x11,
    kResize = 0x12,
    kStart = 0x13,
    kStartResult = 0x14,
};

inline constexpr std::size_t kFrameHeaderSize = 8;
/// Larger payloads are refused as a protocol error (a stray client, not ours).
inline constexpr std::uint32_t kMaxFramePayload = 1 << 20;

struct Frame {
    FrameType type = FrameType::kStdout;
    std::string payload;
};

/// Header and payload of one frame.
std::string EncodeFrame(FrameType type, std::string_view payload);

/// A kResize payload.
std::string EncodeResize(std::uint16_t rows, std::uint16_t cols);

/// Rows and columns of a kResize payload; nullopt unless it is 4 bytes.
std::optional<std::pair<std::uint16_t, std::uint16_t>> DecodeResize(std::string_view payload);

/// Reassembles frames from a byte stream read in arbitrary pieces.
class FrameDecoder final {
  public:
    /// Adds received bytes.
    void Feed(std::string_view bytes) { buffer_.append(bytes); }
    /// The next complete frame, or nullopt until more bytes arrive. Throws
    /// Error(kInvalidArgument) when a header announces more than kMaxFramePayload.
    std::optional<Frame> Next();
    /// Bytes received but not yet returned as frames.
    std::size_t buffered() const { return buffer_.size() - consumed_; }

  private:
    std::string buffer_;
    std::size_t consumed_ = 0;
};

}  // namespace engine::runtime
