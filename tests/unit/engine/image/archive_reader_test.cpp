#include "engine/image/archive_reader.hpp"

#include <gtest/gtest.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/image/archive_extract.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/image/archive_test_tar.hpp"

namespace engine::image {
namespace {

using testing::File;
using testing::Symlink;

std::string ConfigWith(const std::vector<std::string>& layers) {
    std::string ids;
    for (const std::string& layer : layers) {
        ids += (ids.empty() ? "\"" : ",\"") + Sha256Of(layer).String() + "\"";
    }
    return R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[)" + ids + "]}}";
}

class ArchiveReader : public ::testing::Test {
  protected:
    void Put(const std::string& name, std::string_view content) {
        std::filesystem::create_directories((dir_.path() / name).parent_path());
        WriteFileAtomically(dir_.path() / name, content);
    }

    /// "<code> <message>" of the Error reading the directory throws.
    std::string ReadError() {
        try {
            ReadImageArchive(dir_.path());
        } catch (const Error& error) {
            return std::to_string(static_cast<int>(error.code())) + " " + error.what();
        }
        return "no error";
    }

    engine::testing::TempDir dir_;
};

// The layout of moby v20.10's image/tarexport/save.go: "<config hex>.json", one directory per
// v1 layer ID with VERSION, json and layer.tar, and a layer already saved under another v1 ID
// linked to the first copy ("../<id>/layer.tar").
TEST_F(ArchiveReader, ReadsDocker2010ArchivesWithLinkedLayers) {
    const std::string base = "base layer tar";
    const std::string top = "top layer tar";
    const std::string config_a = ConfigWith({base});
    const std::string config_b = ConfigWith({base, top});
    const std::string a_hex = Sha256Of(config_a).hex();
    const std::string b_hex = Sha256Of(config_b).hex();
    const std::string id1 = std::string(64, '1');
    const std::string id2 = std::string(64, '2');
    const std::string id3 = std::string(64, '3');
    const std::string manifest = R"([{"Config":")" + a_hex + R"(.json","RepoTags":["busybox:latest"],"Layers":[")" +
                                 id1 + R"(/layer.tar"]},{"Config":")" + b_hex +
                                 R"(.json","RepoTags":["docker.io/library/app:2","app:1"],"Layers":[")" + id2 +
                                 R"(/layer.tar",")" + id3 + R"(/layer.tar"]}])";
    testing::WriteTar(dir_.path() / "saved.tar",
                      {File(id1 + "/VERSION", "1.0"),
                       File(id1 + "/json", "{}"),
                       File(id1 + "/layer.tar", base),
                       File(id2 + "/VERSION", "1.0"),
                       Symlink(id2 + "/layer.tar", "../" + id1 + "/layer.tar"),
                       File(id3 + "/layer.tar", top),
                       File(a_hex + ".json", config_a),
                       File(b_hex + ".json", config_b),
                       File("manifest.json", manifest),
                       File("repositories", R"({"busybox":{"latest":")" + id1 + "\"}}")});
    std::filesystem::create_directory(dir_.path() / "x");
    ExtractArchive(dir_.path() / "saved.tar", dir_.path() / "x");

    const std::vector<ArchiveImage> images = ReadImageArchive(dir_.path() / "x");
    ASSERT_EQ(images.size(), 2u);
    EXPECT_EQ(images[0].config_json, config_a);
    EXPECT_EQ(images[0].repo_tags, std::vector<std::string>{"busybox:latest"});
    EXPECT_EQ(images[0].config_digest_expected, std::nullopt);
    ASSERT_EQ(images[0].layer_files.size(), 1u);
    EXPECT_EQ(ReadFile(images[0].layer_files[0]), base);
    EXPECT_EQ(images[1].config_json, config_b);
    EXPECT_EQ(images[1].repo_tags, (std::vector<std::string>{"app:2", "app:1"}));
    ASSERT_EQ(images[1].layer_files.size(), 2u);
    EXPECT_EQ(images[1].layer_files[0], dir_.path() / "x" / id1 / "layer.tar");
    EXPECT_EQ(ReadFile(images[1].layer_files[1]), top);
}

TEST_F(ArchiveReader, ReadsARealDocker2010Save) {
    const std::filesystem::path fixture = std::filesystem::path(BERTH_SOURCE_DIR) /
                                          "tests/unit/engine/image/testdata/ReadsARealDocker2010Save/saved.tar.gz";
    std::filesystem::create_directory(dir_.path() / "x");
    ExtractArchive(fixture, dir_.path() / "x");
    const std::vector<ArchiveImage> images = ReadImageArchive(dir_.path() / "x");
    ASSERT_EQ(images.size(), 2u);
    EXPECT_EQ(Sha256Of(images[0].config_json).hex(),
              "47fb4cdd4167f2662619c900b1e41c1a13611ca7b7e2c2506a72a1db0a6b508a");
    EXPECT_EQ(images[0].repo_tags, (std::vector<std::string>{"tiny:1", "tiny:latest"}));
    EXPECT_EQ(Sha256Of(images[1].config_json).hex(),
              "406ea5610fc18b429bd6aaca31d1696fcae01aa93b1762c7b963d3766e1095d4");
    EXPECT_EQ(images[1].repo_tags, std::vector<std::string>{"other:latest"});
    ASSERT_EQ(images[0].layer_files.size(), 1u);
    // The layer is itself a tar: unpack it to see the file `docker import` put there.
    std::filesystem::create_directory(dir_.path() / "layer");
    ExtractArchive(images[0].layer_files[0], dir_.path() / "layer");
    EXPECT_EQ(ReadFile(dir_.path() / "layer/etc/greeting"), "hello\n");
}

TEST_F(ArchiveReader, ChecksConfigsNamedByDigest) {
    const std::string config = ConfigWith({"l"});
    const std::string hex = Sha256Of(config).hex();
    Put("blobs/sha256/" + hex, config);
    Put("blobs/sha256/" + Sha256Of("l").hex(), "l");
    Put("manifest.json",
        R"([{"Config":"blobs/sha256/)" + hex + R"(","RepoTags":null,"Layers":["blobs/sha256/)" + Sha256Of("l").hex() +
            "\"]}]\n");
    const std::vector<ArchiveImage> images = ReadImageArchive(dir_.path());
    ASSERT_EQ(images.size(), 1u);
    EXPECT_EQ(images[0].config_digest_expected, Sha256Of(config));
    EXPECT_TRUE(images[0].repo_tags.empty());

    Put("blobs/sha256/" + hex, config + " ");
    EXPECT_EQ(ReadError(),
              "3 manifest.json: image 1: Config \"blobs/sha256/" + hex + "\": blob digest mismatch: got " +
                  Sha256Of(config + " ").String());
}

TEST_F(ArchiveReader, NamesTheMissingOrWrongFile) {
    Put("manifest.json", R"([{"Config":"c.json","RepoTags":[],"Layers":["l/layer.tar"]}])");
    EXPECT_EQ(ReadError(), "1 manifest.json: image 1: Config \"c.json\": not found in the archive");
    Put("c.json", ConfigWith({"a", "b"}));
    EXPECT_EQ(ReadError(),
              "3 manifest.json: image 1: Config \"c.json\": layer count mismatch: the config lists 2 "
              "rootfs.diff_ids, the archive 1 layers");
    Put("c.json", ConfigWith({"a"}));
    EXPECT_EQ(ReadError(), "1 manifest.json: image 1: Layers \"l/layer.tar\": not found in the archive");
    Put("manifest.json", R"([{"Config":"../c.json","Layers":[]}])");
    EXPECT_EQ(ReadError(), "3 manifest.json: image 1: Config \"../c.json\": the name leaves the archive (\"..\")");
    Put("manifest.json", R"([{"Config":"c.json","RepoTags":["busybox"],"Layers":[]}])");
    EXPECT_EQ(ReadError(), "3 manifest.json: image 1: RepoTags: invalid tag \"busybox\": expected name:tag");
    Put("manifest.json", R"([{"Config":"c.json","Layers":"l"}])");
    EXPECT_EQ(ReadError(), "3 manifest.json: image 1: \"Layers\" must be an array of strings");
    Put("manifest.json", "null");
    EXPECT_EQ(ReadError(), "3 manifest.json: not a JSON array of images");
    Put("manifest.json", "[");
    EXPECT_EQ(ReadError().rfind("3 manifest.json: invalid JSON: ", 0), 0u);
    Put("manifest.json", "[]");
    EXPECT_TRUE(ReadImageArchive(dir_.path()).empty());
}

TEST_F(ArchiveReader, RefusesArchivesWithoutAManifest) {
    EXPECT_EQ(ReadError(), "3 not an image archive: it has neither manifest.json nor index.json");
    Put("repositories", "{}");
    EXPECT_EQ(ReadError(),
              "3 the archive has only the pre-1.10 \"repositories\" format (no manifest.json or index.json); "
              "save it again with a newer Docker");
}

}  // namespace
}  // namespace engine::image
