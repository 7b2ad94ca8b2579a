#include "engine/daemon/container_routes_stream.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/daemon/container_routes_internal.hpp"

namespace engine::daemon {
namespace {

using namespace std::string_literals;

TEST(ContainerStreamTest, FramesCarryStreamAndBigEndianSize) {
    EXPECT_EQ(MultiplexedFrame(StdStream::kStdout, "hi\n"), "\x01\0\0\0\0\0\0\x03hi\n"s);
    EXPECT_EQ(MultiplexedFrame(StdStream::kStderr, std::string(0x0102, 'x')).substr(0, 8), "\x02\0\0\0\0\0\x01\x02"s);
    EXPECT_EQ(MultiplexedFrame(StdStream::kStdout, ""), "\x01\0\0\0\0\0\0\0"s);
}

TEST(ContainerStreamTest, LogEntriesAreFramedUnlessTty) {
    const runtime::LogEntry out{"stdout", 1'700'000'000'000'000'001, "hello\n"};
    const runtime::LogEntry err{"stderr", 1'700'000'000'000'000'001, "oops\n"};
    EXPECT_EQ(LogEntryBytes(out, false, false), "\x01\0\0\0\0\0\0\x06hello\n"s);
    EXPECT_EQ(LogEntryBytes(err, false, false), "\x02\0\0\0\0\0\0\x05oops\n"s);
    EXPECT_EQ(LogEntryBytes(out, true, false), "hello\n");
    // moby's RFC3339NanoFixed keeps all nine digits.
    EXPECT_EQ(LogEntryBytes(out, true, true), "2023-11-14T22:13:20.000000001Z hello\n");
    EXPECT_EQ(LogEntryBytes(out, false, true).substr(8), "2023-11-14T22:13:20.000000001Z hello\n");
}

TEST(ContainerStreamTest, LogsQueryAsMoby) {
    const LogsQuery logs =
        ParseLogsQuery(api::Query::Parse("stdout=1&stderr=0&follow=true&timestamps=1&tail=5&since=1700000000.5"));
    EXPECT_TRUE(logs.want_stdout);
    EXPECT_FALSE(logs.want_stderr);
    EXPECT_TRUE(logs.follow);
    EXPECT_TRUE(logs.read.follow);
    EXPECT_TRUE(logs.timestamps);
    EXPECT_EQ(logs.read.tail, 5u);
    EXPECT_EQ(logs.read.since_nanos, 1'700'000'000'500'000'000);
    EXPECT_EQ(logs.read.until_nanos, 0);
    EXPECT_EQ(ParseLogsQuery(api::Query::Parse("stdout=1&tail=all")).read.tail, std::nullopt);
    EXPECT_EQ(ParseLogsQuery(api::Query::Parse("stdout=1&tail=-1")).read.tail, std::nullopt);
    EXPECT_EQ(ParseLogsQuery(api::Query::Parse("stdout=1&tail=x")).read.tail, std::nullopt);
    try {
        ParseLogsQuery(api::Query::Parse("follow=1"));
        FAIL() << "no stream accepted";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        EXPECT_STREQ(error.what(), "Bad parameters: you must choose at least one stream");
    }
    EXPECT_THROW(ParseLogsQuery(api::Query::Parse("stdout=1&since=yesterday")), Error);
}

TEST(ContainerStreamTest, DetachKeysTypedOneByOneDetach) {
    DetachKeyScanner scanner("\x10\x11");
    EXPECT_EQ(scanner.Feed("ls\n").forward, "ls\n");
    DetachKeyScanner::Result first = scanner.Feed("\x10");
    EXPECT_EQ(first.forward, "");
    EXPECT_FALSE(first.detached);
    const DetachKeyScanner::Result second = scanner.Feed("\x11");
    EXPECT_TRUE(second.detached);
    EXPECT_EQ(second.forward, "");
}

TEST(ContainerStreamTest, BrokenOrPipedKeySequencesPassThrough) {
    DetachKeyScanner scanner("\x10\x11");
    EXPECT_EQ(scanner.Feed("\x10").forward, "");
    const DetachKeyScanner::Result broken = scanner.Feed("a");
    EXPECT_FALSE(broken.detached);
    EXPECT_EQ(broken.forward,
              "\x10"
              "a");
    // Both keys in one read are data (moby looks at single-byte reads only).
    const DetachKeyScanner::Result piped = scanner.Feed("\x10\x11");
    EXPECT_FALSE(piped.detached);
    EXPECT_EQ(piped.forward, "\x10\x11");
    DetachKeyScanner none("");
    EXPECT_EQ(none.Feed("\x10").forward, "\x10");
}

TEST(ContainerStreamTest, DetachKeyBytesDefaultAndErrors) {
    EXPECT_EQ(DetachKeyBytes(""), "\x10\x11");
    EXPECT_EQ(DetachKeyBytes("ctrl-a,x"), "\x01x");
    try {
        DetachKeyBytes("ctrl-");
        FAIL() << "bad keys accepted";
    } catch (const Error& error) {
        EXPECT_STREQ(error.what(), "Invalid detach keys (ctrl-) provided");
    }
}

TEST(ContainerStreamTest, MediaTypeFollowsVersionAndTty) {
    EXPECT_EQ(StreamMediaType(api::ApiVersion(1, 41), false), "application/vnd.docker.raw-stream");
    EXPECT_EQ(StreamMediaType(api::ApiVersion(1, 42), false), "application/vnd.docker.multiplexed-stream");
    EXPECT_EQ(StreamMediaType(api::ApiVersion(1, 42), true), "application/vnd.docker.raw-stream");
}

TEST(ContainerStreamTest, TtySizesAreAtoiChecked) {
    EXPECT_EQ(ParseTtySize("24"), 24);
    EXPECT_EQ(ParseTtySize("+80"), 80);
    try {
        ParseTtySize("");
        FAIL() << "empty size accepted";
    } catch (const Error& error) {
        EXPECT_STREQ(error.what(), "strconv.Atoi: parsing \"\": invalid syntax");
    }
    EXPECT_THROW(ParseTtySize("12x"), Error);
    EXPECT_THROW(ParseTtySize("-1"), Error);
    EXPECT_THROW(ParseTtySize("70000"), Error);
}

}  // namespace
}  // namespace engine::daemon
