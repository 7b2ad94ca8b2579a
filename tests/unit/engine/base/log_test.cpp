#include "engine/base/log.hpp"

#include <sstream>

#include <gtest/gtest.h>

namespace engine {
namespace {

std::chrono::system_clock::time_point FixedTime() {
    // 2026-11-28T06:01:16.123Z
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(1795845676123));
}

TEST(Log, LineHasTimeLevelMessageAndFields) {
    std::ostringstream out;
    Logger logger(out, LogLevel::kInfo, &FixedTime);
    logger.Info("container started", {{"id", "4f2a"}, {"name", "web 1"}, {"empty", ""}});
    logger.Error("oops");
    EXPECT_EQ(out.str(),
              "2026-11-28T06:01:16.123Z info container started id=4f2a name=\"web 1\" empty=\"\"\n"
              "2026-11-28T06:01:16.123Z error oops\n");
}

TEST(Log, QuotesAndEscapes) {
    std::ostringstream out;
    Logger logger(out, LogLevel::kDebug, &FixedTime);
    logger.Debug("m", {{"k", "a\"b\\c"}, {"eq", "x=y"}});
    EXPECT_EQ(out.str(), "2026-11-28T06:01:16.123Z debug m k=\"a\\\"b\\\\c\" eq=\"x=y\"\n");
}

TEST(Log, LevelsBelowMinimumAreDropped) {
    std::ostringstream out;
    Logger logger(out, LogLevel::kWarn, &FixedTime);
    logger.Debug("d");
    logger.Info("i");
    logger.Warn("w");
    EXPECT_EQ(out.str(), "2026-11-28T06:01:16.123Z warn w\n");
    EXPECT_EQ(LogLevelName(LogLevel::kError), "error");
}

}  // namespace
}  // namespace engine
