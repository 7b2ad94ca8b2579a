#include "engine/daemon/archive_routes.hpp"

#include <gtest/gtest.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/image/archive_extract.hpp"
#include "engine/image/archive_reader.hpp"
#include "engine/image/archive_writer.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/daemon/fake_response_writer.hpp"

namespace engine::daemon {
namespace {

using testing::FakeResponseWriter;
using testing::MakeRequest;

struct RecordedEvent {
    std::string action;
    std::string id;
    std::map<std::string, std::string> attributes;
    bool operator==(const RecordedEvent&) const = default;
};

struct CreateCall {
    std::string config_json;
    std::vector<std::string> layer_contents;
    std::vector<std::string> tags;
};

std::string ConfigWith(const Digest& diff_id) {
    return R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[")" + diff_id.String() +
           "\"]}}";
}

/// Routes wired to fakes that record what the store was asked and answer with canned results.
class ArchiveRoutesTest : public ::testing::Test {
  protected:
    ArchiveRoutesTest() {
        std::filesystem::create_directory(dir_.path() / "scratch");
        WriteFileAtomically(dir_.path() / "layer.tar", kLayer);
        AddArchiveRoutes(
            router_,
            {.create_image =
                 [this](std::string_view config,
                        std::span<const std::filesystem::path> layers,
                        std::span<const std::string> tags) {
                     CreateCall call{std::string(config), {}, {tags.begin(), tags.end()}};
                     for (const auto& layer : layers) {
                         call.layer_contents.push_back(ReadFile(layer));
                     }
                     creates_.push_back(call);
                     image::CreatedImage created{Sha256Of(config).String(), {}};
                     for (const std::string& tag : tags) {
                         created.tags.push_back({tag, tag == "busybox:latest" ? "sha256:old" : ""});
                     }
                     return created;
                 },
             .export_images =
                 [this](std::span<const std::string> names) {
                     exported_names_.assign(names.begin(), names.end());
                     if (names.size() == 1 && names[0] == "missing") {
                         throw Error(Errc::kNotFound, "No such image: missing");
                     }
                     return std::vector<image::ImageExport>{Export({"busybox:latest", "busybox:1"})};
                 },
             .scratch_directory = dir_.path() / "scratch",
             .emit_event =
                 [this](std::string action, std::string id, std::map<std::string, std::string> attributes) {
                     events_.push_back({std::move(action), std::move(id), std::move(attributes)});
                 }});
    }

    image::ImageExport Export(std::vector<std::string> tags) const {
        return {ConfigWith(diff_id_),
                Sha256Of(ConfigWith(diff_id_)).String(),
                {{diff_id_, dir_.path() / "layer.tar", kLayer.size()}},
                std::move(tags)};
    }

    /// Posts the bytes at `archive` as POST /images/load does after spooling.
    void Load(const std::filesystem::path& archive, FakeResponseWriter& response) {
        http::Request request = MakeRequest("POST", "/v1.41/images/load?quiet=0");
        request.body_file = archive;
        router_.Handle(request, response);
    }

    std::filesystem::path SavedArchive(std::vector<std::string> tags) {
        const std::vector<image::ImageExport> exports{Export(std::move(tags))};
        std::vector<image::SaveImage> images{
            {exports[0].config_json, {{diff_id_, dir_.path() / "layer.tar", kLayer.size()}}, exports[0].repo_tags}};
        std::string tar;
        image::WriteImageArchive(images, [&tar](std::string_view bytes) { tar.append(bytes); });
        WriteFileAtomically(dir_.path() / "in.tar", tar);
        return dir_.path() / "in.tar";
    }

    static constexpr std::string_view kLayer = "the layer";
    engine::testing::TempDir dir_;
    Digest diff_id_ = Sha256Of(kLayer);
    Router router_;
    std::vector<CreateCall> creates_;
    std::vector<std::string> exported_names_;
    std::vector<RecordedEvent> events_;
};

TEST_F(ArchiveRoutesTest, LoadCreatesEachImageAndReportsItsTags) {
    FakeResponseWriter response;
    Load(SavedArchive({"busybox:latest", "app:1"}), response);
    EXPECT_EQ(response.status, 200u);
    EXPECT_EQ(response.content_type, "application/json");
    EXPECT_EQ(response.chunks,
              (std::vector<std::string>{
                  "{\"stream\":\"The image busybox:latest already exists, renaming the old one with ID sha256:old to "
                  "empty string\\n\"}\r\n",
                  "{\"stream\":\"Loaded image: busybox:latest\\n\"}\r\n",
                  "{\"stream\":\"Loaded image: app:1\\n\"}\r\n"}));
    EXPECT_TRUE(response.ended);
    ASSERT_EQ(creates_.size(), 1u);
    EXPECT_EQ(creates_[0].config_json, ConfigWith(diff_id_));
    EXPECT_EQ(creates_[0].layer_contents, std::vector<std::string>{std::string(kLayer)});
    EXPECT_EQ(creates_[0].tags, (std::vector<std::string>{"busybox:latest", "app:1"}));
    const std::string id = Sha256Of(ConfigWith(diff_id_)).String();
    EXPECT_EQ(events_, (std::vector<RecordedEvent>{{"load", id, {{"name", id}}}}));
    EXPECT_TRUE(std::filesystem::is_empty(dir_.path() / "scratch"));  // the unpacked archive is gone
}

TEST_F(ArchiveRoutesTest, LoadOfAnUntaggedImagePrintsItsId) {
    FakeResponseWriter response;
    Load(SavedArchive({}), response);
    EXPECT_EQ(response.chunks,
              std::vector<std::string>{"{\"stream\":\"Loaded image ID: " + Sha256Of(ConfigWith(diff_id_)).String() +
                                       "\\n\"}\r\n"});
}

TEST_F(ArchiveRoutesTest, LoadErrorsGoInTheStream) {
    WriteFileAtomically(dir_.path() / "junk", "not a tar at all");
    FakeResponseWriter response;
    Load(dir_.path() / "junk", response);
    EXPECT_EQ(response.status, 200u);
    const std::string message = "load: not a tar archive (plain, gzip, bzip2, xz or zstd): Unrecognized archive format";
    EXPECT_EQ(response.chunks,
              std::vector<std::string>{"{\"errorDetail\":{\"message\":\"" + message + "\"},\"error\":\"" + message +
                                       "\"}\r\n"});
    EXPECT_TRUE(response.ended);
    EXPECT_TRUE(creates_.empty());
    EXPECT_TRUE(events_.empty());
    EXPECT_TRUE(std::filesystem::is_empty(dir_.path() / "scratch"));
}

TEST_F(ArchiveRoutesTest, SaveStreamsAnArchiveOfTheNamedImages) {
    http::Request request = MakeRequest("GET", "/v1.41/images/get?names=busybox&names=sha256%3Aabc");
    FakeResponseWriter response;
    router_.Handle(request, response);
    EXPECT_EQ(response.status, 200u);
    EXPECT_EQ(response.content_type, "application/x-tar");
    EXPECT_TRUE(response.ended);
    EXPECT_EQ(exported_names_, (std::vector<std::string>{"busybox", "sha256:abc"}));

    std::string tar;
    for (const std::string& chunk : response.chunks) {
        tar += chunk;
    }
    WriteFileAtomically(dir_.path() / "saved.tar", tar);
    std::filesystem::create_directory(dir_.path() / "x");
    image::ExtractArchive(dir_.path() / "saved.tar", dir_.path() / "x");
    const std::vector<image::ArchiveImage> images = image::ReadImageArchive(dir_.path() / "x");
    ASSERT_EQ(images.size(), 1u);
    EXPECT_EQ(images[0].config_json, ConfigWith(diff_id_));
    EXPECT_EQ(images[0].repo_tags, (std::vector<std::string>{"busybox:latest", "busybox:1"}));
    const std::string id = Sha256Of(ConfigWith(diff_id_)).String();
    EXPECT_EQ(events_, (std::vector<RecordedEvent>{{"save", id, {{"name", id}}}}));
}

TEST_F(ArchiveRoutesTest, SaveByPathTakesNamesWithSlashes) {
    http::Request request = MakeRequest("GET", "/v1.41/images/registry.example.com:5000/team/app:1/get");
    FakeResponseWriter response;
    router_.Handle(request, response);
    EXPECT_EQ(response.status, 200u);
    EXPECT_EQ(exported_names_, std::vector<std::string>{"registry.example.com:5000/team/app:1"});
}

TEST_F(ArchiveRoutesTest, SaveOfAnUnknownImageIsA404BeforeStreaming) {
    http::Request request = MakeRequest("GET", "/v1.41/images/missing/get");
    FakeResponseWriter response;
    router_.Handle(request, response);
    EXPECT_EQ(response.status, 404u);
    EXPECT_EQ(response.body, "{\"message\":\"No such image: missing\"}\n");
    EXPECT_TRUE(events_.empty());
}

}  // namespace
}  // namespace engine::daemon
