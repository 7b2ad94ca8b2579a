#include "engine/base/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine {
namespace {

std::size_t CountEntries(const std::filesystem::path& directory) {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) {
        ++count;
    }
    return count;
}

TEST(AtomicFile, WriteCreatesThenReplacesContentAndLeavesNoTempFile) {
    const testing::TempDir dir;
    const auto path = dir.path() / "record.json";
    WriteFileAtomically(path, "first");
    EXPECT_EQ(ReadFile(path), "first");
    WriteFileAtomically(path, "second, longer");
    EXPECT_EQ(ReadFile(path), "second, longer");
    EXPECT_EQ(CountEntries(dir.path()), 1u);
}

TEST(AtomicFile, ModeIsExactDespiteUmask) {
    const testing::TempDir dir;
    const auto path = dir.path() / "secret";
    WriteFileAtomically(path, "x", 0640);
    struct stat info {};
    ASSERT_EQ(stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0640u);
}

TEST(AtomicFile, FailedWriteThrowsWithContextAndLeavesNoTempFile) {
    const testing::TempDir dir;
    const auto path = dir.path() / "missing" / "x";
    try {
        WriteFileAtomically(path, "x");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kNotFound);
        EXPECT_EQ(std::string(e.what()).rfind("create " + (dir.path() / "missing" / ".x.tmp-").string(), 0), 0u)
            << e.what();
        EXPECT_TRUE(std::string(e.what()).ends_with(": No such file or directory")) << e.what();
    }
    // Rename onto a directory fails after the temp file exists: it must be cleaned up.
    std::filesystem::create_directory(dir.path() / "target");
    std::filesystem::create_directory(dir.path() / "target" / "sub");
    EXPECT_THROW(WriteFileAtomically(dir.path() / "target", "x"), Error);
    EXPECT_EQ(CountEntries(dir.path()), 1u);  // "target" only: "missing" was never created
}

TEST(AtomicFile, ReadMissingFileIsNotFound) {
    try {
        ReadFile("/nonexistent/berth/x");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kNotFound);
        EXPECT_STREQ(e.what(), "open /nonexistent/berth/x: No such file or directory");
    }
}

TEST(AtomicFile, RemoveFileDurablyRemovesAndReportsMissing) {
    const testing::TempDir dir;
    const auto path = dir.path() / "a";
    WriteFileAtomically(path, "x");
    RemoveFileDurably(path);
    EXPECT_FALSE(std::filesystem::exists(path));
    try {
        RemoveFileDurably(path);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kNotFound);
        EXPECT_EQ(std::string(e.what()), "remove " + path.string() + ": No such file or directory");
    }
}

TEST(AtomicFile, TempFileNamesAreRecognized) {
    EXPECT_TRUE(IsTempFileName(".record.json.tmp-0123456789abcdef"));
    EXPECT_FALSE(IsTempFileName("record.json"));
    EXPECT_FALSE(IsTempFileName(".record.json.tmp-0123"));
    EXPECT_FALSE(IsTempFileName("record.json.tmp-0123456789abcdef"));
    EXPECT_FALSE(IsTempFileName(".record.json.tmp-0123456789ABCDEF"));
}

}  // namespace
}  // namespace engine
