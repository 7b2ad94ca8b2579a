#include "engine/runtime/monitor/attach_protocol.hpp"

#include "engine/base/error.hpp"

namespace engine::runtime {

std::string EncodeFrame(FrameType type, std::string_view payload) {
    const auto length = static_cast<std::uint32_t>(payload.size());
    std::string frame(kFrameHeaderSize, '\0');
    frame[0] = static_cast<char>(type);
    frame[4] = static_cast<char>((length >> 24) & 0xFFu);
    frame[5] = static_cast<char>((length >> 16) & 0xFFu);
    frame[6] = static_cast<char>((length >> 8) & 0xFFu);
    frame[7] = static_cast<char>(length & 0xFFu);
    frame.append(payload);
    return frame;
}

std::string EncodeResize(std::uint16_t rows, std::uint16_t cols) {
    const char bytes[4] = {static_cast<char>(rows >> 8),
                           static_cast<char>(rows & 0xFFu),
                           static_cast<char>(cols >> 8),
                           static_cast<char>(cols & 0xFFu)};
    return std::string(bytes, sizeof bytes);
}

std::optional<std::pair<std::uint16_t, std::uint16_t>> DecodeResize(std::string_view payload) {
    if (payload.size() != 4) {
        return std::nullopt;
    }
    const auto byte = [&](std::size_t i) { return static_cast<std::uint16_t>(static_cast<unsigned char>(payload[i])); };
    return std::pair{static_cast<std::uint16_t>((byte(0) << 8) | byte(1)),
                     static_cast<std::uint16_t>((byte(2) << 8) | byte(3))};
}

std::optional<Frame> FrameDecoder::Next() {
    const std::string_view rest = std::string_view(buffer_).substr(consumed_);
    if (rest.size() < kFrameHeaderSize) {
        return std::nullopt;
    }
    const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(rest[i])); };
    const std::uint32_t length = (byte(4) << 24) | (byte(5) << 16) | (byte(6) << 8) | byte(7);
    if (length > kMaxFramePayload) {
        throw Error(Errc::kInvalidArgument,
                    "attach frame of " + std::to_string(length) + " bytes exceeds the limit of " +
                        std::to_string(kMaxFramePayload) + ": the peer does not speak the shim's framing");
    }
    if (rest.size() < kFrameHeaderSize + length) {
        return std::nullopt;
    }
    Frame frame{static_cast<FrameType>(rest[0]), std::string(rest.substr(kFrameHeaderSize, length))};
    consumed_ += kFrameHeaderSize + length;
    // Compact once the consumed prefix dominates, keeping Feed amortized O(n).
    if (consumed_ > 4096 && consumed_ * 2 > buffer_.size()) {
        buffer_.erase(0, consumed_);
        consumed_ = 0;
    }
    return frame;
}

}  // namespace engine::runtime
