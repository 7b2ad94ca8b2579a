#include "engine/image/archive_oci_layout.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/image/archive_extract.hpp"
#include "engine/image/archive_reader.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/image/archive_test_tar.hpp"

namespace engine::image {
namespace {

using nlohmann::json;
using testing::Compression;
using testing::File;

#if defined(__aarch64__)
constexpr const char* kHost = "arm64";
constexpr const char* kOther = "amd64";
#else
constexpr const char* kHost = "amd64";
constexpr const char* kOther = "arm64";
#endif

constexpr const char* kIndexType = "application/vnd.oci.image.index.v1+json";
constexpr const char* kManifestType = "application/vnd.oci.image.manifest.v1+json";
constexpr const char* kConfigType = "application/vnd.oci.image.config.v1+json";
constexpr const char* kGzipLayerType = "application/vnd.oci.image.layer.v1.tar+gzip";

/// Builds an OCI image layout in a temp dir, blob by blob.
class OciLayout : public ::testing::Test {
  protected:
    OciLayout() { WriteFileAtomically(dir_.path() / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})"); }

    json Blob(const char* media_type, const std::string& bytes) {
        const Digest digest = Sha256Of(bytes);
        std::filesystem::create_directories(dir_.path() / "blobs/sha256");
        WriteFileAtomically(dir_.path() / "blobs/sha256" / digest.hex(), bytes);
        return json{{"mediaType", media_type}, {"digest", digest.String()}, {"size", bytes.size()}};
    }

    /// An image manifest whose layers are gzip tars holding `files`; its config names `arch`.
    json Image(const std::string& arch, const std::vector<std::string>& files) {
        json layers = json::array();
        json diff_ids = json::array();
        for (const std::string& file : files) {
            diff_ids.push_back(Sha256Of(testing::MakeTar({File(file, file)})).String());
            layers.push_back(Blob(kGzipLayerType, testing::MakeTar({File(file, file)}, Compression::kGzip)));
        }
        const json config{
            {"architecture", arch}, {"os", "linux"}, {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}};
        return Blob(
            kManifestType,
            json{{"schemaVersion", 2}, {"config", Blob(kConfigType, config.dump())}, {"layers", layers}}.dump());
    }

    // Vectors, not json: a one-element braced list would make a json copy of the element.
    json Index(const std::vector<json>& manifests) {
        return Blob(kIndexType, json{{"schemaVersion", 2}, {"manifests", manifests}}.dump());
    }

    static json Annotated(json descriptor, const json& annotations) {
        descriptor["annotations"] = annotations;
        return descriptor;
    }

    static json WithPlatform(json descriptor, const std::string& arch) {
        descriptor["platform"] = json{{"architecture", arch}, {"os", "linux"}};
        return descriptor;
    }

    void WriteIndexJson(const std::vector<json>& manifests) {
        WriteFileAtomically(dir_.path() / "index.json", json{{"schemaVersion", 2}, {"manifests", manifests}}.dump());
    }

    std::string ReadError() {
        try {
            ReadOciLayout(dir_.path());
        } catch (const Error& error) {
            return std::to_string(static_cast<int>(error.code())) + " " + error.what();
        }
        return "no error";
    }

    engine::testing::TempDir dir_;
};

TEST_F(OciLayout, PicksTheHostPlatformFromNestedIndexesAndCollectsTags) {
    const json host = WithPlatform(Image(kHost, {"bin", "etc"}), kHost);
    json attestation = Blob(
        kManifestType,
        json{{"schemaVersion", 2}, {"config", Blob("application/vnd.in-toto+json", "{}")}, {"layers", json::array()}}
            .dump());
    attestation["platform"] = json{{"architecture", "unknown"}, {"os", "unknown"}};
    const json multi = Index({WithPlatform(Image(kOther, {"other"}), kOther), attestation, host});
    const json plain = Image(kHost, {"solo"});
    WriteIndexJson({Annotated(multi,
                              {{"io.containerd.image.name", "docker.io/library/web:1"},
                               {"org.opencontainers.image.ref.name", "1"}}),
                    Annotated(plain, {{"org.opencontainers.image.ref.name", "latest"}}),
                    Annotated(multi, {{"org.opencontainers.image.ref.name", "registry.example.com/web:2"}}),
                    attestation});

    const std::vector<ArchiveImage> images = ReadOciLayout(dir_.path());
    ASSERT_EQ(images.size(), 2u);
    EXPECT_EQ(images[0].repo_tags, (std::vector<std::string>{"web:1", "registry.example.com/web:2"}));
    EXPECT_EQ(json::parse(images[0].config_json)["architecture"], kHost);
    ASSERT_EQ(images[0].layer_files.size(), 2u);
    EXPECT_EQ(ReadFile(images[0].layer_files[1]), testing::MakeTar({File("etc", "etc")}, Compression::kGzip));
    EXPECT_EQ(images[0].config_digest_expected, Sha256Of(images[0].config_json));
    EXPECT_TRUE(images[1].repo_tags.empty());  // a bare ref.name tag names no repository
    EXPECT_EQ(images[1].layer_files.size(), 1u);
}

TEST_F(OciLayout, LoadsFromACompressedTarWithoutManifestJson) {
    WriteIndexJson({Annotated(Image(kHost, {"f"}), {{"io.containerd.image.name", "docker.io/x/y:z"}})});
    std::vector<testing::TarEntry> entries{File("oci-layout", ReadFile(dir_.path() / "oci-layout")),
                                           File("index.json", ReadFile(dir_.path() / "index.json"))};
    for (const auto& blob : std::filesystem::directory_iterator(dir_.path() / "blobs/sha256")) {
        entries.push_back(File("blobs/sha256/" + blob.path().filename().string(), ReadFile(blob.path())));
    }
    testing::WriteTar(dir_.path() / "layout.tar.gz", entries, Compression::kGzip);
    std::filesystem::create_directory(dir_.path() / "x");
    ExtractArchive(dir_.path() / "layout.tar.gz", dir_.path() / "x");
    const std::vector<ArchiveImage> images = ReadImageArchive(dir_.path() / "x");
    ASSERT_EQ(images.size(), 1u);
    EXPECT_EQ(images[0].repo_tags, std::vector<std::string>{"x/y:z"});
}

TEST_F(OciLayout, RefusesBlobsThatDoNotMatchTheirDigest) {
    const json manifest = Image(kHost, {"f"});
    WriteIndexJson({manifest});
    const json layer = json::parse(ReadFile(dir_.path() / "blobs/sha256" /
                                            Digest::Parse(manifest["digest"].get<std::string>()).hex()))["layers"][0];
    const std::string layer_file =
        (dir_.path() / "blobs/sha256" / Digest::Parse(layer["digest"].get<std::string>()).hex()).string();
    std::string bytes = ReadFile(layer_file);
    bytes[bytes.size() / 2] ^= 1;
    WriteFileAtomically(layer_file, bytes);
    EXPECT_EQ(ReadError(),
              "3 index.json: manifest " + manifest["digest"].get<std::string>() + ": layer 1 " +
                  layer["digest"].get<std::string>() + ": blob digest mismatch: got " + Sha256Of(bytes).String());
    WriteFileAtomically(layer_file, bytes + "x");
    EXPECT_EQ(ReadError(),
              "3 index.json: manifest " + manifest["digest"].get<std::string>() + ": layer 1 " +
                  layer["digest"].get<std::string>() + ": blob size mismatch: " + std::to_string(bytes.size() + 1) +
                  " bytes, the descriptor says " + std::to_string(bytes.size()));
}

TEST_F(OciLayout, NamesMissingBlobsAndMissingPlatforms) {
    json missing = Image(kHost, {"f"});
    missing["digest"] = Sha256Of("absent").String();
    WriteIndexJson({missing});
    EXPECT_EQ(ReadError(), "1 index.json: manifest " + Sha256Of("absent").String() + ": not found in the archive");

    const json foreign = Index({WithPlatform(Image(kOther, {"f"}), kOther)});
    WriteIndexJson({foreign});
    EXPECT_EQ(ReadError(),
              "1 index.json: index " + foreign["digest"].get<std::string>() + ": no image for linux/" + kHost);

    WriteIndexJson({{{"mediaType", kManifestType}, {"digest", "md5:abc"}, {"size", 1}}});
    EXPECT_EQ(ReadError().rfind("3 index.json: entry 0: invalid digest \"md5:abc\"", 0), 0u);
    WriteFileAtomically(dir_.path() / "index.json", "{}");
    EXPECT_EQ(ReadError(), "3 index.json: not an image index: \"manifests\" is missing");
}

TEST_F(OciLayout, RefusesALayerCountTheConfigDoesNotList) {
    const json config{{"architecture", kHost}, {"os", "linux"}, {"rootfs", {{"diff_ids", json::array()}}}};
    const json config_blob = Blob(kConfigType, config.dump());
    const json manifest =
        Blob(kManifestType,
             json{{"schemaVersion", 2}, {"config", config_blob}, {"layers", {Blob(kGzipLayerType, "x")}}}.dump());
    WriteIndexJson({manifest});
    EXPECT_EQ(ReadError(),
              "3 index.json: manifest " + manifest["digest"].get<std::string>() + ": config " +
                  config_blob["digest"].get<std::string>() +
                  ": layer count mismatch: the config lists 0 rootfs.diff_ids, the archive 1 layers");
}

}  // namespace
}  // namespace engine::image
