#include "engine/runtime/monitor/attach_protocol.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::runtime {
namespace {

TEST(AttachProtocol, EncodesDockersStdcopyHeader) {
    EXPECT_EQ(EncodeFrame(FrameType::kStdout, "hi\n"), std::string("\x01\0\0\0\0\0\0\x03hi\n", 11));
    EXPECT_EQ(EncodeFrame(FrameType::kStderr, std::string(258, 'x')).substr(0, 8),
              std::string("\x02\0\0\0\0\0\x01\x02", 8));
    EXPECT_EQ(EncodeFrame(FrameType::kCloseStdin, ""), std::string("\x11\0\0\0\0\0\0\0", 8));
}

TEST(AttachProtocol, DecodesFramesFedInPieces) {
    const std::string stream = EncodeFrame(FrameType::kStdin, "abc") +
                               EncodeFrame(FrameType::kResize, EncodeResize(40, 300)) +
                               EncodeFrame(FrameType::kStart, "");
    FrameDecoder decoder;
    std::vector<Frame> frames;
    for (const char byte : stream) {
        decoder.Feed(std::string_view(&byte, 1));
        while (std::optional<Frame> frame = decoder.Next()) {
            frames.push_back(*frame);
        }
    }
    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[0].type, FrameType::kStdin);
    EXPECT_EQ(frames[0].payload, "abc");
    EXPECT_EQ(frames[1].type, FrameType::kResize);
    const auto size = DecodeResize(frames[1].payload);
    ASSERT_TRUE(size.has_value());
    EXPECT_EQ(size->first, 40);
    EXPECT_EQ(size->second, 300);
    EXPECT_EQ(frames[2].type, FrameType::kStart);
    EXPECT_EQ(frames[2].payload, "");
    EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(AttachProtocol, RefusesOversizedFrames) {
    FrameDecoder decoder;
    decoder.Feed(std::string("\x00\0\0\0\x7f\0\0\0", 8));
    try {
        decoder.Next();
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        EXPECT_STREQ(error.what(),
                     "attach frame of 2130706432 bytes exceeds the limit of 1048576: the peer does not speak the "
                     "shim's framing");
    }
}

TEST(AttachProtocol, ResizeNeedsFourBytes) {
    EXPECT_FALSE(DecodeResize("abc").has_value());
}

}  // namespace
}  // namespace engine::runtime
