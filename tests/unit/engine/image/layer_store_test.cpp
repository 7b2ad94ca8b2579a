#include "engine/image/layer_store.hpp"

#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/image/tar_builder.hpp"

namespace engine::image {
namespace {

namespace fs = std::filesystem;
using tar_builder::Compression;
using tar_builder::TarEntry;
using tar_builder::WriteTar;

// From `sha256sum` on testdata/LayerDigests (see its README.md).
const std::string kLayerDiffId = "sha256:34c710691754b3f53049212f7fcd99a6f73a53f9aaa68e964ccd093d3efa23c4";
const std::string kLayer2DiffId = "sha256:40076502b5ce6eeaf0af732db158352c8be534a8ab0b7f3f3dc1b1d5795da326";
const std::string kLayer2ChainId = "sha256:8c23393b80350bb902faad2d3924d8462d4b4c400f300343e344c5429bc040c2";

fs::path Fixture(const std::string& name) {
    return fs::path(BERTH_SOURCE_DIR) / "tests/unit/engine/image/testdata/LayerDigests" / name;
}

std::string ErrorOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& e) {
        return std::string(ErrcName(e.code())) + ": " + e.what();
    }
    return "no error";
}

class LayerStoreTest : public ::testing::Test {
  protected:
    fs::path Tar(const std::string& name,
                 const std::vector<TarEntry>& entries,
                 Compression compression = Compression::kNone) {
        const fs::path path = dir_.path() / name;
        WriteTar(path, entries, compression);
        return path;
    }
    static bool IsRoot() { return ::geteuid() == 0; }

    engine::testing::TempDir dir_;
    FileContentStore content_{dir_.path() / "store"};
    LayerStore layers_{dir_.path() / "store", content_};
};

TEST(ChainIdTest, MatchesTheOciDefinition) {
    const Digest base = Digest::Parse(kLayerDiffId);
    const Digest top = Digest::Parse(kLayer2DiffId);
    EXPECT_EQ(ChainId(std::nullopt, base), base);
    EXPECT_EQ(ChainId(base, top).String(), kLayer2ChainId);
    const std::vector<Digest> diff_ids = {base, top};
    EXPECT_EQ(ChainIds(diff_ids), (std::vector<Digest>{base, Digest::Parse(kLayer2ChainId)}));
}

TEST_F(LayerStoreTest, RegistersWithKnownDigestsAndKeepsTheUncompressedTar) {
    const LayerInfo base = layers_.Register(Fixture("layer.tar"), std::nullopt);
    EXPECT_EQ(base.diff_id.String(), kLayerDiffId);
    EXPECT_EQ(base.chain_id.String(), kLayerDiffId);
    EXPECT_EQ(base.parent, std::nullopt);
    EXPECT_EQ(base.tar_size, 10240u);
    EXPECT_EQ(base.size, 12u + 18u);  // etc/motd and bin/hi
    EXPECT_EQ(ReadFile(content_.Path(base.diff_id)), ReadFile(Fixture("layer.tar")));
    EXPECT_EQ(ReadFile(layers_.DiffDirectory(base.chain_id) / "etc/motd"), "hello berth\n");
    const LayerInfo top = layers_.Register(Fixture("layer2.tar"), base.chain_id);
    EXPECT_EQ(top.diff_id.String(), kLayer2DiffId);
    EXPECT_EQ(top.chain_id.String(), kLayer2ChainId);
    EXPECT_EQ(top.parent, base.chain_id);
    EXPECT_EQ(layers_.Get(top.chain_id), top);
    EXPECT_EQ(layers_.List().size(), 2u);
    EXPECT_EQ(layers_.DiffDirectory(top.chain_id), dir_.path() / "store/layers" / kLayer2ChainId.substr(7) / "diff");
}

TEST_F(LayerStoreTest, GzipAndZstdOfOneTarAreOneLayerUnpackedOnce) {
    const LayerInfo plain = layers_.Register(Fixture("layer.tar.gz"), std::nullopt);
    EXPECT_EQ(plain.diff_id.String(), kLayerDiffId);
    // A file the store did not write survives re-registration: the layer is not unpacked again.
    std::ofstream(layers_.DiffDirectory(plain.chain_id) / "marker") << "x";
    EXPECT_EQ(layers_.Register(Fixture("layer.tar.zst"), std::nullopt), plain);
    EXPECT_EQ(layers_.Register(Fixture("layer.tar"), std::nullopt), plain);
    EXPECT_TRUE(fs::exists(layers_.DiffDirectory(plain.chain_id) / "marker"));
    EXPECT_EQ(content_.List().size(), 1u);
    EXPECT_EQ(layers_.List().size(), 1u);
}

TEST_F(LayerStoreTest, UnknownParentAndUnreadableTarsAreRefused) {
    EXPECT_EQ(ErrorOf([&] { layers_.Register(Fixture("layer.tar"), Digest::Parse(kLayer2ChainId)); }),
              "not found: register layer " + Fixture("layer.tar").string() + ": parent layer " + kLayer2ChainId +
                  " is not registered");
    const fs::path junk = dir_.path() / "junk.tar";
    WriteFileAtomically(junk, std::string(700, 'x'));
    EXPECT_EQ(ErrorOf([&] { layers_.Register(junk, std::nullopt); }).substr(0, 17), "invalid argument:");
    EXPECT_TRUE(layers_.List().empty());
}

TEST_F(LayerStoreTest, KeepsModesSymlinksHardlinksAndOwnership) {
    const fs::path tar = Tar("layer.tar",
                             {{"bin", 'd', "", 0755},
                              {"bin/tool", 'f', "#!/bin/sh\n", 0750, 1000, 1001},
                              {"bin/alias", 'l', "tool"},
                              {"bin/same", 'h', "bin/tool"},
                              {"secret", 'f', "s", 0600}});
    const LayerInfo layer = layers_.Register(tar, std::nullopt);
    const fs::path diff = layers_.DiffDirectory(layer.chain_id);
    struct stat tool {};
    ASSERT_EQ(::lstat((diff / "bin/tool").c_str(), &tool), 0);
    EXPECT_EQ(tool.st_mode & 07777, 0750u);
    EXPECT_EQ(tool.st_nlink, 2u);
    EXPECT_EQ(tool.st_mtime, 1700000000);
    EXPECT_EQ(fs::read_symlink(diff / "bin/alias"), "tool");
    EXPECT_EQ(fs::status(diff / "secret").permissions(), fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(layer.size, 10u + 4u + 1u);  // the hardlink counted once, the symlink by its target length
    if (!IsRoot()) {
        GTEST_SKIP() << "ownership needs root";
    }
    EXPECT_EQ(tool.st_uid, 1000u);
    EXPECT_EQ(tool.st_gid, 1001u);
}

TEST_F(LayerStoreTest, WhiteoutsBecomeOverlayWhiteouts) {
    if (!IsRoot()) {
        GTEST_SKIP() << "character devices and trusted.* xattrs need root";
    }
    const fs::path tar = Tar("layer.tar",
                             {{"etc", 'd', "", 0755},
                              {"etc/.wh.motd", 'f', ""},
                              {"var/cache/.wh..wh..opq", 'f', ""},
                              {"var/cache/fresh", 'f', "new"}},
                             Compression::kGzip);
    const fs::path diff = layers_.DiffDirectory(layers_.Register(tar, std::nullopt).chain_id);
    struct stat whiteout {};
    ASSERT_EQ(::lstat((diff / "etc/motd").c_str(), &whiteout), 0);
    EXPECT_TRUE(S_ISCHR(whiteout.st_mode));
    EXPECT_EQ(whiteout.st_rdev, makedev(0, 0));
    EXPECT_FALSE(fs::exists(diff / "etc/.wh.motd"));
    char value[8] = {};
    ASSERT_EQ(::lgetxattr((diff / "var/cache").c_str(), "trusted.overlay.opaque", value, sizeof value), 1);
    EXPECT_EQ(value[0], 'y');
    EXPECT_FALSE(fs::exists(diff / "var/cache/.wh..wh..opq"));
    EXPECT_EQ(ReadFile(diff / "var/cache/fresh"), "new");
}

TEST_F(LayerStoreTest, DevicesAreKept) {
    if (!IsRoot()) {
        GTEST_SKIP() << "mknod needs root";
    }
    const fs::path diff =
        layers_.DiffDirectory(layers_.Register(Tar("layer.tar", {{"dev/null", 'c', "", 0666}}), std::nullopt).chain_id);
    struct stat device {};
    ASSERT_EQ(::lstat((diff / "dev/null").c_str(), &device), 0);
    EXPECT_TRUE(S_ISCHR(device.st_mode));
    EXPECT_EQ(device.st_rdev, makedev(1, 3));
}

TEST_F(LayerStoreTest, PathsEscapingTheLayerAreRefusedAndNothingIsRegistered) {
    const std::vector<std::pair<std::vector<TarEntry>, std::string>> cases = {
        {{{"../evil", 'f', "x"}}, "\"..\" would escape the layer root"},
        {{{"a/../../evil", 'f', "x"}}, "\"..\" would escape the layer root"},
        {{{"/etc/evil", 'f', "x"}}, "absolute paths are not allowed"},
        {{{"link", 'l', "/tmp"}, {"link/evil", 'f', "x"}}, "link/evil"},
        {{{"link", 'l', ".."}, {"link/.wh.evil", 'f', ""}}, "link/.wh.evil"},
        {{{"hard", 'h', "../outside"}}, "\"..\" would escape the layer root"},
    };
    for (const auto& [entries, expected] : cases) {
        const fs::path tar = Tar("bad.tar", entries);
        const std::string error = ErrorOf([&] { layers_.Register(tar, std::nullopt); });
        EXPECT_EQ(error.substr(0, 17), "invalid argument:") << error;
        EXPECT_NE(error.find(expected), std::string::npos) << error;
    }
    EXPECT_TRUE(layers_.List().empty());
    EXPECT_FALSE(fs::exists("/tmp/evil"));
    EXPECT_FALSE(fs::exists(dir_.path() / "store/evil"));
    for (const auto& entry : fs::directory_iterator(dir_.path() / "store/layers")) {
        ADD_FAILURE() << "left behind: " << entry.path();
    }
}

TEST_F(LayerStoreTest, DeleteRemovesTheDirectoryButNotTheBlob) {
    const LayerInfo layer = layers_.Register(Fixture("layer.tar"), std::nullopt);
    layers_.Delete(layer.chain_id);
    EXPECT_FALSE(layers_.Get(layer.chain_id));
    EXPECT_FALSE(fs::exists(layers_.LayerDirectory(layer.chain_id)));
    EXPECT_TRUE(content_.Has(layer.diff_id));
    EXPECT_EQ(ErrorOf([&] { layers_.Delete(layer.chain_id); }), "not found: layer " + kLayerDiffId + ": not found");
}

TEST_F(LayerStoreTest, OpeningRemovesHalfUnpackedLayers) {
    fs::create_directories(dir_.path() / "store/layers/.tmp-0123456789abcdef/diff/etc");
    fs::create_directories(dir_.path() / "store/layers/.trash-0123456789abcdef/diff");
    LayerStore reopened(dir_.path() / "store", content_);
    EXPECT_FALSE(fs::exists(dir_.path() / "store/layers/.tmp-0123456789abcdef"));
    EXPECT_FALSE(fs::exists(dir_.path() / "store/layers/.trash-0123456789abcdef"));
}

}  // namespace
}  // namespace engine::image
