#include "engine/image/archive_writer.hpp"

#include <memory>
#include <stdexcept>

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/image/archive_extract.hpp"
#include "engine/image/archive_oci_layout.hpp"
#include "engine/image/archive_reader.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::image {
namespace {

struct ListedEntry {
    std::string name;
    std::string content;
    unsigned mode;  ///< type and permission bits
    std::int64_t mtime;
    std::int64_t uid;
    std::int64_t gid;
};

std::vector<ListedEntry> ListTar(const std::string& tar) {
    std::unique_ptr<struct archive, decltype(&archive_read_free)> reader(archive_read_new(), &archive_read_free);
    archive_read_support_format_tar(reader.get());
    EXPECT_EQ(archive_read_open_memory(reader.get(), tar.data(), tar.size()), ARCHIVE_OK);
    std::vector<ListedEntry> entries;
    struct archive_entry* entry = nullptr;
    while (archive_read_next_header(reader.get(), &entry) == ARCHIVE_OK) {
        std::string content(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
        if (!content.empty()) {
            EXPECT_EQ(archive_read_data(reader.get(), content.data(), content.size()),
                      static_cast<la_ssize_t>(content.size()));
        }
        entries.push_back({archive_entry_pathname(entry),
                           content,
                           archive_entry_mode(entry),
                           archive_entry_mtime(entry),
                           archive_entry_uid(entry),
                           archive_entry_gid(entry)});
    }
    return entries;
}

std::string ConfigWith(const std::vector<Digest>& diff_ids) {
    std::string ids;
    for (const Digest& id : diff_ids) {
        ids += (ids.empty() ? "\"" : ",\"") + id.String() + "\"";
    }
    return R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[)" + ids + "]}}";
}

/// Two images sharing their bottom layer: "busybox" with two tags, and an untagged child.
class ArchiveWriter : public ::testing::Test {
  protected:
    ArchiveWriter() {
        WriteFileAtomically(dir_.path() / "l1.tar", kLayer1);
        WriteFileAtomically(dir_.path() / "l2.tar", kLayer2);
        images_.push_back({ConfigWith({l1_}), {Layer1()}, {"busybox:latest", "busybox:1.36"}});
        images_.push_back({ConfigWith({l1_, l2_}), {Layer1(), {l2_, dir_.path() / "l2.tar", kLayer2.size()}}, {}});
    }

    SaveLayer Layer1() const { return {l1_, dir_.path() / "l1.tar", kLayer1.size()}; }

    std::string Write() const {
        std::string out;
        WriteImageArchive(images_, [&out](std::string_view bytes) { out.append(bytes); });
        return out;
    }

    static constexpr std::string_view kLayer1 = "layer one bytes";
    static constexpr std::string_view kLayer2 = "layer two";
    engine::testing::TempDir dir_;
    Digest l1_ = Sha256Of(kLayer1);
    Digest l2_ = Sha256Of(kLayer2);
    std::vector<SaveImage> images_;
};

TEST_F(ArchiveWriter, WritesTheDockerDualFormat) {
    const std::vector<ListedEntry> entries = ListTar(Write());
    const std::string config_a = images_[0].config_json;
    const std::string config_b = images_[1].config_json;
    const std::string platform = R"("platform":{"architecture":"amd64","os":"linux"})";
    auto descriptor = [](std::string_view type, std::string_view bytes) {
        return R"({"mediaType":")" + std::string(type) + R"(","digest":")" + Sha256Of(bytes).String() + R"(","size":)" +
               std::to_string(bytes.size());
    };
    const std::string config_type = "application/vnd.oci.image.config.v1+json";
    const std::string layer_type = "application/vnd.oci.image.layer.v1.tar";
    const std::string manifest_a = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                                   R"("config":)" +
                                   descriptor(config_type, config_a) + "," + platform + R"(},"layers":[)" +
                                   descriptor(layer_type, kLayer1) + "}]}";
    const std::string manifest_b = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                                   R"("config":)" +
                                   descriptor(config_type, config_b) + "," + platform + R"(},"layers":[)" +
                                   descriptor(layer_type, kLayer1) + "}," + descriptor(layer_type, kLayer2) + "}]}";
    const std::string manifest_type = "application/vnd.oci.image.manifest.v1+json";
    const std::string index =
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[)" +
        descriptor(manifest_type, manifest_a) +
        R"(,"annotations":{"io.containerd.image.name":"docker.io/library/busybox:latest",)"
        R"("org.opencontainers.image.ref.name":"latest"},)" +
        platform + "}," + descriptor(manifest_type, manifest_a) +
        R"(,"annotations":{"io.containerd.image.name":"docker.io/library/busybox:1.36",)"
        R"("org.opencontainers.image.ref.name":"1.36"},)" +
        platform + "}," + descriptor(manifest_type, manifest_b) + "," + platform + "}]}";
    const std::string blob = "blobs/sha256/";
    const std::string manifest_json = R"([{"Config":")" + blob + Sha256Of(config_a).hex() +
                                      R"(","RepoTags":["busybox:latest","busybox:1.36"],"Layers":[")" + blob +
                                      l1_.hex() + R"("]},{"Config":")" + blob + Sha256Of(config_b).hex() +
                                      R"(","RepoTags":null,"Layers":[")" + blob + l1_.hex() + R"(",")" + blob +
                                      l2_.hex() + "\"]}]\n";
    const std::string repositories = R"({"busybox":{"1.36":")" + l1_.hex() + R"(","latest":")" + l1_.hex() + "\"}}\n";

    std::map<std::string, std::string> blobs{{Sha256Of(config_a).hex(), config_a},
                                             {Sha256Of(config_b).hex(), config_b},
                                             {Sha256Of(manifest_a).hex(), manifest_a},
                                             {Sha256Of(manifest_b).hex(), manifest_b},
                                             {l1_.hex(), std::string(kLayer1)},
                                             {l2_.hex(), std::string(kLayer2)}};
    std::vector<std::pair<std::string, std::string>> expected{{"blobs/", ""}, {"blobs/sha256/", ""}};
    for (const auto& [hex, content] : blobs) {
        expected.emplace_back(blob + hex, content);
    }
    expected.emplace_back("index.json", index);
    expected.emplace_back("manifest.json", manifest_json);
    expected.emplace_back("oci-layout", R"({"imageLayoutVersion": "1.0.0"})");
    expected.emplace_back("repositories", repositories);

    ASSERT_EQ(entries.size(), expected.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        EXPECT_EQ(entries[i].name, expected[i].first);
        EXPECT_EQ(entries[i].content, expected[i].second) << entries[i].name;
        EXPECT_EQ(entries[i].mode, entries[i].name.ends_with('/') ? (AE_IFDIR | 0755u) : (AE_IFREG | 0644u));
        EXPECT_EQ(entries[i].mtime, 0);
        EXPECT_EQ(entries[i].uid, 0);
        EXPECT_EQ(entries[i].gid, 0);
    }
}

TEST_F(ArchiveWriter, OutputIsDeterministic) {
    EXPECT_EQ(Write(), Write());
}

TEST_F(ArchiveWriter, RoundTripsThroughExtractAndRead) {
    WriteFileAtomically(dir_.path() / "saved.tar", Write());
    std::filesystem::create_directory(dir_.path() / "x");
    ExtractArchive(dir_.path() / "saved.tar", dir_.path() / "x");
    // Both halves of the dual format must describe the same images.
    for (const auto& images : {ReadImageArchive(dir_.path() / "x"), ReadOciLayout(dir_.path() / "x")}) {
        ASSERT_EQ(images.size(), 2u);
        for (std::size_t i = 0; i < images.size(); ++i) {
            EXPECT_EQ(images[i].config_json, images_[i].config_json);
            EXPECT_EQ(images[i].repo_tags, images_[i].repo_tags);
            EXPECT_EQ(images[i].config_digest_expected, Sha256Of(images_[i].config_json));
            ASSERT_EQ(images[i].layer_files.size(), images_[i].layers.size());
            for (std::size_t j = 0; j < images[i].layer_files.size(); ++j) {
                EXPECT_EQ(ReadFile(images[i].layer_files[j]), ReadFile(images_[i].layers[j].tar_path));
            }
        }
    }
}

TEST_F(ArchiveWriter, StreamsLargeLayersInBlocks) {
    const std::string big(3 << 20, 'z');
    WriteFileAtomically(dir_.path() / "big.tar", big);
    const Digest id = Sha256Of(big);
    const std::vector<SaveImage> images{{ConfigWith({id}), {{id, dir_.path() / "big.tar", big.size()}}, {"big:1"}}};
    std::size_t total = 0;
    std::size_t largest = 0;
    WriteImageArchive(images, [&](std::string_view bytes) {
        total += bytes.size();
        largest = std::max(largest, bytes.size());
    });
    EXPECT_GT(total, big.size());
    EXPECT_LE(largest, std::size_t{64} << 10);
}

TEST_F(ArchiveWriter, SinkErrorsStopTheStream) {
    WriteFileAtomically(dir_.path() / "l1.tar", std::string(200 << 10, 'a'));
    images_ = {{ConfigWith({l1_}), {{l1_, dir_.path() / "l1.tar", 200 << 10}}, {}}};
    int calls = 0;
    auto failing = [&calls](std::string_view) {
        if (++calls == 2) {
            throw std::runtime_error("client went away");
        }
    };
    EXPECT_THROW(
        {
            try {
                WriteImageArchive(images_, failing);
            } catch (const std::runtime_error& error) {
                EXPECT_STREQ(error.what(), "client went away");
                throw;
            }
        },
        std::runtime_error);
    EXPECT_EQ(calls, 2);  // nothing after the failure, not even an end-of-archive marker
}

TEST_F(ArchiveWriter, RefusesInconsistentImagesBeforeWriting) {
    auto error_of = [&](std::vector<SaveImage> images) {
        std::string out;
        try {
            WriteImageArchive(images, [&out](std::string_view bytes) { out.append(bytes); });
        } catch (const Error& error) {
            EXPECT_TRUE(out.empty());
            return std::to_string(static_cast<int>(error.code())) + " " + error.what();
        }
        return std::string("no error");
    };
    EXPECT_EQ(error_of({{ConfigWith({l2_}), {Layer1()}, {"busybox:latest"}}}),
              "3 image busybox:latest: config: rootfs.diff_ids do not match the layers given");
    EXPECT_EQ(error_of({{"{", {Layer1()}, {"a:1"}}}).rfind("3 image a:1: config: invalid JSON: ", 0), 0u);
    EXPECT_EQ(error_of({{ConfigWith({l1_}), {Layer1()}, {"busybox@sha256:" + l1_.hex()}}}),
              "3 image busybox@sha256:" + l1_.hex() + ": tag \"busybox@sha256:" + l1_.hex() +
                  "\": a digest reference cannot be saved as a tag");
    EXPECT_EQ(error_of({{ConfigWith({l1_}), {{l1_, dir_.path() / "l1.tar", 3}}, {"a:1"}}}),
              "6 " + (dir_.path() / "l1.tar").string() + " has 15 bytes, 3 were recorded");
}

}  // namespace
}  // namespace engine::image
