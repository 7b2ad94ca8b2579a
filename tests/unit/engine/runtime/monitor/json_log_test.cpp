#include "engine/runtime/monitor/json_log.hpp"

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::runtime {
namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
// 2026-11-28T14:00:00Z
constexpr std::int64_t kBase = 1'795'874'400LL * kSecond;

std::vector<LogEntry> ReadAll(const std::filesystem::path& path, const LogReadOptions& options = {}) {
    std::vector<LogEntry> entries;
    ReadJsonLog(path, options, [&](const LogEntry& entry) {
        entries.push_back(entry);
        return true;
    });
    return entries;
}

std::vector<std::string> Texts(const std::vector<LogEntry>& entries) {
    std::vector<std::string> texts;
    for (const LogEntry& entry : entries) {
        texts.push_back(entry.text);
    }
    return texts;
}

TEST(JsonLogFormat, WritesDockersLineShape) {
    EXPECT_EQ(FormatJsonLogLine("stdout", "hello\n", kBase + 123456789),
              "{\"log\":\"hello\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-28T14:00:00.123456789Z\"}\n");
    // Nine digits always, as moby's RFC3339NanoFixed.
    EXPECT_EQ(FormatRfc3339Nano(kBase), "2026-11-28T14:00:00.000000000Z");
}

TEST(JsonLogFormat, EscapesLikeMoby) {
    EXPECT_EQ(FormatJsonLogLine("stderr", "a<b>&\"\\\t\r\x01\xff\xe2\x80\xa8\xc3\xa9", kBase),
              "{\"log\":\"a\\u003cb\\u003e\\u0026\\\"\\\\\\t\\r\\u0001\\ufffd\\u2028\xc3\xa9\",\"stream\":\"stderr\","
              "\"time\":\"2026-11-28T14:00:00.000000000Z\"}\n");
}

TEST(JsonLogFormat, ParsesRfc3339Forms) {
    EXPECT_EQ(ParseRfc3339Nano("2026-11-28T14:00:00.123456789Z"), kBase + 123456789);
    EXPECT_EQ(ParseRfc3339Nano("2026-11-28T14:00:00Z"), kBase);
    EXPECT_EQ(ParseRfc3339Nano("2026-11-28T14:00:00.5Z"), kBase + kSecond / 2);
    EXPECT_EQ(ParseRfc3339Nano("2026-11-28T15:00:00+01:00"), kBase);
    try {
        ParseRfc3339Nano("yesterday");
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        EXPECT_STREQ(error.what(), "invalid timestamp \"yesterday\": expected RFC 3339 like 2026-11-28T14:00:00Z");
    }
}

TEST(LogLineSplitter, SplitsLinesAndLongLinesAt16KiB) {
    LogLineSplitter splitter;
    std::vector<std::string> messages;
    const auto emit = [&](std::string_view message) { messages.emplace_back(message); };
    splitter.Feed("one\ntw", emit);
    splitter.Feed("o\n" + std::string(40000, 'x') + "\nlast", emit);
    ASSERT_EQ(messages.size(), 5u);
    EXPECT_EQ(messages[0], "one\n");
    EXPECT_EQ(messages[1], "two\n");
    EXPECT_EQ(messages[2], std::string(16384, 'x'));
    EXPECT_EQ(messages[3], std::string(16384, 'x'));
    EXPECT_EQ(messages[4], std::string(40000 - 2 * 16384, 'x') + "\n");
    splitter.Flush(emit);
    ASSERT_EQ(messages.size(), 6u);
    EXPECT_EQ(messages[5], "last");
}

TEST(JsonLogWriter, RotatesByMaxSizeKeepingMaxFiles) {
    testing::TempDir dir;
    const std::filesystem::path log = dir.path() / "c-json.log";
    JsonLogWriter writer({log, 300, 3});
    for (int i = 0; i < 30; ++i) {
        writer.Write("stdout", "line " + std::to_string(i) + "\n", kBase + i * kSecond);
    }
    EXPECT_TRUE(std::filesystem::exists(log));
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "c-json.log.1"));
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "c-json.log.2"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "c-json.log.3"));
    const std::uintmax_t line_size = FormatJsonLogLine("stdout", "line 10\n", kBase).size();
    for (const char* name : {"c-json.log.1", "c-json.log.2"}) {
        // Docker rotates once a file holds max-size or more, so one entry may overshoot.
        EXPECT_GE(std::filesystem::file_size(dir.path() / name), 300u);
        EXPECT_LT(std::filesystem::file_size(dir.path() / name), 300u + line_size);
    }
    // The newest entries survive, in order, across the three files.
    const std::vector<LogEntry> entries = ReadAll(log);
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries.back().text, "line 29\n");
    for (std::size_t i = 1; i < entries.size(); ++i) {
        EXPECT_LT(entries[i - 1].time_nanos, entries[i].time_nanos);
    }
}

TEST(JsonLogWriter, TruncatesWithOneFile) {
    testing::TempDir dir;
    const std::filesystem::path log = dir.path() / "c-json.log";
    JsonLogWriter writer({log, 100, 1});
    for (int i = 0; i < 10; ++i) {
        writer.Write("stdout", "line " + std::to_string(i) + "\n", kBase);
    }
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "c-json.log.1"));
    EXPECT_LT(std::filesystem::file_size(log), 200u);
    EXPECT_EQ(Texts(ReadAll(log)).back(), "line 9\n");
}

class JsonLogReaderTest : public ::testing::Test {
  protected:
    // Entries 0..8 at kBase + i seconds, three per file: .2 has 0-2, .1 has 3-5, current 6-8.
    void SetUp() override {
        for (int file = 0; file < 3; ++file) {
            std::string content;
            for (int i = file * 3; i < file * 3 + 3; ++i) {
                content += FormatJsonLogLine(
                    i % 2 == 0 ? "stdout" : "stderr", "entry " + std::to_string(i) + "\n", kBase + i * kSecond);
            }
            const std::string suffix = file == 2 ? "" : "." + std::to_string(2 - file);
            WriteFileAtomically(log_.string() + suffix, content);
        }
    }

    testing::TempDir dir_;
    std::filesystem::path log_ = dir_.path() / "c-json.log";
};

TEST_F(JsonLogReaderTest, ReadsAllFilesOldestFirstWithStreams) {
    const std::vector<LogEntry> entries = ReadAll(log_);
    ASSERT_EQ(entries.size(), 9u);
    for (int i = 0; i < 9; ++i) {
        EXPECT_EQ(entries[i].text, "entry " + std::to_string(i) + "\n");
        EXPECT_EQ(entries[i].stream, i % 2 == 0 ? "stdout" : "stderr");
        EXPECT_EQ(entries[i].time_nanos, kBase + i * kSecond);
    }
}

TEST_F(JsonLogReaderTest, TailsAcrossRotatedFiles) {
    LogReadOptions options;
    options.tail = 5;
    EXPECT_EQ(Texts(ReadAll(log_, options)),
              (std::vector<std::string>{"entry 4\n", "entry 5\n", "entry 6\n", "entry 7\n", "entry 8\n"}));
    options.tail = 0;
    EXPECT_TRUE(ReadAll(log_, options).empty());
    options.tail = 100;
    EXPECT_EQ(ReadAll(log_, options).size(), 9u);
}

TEST_F(JsonLogReaderTest, FiltersBySinceAndUntil) {
    LogReadOptions options;
    options.since_nanos = kBase + 2 * kSecond;
    options.until_nanos = kBase + 4 * kSecond;
    EXPECT_EQ(Texts(ReadAll(log_, options)), (std::vector<std::string>{"entry 2\n", "entry 3\n", "entry 4\n"}));
}

TEST_F(JsonLogReaderTest, SkipsAPartialLastLineAndGarbage) {
    std::ofstream(log_, std::ios::app) << "not json\n" << FormatJsonLogLine("stdout", "torn\n", kBase).substr(0, 20);
    const std::vector<LogEntry> entries = ReadAll(log_);
    ASSERT_EQ(entries.size(), 9u);
    EXPECT_EQ(entries.back().text, "entry 8\n");
}

TEST_F(JsonLogReaderTest, MissingLogIsEmpty) {
    EXPECT_TRUE(ReadAll(dir_.path() / "none-json.log").empty());
}

TEST(JsonLogFollow, FollowsNewEntriesAcrossRotation) {
    testing::TempDir dir;
    const std::filesystem::path log = dir.path() / "c-json.log";
    // Small files so the 20 entries rotate several times, and enough of them kept that a
    // reader slowed down by a loaded machine cannot fall a whole window behind (entries
    // rotated out before it reads them are lost, as with Docker).
    JsonLogWriter writer({log, 250, 40});
    writer.Write("stdout", "before\n", kBase);
    std::atomic<bool> written{false};
    std::thread producer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        for (int i = 0; i < 20; ++i) {
            writer.Write("stdout", "after " + std::to_string(i) + "\n", kBase + (i + 1) * kSecond);
            std::this_thread::sleep_for(std::chrono::milliseconds(i % 5 == 0 ? 30 : 1));
        }
        written = true;
    });
    LogReadOptions options;
    options.follow = true;
    options.tail = 1;
    options.poll_interval = std::chrono::milliseconds(5);
    std::vector<std::string> texts;
    ReadJsonLog(
        log,
        options,
        [&](const LogEntry& entry) {
            texts.push_back(entry.text);
            return true;
        },
        [&] { return written.load(); });
    producer.join();
    ASSERT_EQ(texts.size(), 21u) << ::testing::PrintToString(texts);
    EXPECT_EQ(texts.front(), "before\n");
    for (int i = 0; i < 20; ++i) {
        EXPECT_EQ(texts[i + 1], "after " + std::to_string(i) + "\n");
    }
}

TEST(JsonLogFollow, SinkCanEndTheFollow) {
    testing::TempDir dir;
    const std::filesystem::path log = dir.path() / "c-json.log";
    JsonLogWriter({log, 0, 1}).Write("stdout", "only\n", kBase);
    LogReadOptions options;
    options.follow = true;
    int seen = 0;
    ReadJsonLog(log, options, [&](const LogEntry&) { return ++seen < 1; });
    EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace engine::runtime
