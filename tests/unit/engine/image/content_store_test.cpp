#include <fstream>

#include "engine/base/atomic_file.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/image/content_store_conformance.hpp"

namespace engine::image::testing {
namespace {

namespace fs = std::filesystem;

class MemoryUnderTest final : public ContentStoreUnderTest {
  public:
    ContentStore& store() override { return store_; }

  private:
    MemoryContentStore store_;
};

class FileUnderTest final : public ContentStoreUnderTest {
  public:
    ContentStore& store() override { return store_; }

  private:
    engine::testing::TempDir dir_;
    FileContentStore store_{dir_.path()};
};

INSTANTIATE_TEST_SUITE_P(
    AllStores,
    ContentStoreConformance,
    ::testing::Values(ContentStoreFactory{"Memory", [] { return std::make_unique<MemoryUnderTest>(); }},
                      ContentStoreFactory{"File", [] { return std::make_unique<FileUnderTest>(); }}),
    [](const ::testing::TestParamInfo<ContentStoreFactory>& param_info) { return param_info.param.name; });

std::size_t FilesUnder(const fs::path& directory) {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : fs::recursive_directory_iterator(directory)) {
        ++count;
    }
    return count;
}

TEST(FileContentStore, BlobsLiveUnderBlobsSha256AndWrongDigestLeavesNoFile) {
    engine::testing::TempDir dir;
    FileContentStore store(dir.path());
    const fs::path source = dir.path() / "source";
    WriteFileAtomically(source, "hello\n");
    EXPECT_EQ(store.IngestFile(source).String(), kHelloDigest);
    EXPECT_EQ(store.Path(Digest::Parse(kHelloDigest)), dir.path() / "blobs/sha256" / kHelloDigest.substr(7));
    EXPECT_EQ(ReadFile(store.Path(Digest::Parse(kHelloDigest))), "hello\n");
    WriteFileAtomically(source, "other\n");
    EXPECT_NE(ErrorOf([&] { store.IngestFile(source, Digest::Parse(kEmptyDigest)); }).find("digest mismatch"),
              std::string::npos);
    EXPECT_EQ(FilesUnder(dir.path() / "ingest"), 0u);
    EXPECT_EQ(FilesUnder(dir.path() / "blobs"), 2u);  // sha256/ and the hello blob
    EXPECT_EQ(ErrorOf([&] { store.IngestFile(dir.path() / "missing"); }).substr(0, 10), "not found:");
}

TEST(FileContentStore, OpeningRemovesWhatACrashLeftInIngest) {
    engine::testing::TempDir dir;
    {
        FileContentStore store(dir.path());
        store.Put("kept\n");
    }
    std::ofstream(dir.path() / "ingest" / "0123.tmp") << "half a blob";
    FileContentStore reopened(dir.path());
    EXPECT_EQ(reopened.removed_temp_files(), 1u);
    EXPECT_EQ(FilesUnder(dir.path() / "ingest"), 0u);
    EXPECT_EQ(reopened.List().size(), 1u);
}

}  // namespace
}  // namespace engine::image::testing
