// Human sizes and durations as go-units prints them, docker's id and text shortening, the table
// alignment of Go's tabwriter with docker's settings, and --since/--until parsing.
#include "engine/cli/units.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "engine/cli/command_context.hpp"
#include "engine/cli/tab_writer.hpp"
#include "engine/cli/timestamp.hpp"

namespace engine::cli {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(UnitsTest, HumanSizeWithPrecisionMatchesGoUnits) {
    EXPECT_EQ(HumanSizeWithPrecision(0, 3), "0B");
    EXPECT_EQ(HumanSizeWithPrecision(999, 3), "999B");
    EXPECT_EQ(HumanSizeWithPrecision(1000, 3), "1kB");
    EXPECT_EQ(HumanSizeWithPrecision(4270000, 3), "4.27MB");
    EXPECT_EQ(HumanSizeWithPrecision(4275000, 3), "4.28MB");
    EXPECT_EQ(HumanSizeWithPrecision(123456789, 3), "123MB");
    EXPECT_EQ(HumanSizeWithPrecision(999500, 3), "1e+03kB");  // Go's %.3g quirk, kept
    EXPECT_EQ(HumanSize(1234567), "1.235MB");
    EXPECT_EQ(BytesSize(16e9), "14.9GiB");
    EXPECT_EQ(BytesSize(1024), "1KiB");
}

TEST(UnitsTest, HumanDurationMatchesGoUnits) {
    EXPECT_EQ(HumanDuration(milliseconds(500)), "Less than a second");
    EXPECT_EQ(HumanDuration(seconds(1)), "1 second");
    EXPECT_EQ(HumanDuration(seconds(59)), "59 seconds");
    EXPECT_EQ(HumanDuration(seconds(60)), "About a minute");
    EXPECT_EQ(HumanDuration(seconds(119)), "About a minute");
    EXPECT_EQ(HumanDuration(minutes(2)), "2 minutes");
    EXPECT_EQ(HumanDuration(minutes(59)), "59 minutes");
    EXPECT_EQ(HumanDuration(minutes(60)), "About an hour");
    EXPECT_EQ(HumanDuration(minutes(89)), "About an hour");
    EXPECT_EQ(HumanDuration(minutes(90)), "2 hours");
    EXPECT_EQ(HumanDuration(hours(47)), "47 hours");
    EXPECT_EQ(HumanDuration(hours(48)), "2 days");
    EXPECT_EQ(HumanDuration(hours(24 * 13)), "13 days");
    EXPECT_EQ(HumanDuration(hours(24 * 14)), "2 weeks");
    EXPECT_EQ(HumanDuration(hours(24 * 59)), "8 weeks");
    EXPECT_EQ(HumanDuration(hours(24 * 60)), "2 months");
    EXPECT_EQ(HumanDuration(hours(24 * 729)), "24 months");
    EXPECT_EQ(HumanDuration(hours(24 * 730)), "2 years");
}

TEST(UnitsTest, CreatedSinceCountsFromNow) {
    const auto now = std::chrono::system_clock::time_point(seconds(1'700'000'000));
    EXPECT_EQ(CreatedSince(1'700'000'000 - 2 * 86400, now), "2 days ago");
    EXPECT_EQ(CreatedSince(1'700'000'000 - 3600, now), "About an hour ago");
}

TEST(UnitsTest, TruncateIdAndEllipsis) {
    EXPECT_EQ(TruncateId("sha256:0123456789abcdef0123"), "0123456789ab");
    EXPECT_EQ(TruncateId("<missing>"), "<missing>");
    EXPECT_EQ(Ellipsis("short", 45), "short");
    EXPECT_EQ(Ellipsis(std::string(46, 'a'), 45), std::string(44, 'a') + "…");
    EXPECT_EQ(Ellipsis("héllo", 4), "hél…");
    EXPECT_EQ(Ellipsis("héllo", 1), "h");
}

TEST(TabWriterTest, PadsColumnsToWidestCellPlusThreeAtLeastTen) {
    TabWriter writer;
    writer.Write("REPOSITORY\tTAG\tSIZE\nbusybox\tlatest\t4.27MB\nlocalhost:5000/my-app\t1\t1kB\n");
    std::ostringstream out;
    writer.Flush(out);
    EXPECT_EQ(out.str(),
              "REPOSITORY              TAG       SIZE\n"
              "busybox                 latest    4.27MB\n"
              "localhost:5000/my-app   1         1kB\n");
}

TEST(TabWriterTest, CountsCodePointsAndHonoursSettings) {
    TabWriter writer(0, 1);
    writer.Write(" Version:\t1\n Debug Mode:\tfalse\né\tx\n");
    std::ostringstream out;
    writer.Flush(out);
    EXPECT_EQ(out.str(), " Version:    1\n Debug Mode: false\né            x\n");
}

TEST(TimestampTest, DurationsDatesAndUnixTimes) {
    const auto now = std::chrono::system_clock::time_point(seconds(1'700'000'000));
    EXPECT_EQ(GetTimestamp("10m", now), "1699999400");
    EXPECT_EQ(GetTimestamp("1h30m", now), "1699994600");
    EXPECT_EQ(GetTimestamp("1700000000", now), "1700000000");
    EXPECT_EQ(GetTimestamp("1700000000.5", now), "1700000000.5");
    EXPECT_EQ(GetTimestamp("2023-11-14T22:13:20Z", now), "1700000000.000000000");
    EXPECT_EQ(GetTimestamp("2023-11-14T23:13:20.25+01:00", now), "1700000000.250000000");
    try {
        GetTimestamp("yesterday", now);
        FAIL();
    } catch (const ExitError& error) {
        EXPECT_STREQ(error.what(), "failed to parse value as time or duration: \"yesterday\"");
    }
}

}  // namespace
}  // namespace engine::cli
