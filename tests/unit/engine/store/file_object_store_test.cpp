#include "engine/store/file_object_store.hpp"

#include <gtest/gtest.h>

#include "engine/base/atomic_file.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::store {
namespace {

const std::string kIdA = std::string(64, 'a');
const std::string kIdB = std::string(64, 'b');

TEST(FileObjectStore, ReopenKeepsEverything) {
    const engine::testing::TempDir dir;
    {
        FileObjectStore store(dir.path());
        store.Put(Kind::kContainer, {kIdA, "/web", R"({"x":1})"});
        store.Put(Kind::kContainer, {kIdB, "", R"({"x":2})"});
        store.Put(Kind::kImage, {kIdA, "busybox:latest", "{}"});
        store.Delete(Kind::kContainer, kIdB);
    }
    FileObjectStore store(dir.path());
    EXPECT_TRUE(store.open_report().removed_temp_files.empty());
    EXPECT_TRUE(store.open_report().skipped_records.empty());
    EXPECT_EQ(store.List(Kind::kContainer), (std::vector<Record>{{kIdA, "/web", R"({"x":1})"}}));
    EXPECT_EQ(store.Resolve(Kind::kContainer, "web"), kIdA);
    EXPECT_EQ(store.Get(Kind::kImage, kIdA).name, "busybox:latest");
    EXPECT_EQ(ReadFile(dir.path() / "containers" / (kIdA + ".json")),
              R"({"id":")" + kIdA + R"(","name":"/web","object":{"x":1}})");
}

TEST(FileObjectStore, OpenDeletesTempFilesAndSkipsBadRecords) {
    const engine::testing::TempDir dir;
    { FileObjectStore store(dir.path()); }
    const auto containers = dir.path() / "containers";
    WriteFileAtomically(containers / ".x.json.tmp-0123456789abcdef", "{");
    WriteFileAtomically(containers / (kIdA + ".json"), R"({"id":")" + kIdA + R"(","name":"web","obj)");
    WriteFileAtomically(containers / (kIdB + ".json"), R"({"id":")" + kIdA + R"(","name":"","object":{}})");
    WriteFileAtomically(containers / "notes.txt", "hello");

    const FileObjectStore store(dir.path());
    EXPECT_EQ(store.open_report().removed_temp_files,
              (std::vector<std::filesystem::path>{containers / ".x.json.tmp-0123456789abcdef"}));
    EXPECT_FALSE(std::filesystem::exists(containers / ".x.json.tmp-0123456789abcdef"));
    auto skipped = store.open_report().skipped_records;
    std::sort(skipped.begin(), skipped.end());
    ASSERT_EQ(skipped.size(), 3u);
    EXPECT_TRUE(skipped[0].starts_with((containers / (kIdA + ".json")).string() + ": [json.exception.parse_error"))
        << skipped[0];
    EXPECT_EQ(skipped[1],
              (containers / (kIdB + ".json")).string() + ": the id inside is \"" + kIdA + "\", not the file's name");
    EXPECT_EQ(skipped[2], (containers / "notes.txt").string() + ": not a record file (<64 hex id>.json)");
    EXPECT_TRUE(store.List(Kind::kContainer).empty());
}

TEST(FileObjectStore, KindsMapToStableDirectories) {
    // Every kind walked through its mappings; the numbers and names are on disk, never change.
    EXPECT_EQ(static_cast<int>(Kind::kContainer), 1);
    EXPECT_EQ(KindDirectory(Kind::kContainer), "containers");
    EXPECT_EQ(KindNoun(Kind::kContainer), "container");
    EXPECT_EQ(static_cast<int>(Kind::kNetwork), 2);
    EXPECT_EQ(KindDirectory(Kind::kNetwork), "networks");
    EXPECT_EQ(KindNoun(Kind::kNetwork), "network");
    EXPECT_EQ(static_cast<int>(Kind::kVolume), 3);
    EXPECT_EQ(KindDirectory(Kind::kVolume), "volumes");
    EXPECT_EQ(KindNoun(Kind::kVolume), "volume");
    EXPECT_EQ(static_cast<int>(Kind::kImage), 4);
    EXPECT_EQ(KindDirectory(Kind::kImage), "images");
    EXPECT_EQ(KindNoun(Kind::kImage), "image");
    const engine::testing::TempDir dir;
    const FileObjectStore store(dir.path() / "new" / "root");
    for (const Kind kind : kAllKinds) {
        EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "new" / "root" / KindDirectory(kind)));
    }
}

}  // namespace
}  // namespace engine::store
