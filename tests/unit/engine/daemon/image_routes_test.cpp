#include "engine/daemon/image_routes.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/daemon/image_filters.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/daemon/fake_response_writer.hpp"

namespace engine::daemon {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::FakeResponseWriter;
using testing::MakeRequest;

const std::string kLayerDiffId = "sha256:34c710691754b3f53049212f7fcd99a6f73a53f9aaa68e964ccd093d3efa23c4";

fs::path Fixture(const std::string& name) {
    return fs::path(BERTH_SOURCE_DIR) / "tests/unit/engine/image/testdata/LayerDigests" / name;
}

struct SeenEvent {
    std::string action;
    std::string id;
    std::map<std::string, std::string> attributes;
};

class ImageRoutesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        context_.emit_event = [this](
                                  std::string action, std::string id, std::map<std::string, std::string> attributes) {
            events_.push_back({std::move(action), std::move(id), std::move(attributes)});
        };
        AddImageRoutes(router_, context_);
    }

    std::unique_ptr<FakeResponseWriter> Call(std::string method, std::string target, fs::path body_file = {}) {
        http::Request request = MakeRequest(std::move(method), std::move(target));
        request.body_file = std::move(body_file);
        auto response = std::make_unique<FakeResponseWriter>();
        router_.Handle(request, *response);
        return response;
    }
    static json Body(const FakeResponseWriter& response) { return json::parse(response.body); }
    static std::string Stream(const FakeResponseWriter& response) {
        std::string all;
        for (const std::string& chunk : response.chunks) {
            all += chunk;
        }
        return all;
    }
    // Imports the fixture layer as `repo:tag` and returns the image ID.
    std::string Import(const std::string& query) {
        const auto response = Call("POST", "/v1.41/images/create?fromSrc=-&" + query, Fixture("layer.tar"));
        EXPECT_EQ(response->status, 200u) << response->body;
        EXPECT_EQ(response->content_type, "application/json");
        EXPECT_TRUE(response->ended);
        return json::parse(Stream(*response))["status"].get<std::string>();
    }

    engine::testing::TempDir dir_;
    image::ImageStore store_{dir_.path() / "image"};
    ImageRoutesContext context_{.images = store_};
    Router router_;
    std::vector<SeenEvent> events_;
};

TEST_F(ImageRoutesTest, ImportReplyListInspectAndHistory) {
    const auto imported = Call("POST",
                               "/v1.41/images/create?fromSrc=-&repo=test/app&tag=1&message=hello"
                               "&changes=CMD%20%5B%22%2Fbin%2Fhi%22%5D&changes=EXPOSE%2080&changes=LABEL%20a%3Db",
                               Fixture("layer.tar.gz"));
    ASSERT_EQ(imported->status, 200u) << imported->body;
    ASSERT_EQ(imported->chunks.size(), 1u);
    const std::string id = store_.Resolve("test/app:1");
    EXPECT_EQ(imported->chunks[0], "{\"status\":\"" + id + "\"}\r\n");
    ASSERT_EQ(events_.size(), 2u);
    EXPECT_EQ(events_[0].action, "tag");
    EXPECT_EQ(events_[0].attributes, (std::map<std::string, std::string>{{"name", "test/app:1"}, {"a", "b"}}));
    EXPECT_EQ(events_[1].action, "import");
    EXPECT_EQ(events_[1].id, id);

    const json list = Body(*Call("GET", "/v1.41/images/json"));
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["Id"], id);
    EXPECT_EQ(list[0]["RepoTags"], json({"test/app:1"}));
    EXPECT_EQ(list[0]["RepoDigests"], json::array());
    EXPECT_EQ(list[0]["Size"], 30);
    EXPECT_EQ(list[0]["VirtualSize"], 30);
    EXPECT_EQ(list[0]["SharedSize"], -1);
    EXPECT_EQ(list[0]["Containers"], -1);
    EXPECT_EQ(list[0]["Labels"], json({{"a", "b"}}));
    EXPECT_EQ(list[0]["ParentId"], "");
    EXPECT_TRUE(list[0]["Created"].is_number_integer());

    const json inspect = Body(*Call("GET", "/v1.41/images/test/app:1/json"));
    EXPECT_EQ(inspect["Id"], id);
    EXPECT_EQ(inspect["Comment"], "hello");
    EXPECT_EQ(inspect["Os"], "linux");
    EXPECT_EQ(inspect["Architecture"], "amd64");
    EXPECT_EQ(inspect["Config"]["Cmd"], json({"/bin/hi"}));
    EXPECT_EQ(inspect["Config"]["ExposedPorts"], json({{"80/tcp", json::object()}}));
    EXPECT_EQ(inspect["Config"]["Env"], nullptr);
    EXPECT_EQ(inspect["ContainerConfig"]["Hostname"], "");
    EXPECT_EQ(inspect["RootFS"], json({{"Type", "layers"}, {"Layers", {kLayerDiffId}}}));
    EXPECT_EQ(inspect["GraphDriver"]["Name"], "overlay2");
    EXPECT_EQ(inspect["GraphDriver"]["Data"]["UpperDir"],
              store_.layers().DiffDirectory(Digest::Parse(kLayerDiffId)).string());
    EXPECT_TRUE(inspect["Created"].get<std::string>().ends_with("Z"));
    EXPECT_NE(inspect["Metadata"]["LastTagTime"], "0001-01-01T00:00:00Z");

    const json history = Body(*Call("GET", "/images/" + id.substr(7, 12) + "/history"));
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0]["Id"], id);
    EXPECT_EQ(history[0]["Tags"], json({"test/app:1"}));
    EXPECT_EQ(history[0]["Comment"], "hello");
    EXPECT_EQ(history[0]["CreatedBy"], "");
    EXPECT_EQ(history[0]["Size"], 30);
}

TEST_F(ImageRoutesTest, DanglingImagesShowNoneAndFiltersApply) {
    const std::string id = Import("");
    const json list = Body(*Call("GET", "/images/json?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%7D"));
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["RepoTags"], json({"<none>:<none>"}));
    EXPECT_EQ(list[0]["RepoDigests"], json({"<none>@<none>"}));
    EXPECT_EQ(Body(*Call("GET", "/images/" + id + "/json"))["RepoTags"], json::array());
    EXPECT_EQ(Body(*Call("GET", "/images/json?filters=%7B%22reference%22%3A%5B%22x%22%5D%7D")), json::array());
    const auto bad = Call("GET", "/images/json?filters=%7B%22color%22%3A%5B%22x%22%5D%7D");
    EXPECT_EQ(bad->status, 400u);
    EXPECT_EQ(Body(*bad)["message"], "invalid filter 'color'");
}

TEST_F(ImageRoutesTest, TagAndDeleteWithDockerStatuses) {
    const std::string id = Import("repo=app&tag=1");
    events_.clear();
    const auto tagged = Call("POST", "/v1.41/images/app:1/tag?repo=localhost:5000/app&tag=2");
    EXPECT_EQ(tagged->status, 201u);
    EXPECT_EQ(tagged->body, "");
    ASSERT_EQ(events_.size(), 1u);
    EXPECT_EQ(events_[0].attributes.at("name"), "localhost:5000/app:2");
    EXPECT_EQ(Call("POST", "/images/app:1/tag?repo=app&tag=-x")->status, 400u);
    EXPECT_EQ(Call("POST", "/images/app:1/tag?repo=Bad")->status, 400u);
    EXPECT_EQ(Call("POST", "/images/nope/tag?repo=x")->status, 404u);

    const auto conflict = Call("DELETE", "/images/" + id.substr(7));
    EXPECT_EQ(conflict->status, 409u);
    EXPECT_EQ(Body(*conflict)["message"],
              "conflict: unable to delete " + id.substr(7, 12) +
                  " (must be forced) - image is referenced in multiple repositories");
    events_.clear();
    EXPECT_EQ(Body(*Call("DELETE", "/images/app:1")), json::array({{{"Untagged", "app:1"}}}));
    EXPECT_EQ(Body(*Call("DELETE", "/images/localhost:5000/app:2?force=1")),
              json::array({{{"Untagged", "localhost:5000/app:2"}}, {{"Deleted", id}}, {{"Deleted", kLayerDiffId}}}));
    ASSERT_EQ(events_.size(), 3u);
    EXPECT_EQ(events_[0].action, "untag");
    EXPECT_EQ(events_[2].action, "delete");
    EXPECT_EQ(events_[2].attributes, (std::map<std::string, std::string>{{"name", id}}));
    const auto missing = Call("DELETE", "/images/app:1");
    EXPECT_EQ(missing->status, 404u);
    EXPECT_EQ(Body(*missing)["message"], "No such image: app:1");
}

TEST_F(ImageRoutesTest, ContainerUseComesFromTheCallback) {
    const std::string id = Import("repo=app");
    context_.container_uses = [](const std::string&) {
        return std::vector<image::ContainerUse>{{std::string(64, 'a'), true}};
    };
    const auto response = Call("DELETE", "/images/app");
    EXPECT_EQ(response->status, 409u);
    EXPECT_EQ(Body(*response)["message"],
              "conflict: unable to remove repository reference \"app\" (must force) - container " +
                  std::string(12, 'a') + " is using its referenced image " + id.substr(7, 12));
    const json usage = ImageDiskUsage(context_);
    EXPECT_EQ(usage["LayersSize"], 30);
    EXPECT_EQ(usage["Images"][0]["Containers"], 1);
    EXPECT_EQ(usage["Images"][0]["SharedSize"], 0);
}

TEST_F(ImageRoutesTest, PullAnswersFromWhatIsHere) {
    Import("repo=busybox");
    const auto present = Call("POST", "/v1.41/images/create?fromImage=busybox&tag=latest");
    EXPECT_EQ(present->status, 200u);
    EXPECT_EQ(Stream(*present),
              "{\"id\":\"latest\",\"status\":\"Pulling from library/busybox\"}\r\n"
              "{\"status\":\"Status: Image is up to date for busybox:latest\"}\r\n");
    const auto missing = Call("POST", "/v1.41/images/create?fromImage=nginx");
    EXPECT_EQ(missing->status, 200u);
    const json error = json::parse(Stream(*missing));
    EXPECT_EQ(error["error"], error["errorDetail"]["message"]);
    const std::string message = error["error"];
    EXPECT_NE(message.find("cannot pull nginx:latest: no registry is configured"), std::string::npos) << message;
    EXPECT_NE(message.find("docker load"), std::string::npos);
    EXPECT_NE(message.find("docker import"), std::string::npos);
    EXPECT_EQ(Call("POST", "/images/create?fromImage=Bad%20Name")->status, 400u);
    const auto url = Call("POST", "/images/create?fromSrc=http://example.com/rootfs.tar");
    EXPECT_EQ(url->status, 400u);
    EXPECT_TRUE(Body(*url)["message"].get<std::string>().starts_with("importing from a URL is not supported"));
    EXPECT_EQ(Call("POST", "/images/create?fromSrc=-&changes=RUN%20x", Fixture("layer.tar"))->status, 400u);
}

TEST_F(ImageRoutesTest, PruneRemovesDanglingImagesAndReports) {
    Import("repo=kept");
    const std::string dangling = store_
                                     .Create(json({{"created", "2024-01-01T00:00:00Z"},
                                                   {"rootfs", {{"type", "layers"}, {"diff_ids", json::array()}}}})
                                                 .dump(),
                                             {})
                                     .id;
    events_.clear();
    const json report = Body(*Call("POST", "/v1.41/images/prune?filters=%7B%22until%22%3A%5B%221h%22%5D%7D"));
    EXPECT_EQ(report, json({{"ImagesDeleted", {{{"Deleted", dangling}}}}, {"SpaceReclaimed", 0}}));
    ASSERT_EQ(events_.size(), 2u);
    EXPECT_EQ(events_[1].action, "prune");
    EXPECT_EQ(Call("POST", "/images/prune?filters=%7B%22until%22%3A%5B%22soon%22%5D%7D")->status, 400u);
}

TEST(ImageFiltersTest, FilterTimesAsMobyReadsThem) {
    const image::UnixNanos now = 1'700'000'000'000'000'000;
    EXPECT_EQ(ParseFilterTime("10m", now), now - 600'000'000'000);
    EXPECT_EQ(ParseFilterTime("1700000000.5", now), 1'700'000'000'500'000'000);
    EXPECT_EQ(ParseFilterTime("2023-11-14", now), 1'699'920'000'000'000'000);
    EXPECT_EQ(ParseFilterTime("2023-11-14T22:13:20Z", now), 1'700'000'000'000'000'000);
    EXPECT_EQ(ParseFilterTime("2023-11-14T22:13:20", now), 1'700'000'000'000'000'000);
    EXPECT_THROW(ParseFilterTime("yesterday", now), Error);
}

}  // namespace
}  // namespace engine::daemon
