#include "engine/daemon/volume_routes.hpp"

#include <fstream>
#include <regex>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/daemon/fake_response_writer.hpp"

namespace engine::daemon {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::FakeResponseWriter;
using testing::MakeRequest;

struct SeenEvent {
    std::string action;
    std::string name;
    std::map<std::string, std::string> attributes;
    friend bool operator==(const SeenEvent&, const SeenEvent&) = default;
};

class VolumeRoutesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        context_.users = [this](const std::string& name) {
            const auto found = users_.find(name);
            return found == users_.end() ? std::vector<std::string>{} : found->second;
        };
        context_.emit_event = [this](std::string action, std::string name, std::map<std::string, std::string> attrs) {
            events_.push_back({std::move(action), std::move(name), std::move(attrs)});
        };
        AddVolumeRoutes(router_, context_);
    }

    std::unique_ptr<FakeResponseWriter> Call(std::string method, std::string target, std::string body = "") {
        http::Request request = MakeRequest(std::move(method), std::move(target), std::move(body));
        auto response = std::make_unique<FakeResponseWriter>();
        router_.Handle(request, *response);
        return response;
    }
    // The body as JSON with each CreatedAt checked for RFC 3339 form and replaced by "<time>".
    static json Body(const FakeResponseWriter& response) {
        json body = json::parse(response.body);
        const auto scrub = [](json& volume) {
            const std::string created = volume.at("CreatedAt").get<std::string>();
            EXPECT_TRUE(std::regex_match(created, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << created;
            volume["CreatedAt"] = "<time>";
        };
        if (body.contains("Volumes")) {
            for (json& volume : body["Volumes"]) {
                scrub(volume);
            }
        } else if (body.contains("CreatedAt")) {
            scrub(body);
        }
        return body;
    }
    std::string Mountpoint(const std::string& name) const { return (dir_.path() / name / "_data").string(); }
    std::vector<std::string> ListedNames(const std::string& query) {
        const auto response = Call("GET", "/v1.41/volumes" + query);
        EXPECT_EQ(response->status, 200u) << response->body;
        std::vector<std::string> names;
        const json body = json::parse(response->body);
        for (const json& volume : body["Volumes"]) {
            names.push_back(volume["Name"]);
        }
        return names;
    }

    engine::testing::TempDir dir_;
    volume::VolumeStore store_{dir_.path()};
    VolumeRoutesContext context_{.volumes = store_};
    Router router_;
    std::map<std::string, std::vector<std::string>> users_;
    std::vector<SeenEvent> events_;
};

TEST_F(VolumeRoutesTest, CreateAsTheDockerCliSendsIt) {
    const auto created =
        Call("POST", "/v1.41/volumes/create", R"({"Name":"data","Driver":"local","DriverOpts":{},"Labels":{"a":"b"}})");
    ASSERT_EQ(created->status, 201u) << created->body;
    EXPECT_EQ(created->content_type, "application/json");
    EXPECT_EQ(Body(*created),
              json::parse(R"({"CreatedAt":"<time>","Driver":"local","Labels":{"a":"b"},
        "Mountpoint":")" + Mountpoint("data") +
                          R"(","Name":"data","Options":{},"Scope":"local"})"));
    EXPECT_EQ(events_, (std::vector<SeenEvent>{{"create", "data", {{"driver", "local"}}}}));

    // Same name again: the existing volume, 201, no second event (moby's idempotent create).
    const auto again = Call("POST", "/volumes/create", R"({"Name":"data","Labels":{"other":"x"}})");
    EXPECT_EQ(again->status, 201u);
    EXPECT_EQ(Body(*again)["Labels"], json::parse(R"({"a":"b"})"));
    EXPECT_EQ(events_.size(), 1u);

    const auto inspected = Call("GET", "/v1.41/volumes/data");
    EXPECT_EQ(inspected->status, 200u);
    EXPECT_EQ(Body(*inspected), Body(*created));
}

TEST_F(VolumeRoutesTest, CreateWithoutANameAsDockerPyMayDoIt) {
    const auto created = Call("POST", "/v1.41/volumes/create", "{}");
    ASSERT_EQ(created->status, 201u) << created->body;
    const json body = Body(*created);
    const std::string name = body["Name"];
    EXPECT_EQ(name.size(), 64u);
    EXPECT_EQ(body,
              json::parse(R"({"CreatedAt":"<time>","Driver":"local","Labels":null,"Mountpoint":")" + Mountpoint(name) +
                          R"(","Name":")" + name + R"(","Options":null,"Scope":"local"})"));
}

TEST_F(VolumeRoutesTest, CreateErrorsAndStatuses) {
    const auto bad_name = Call("POST", "/volumes/create", R"({"Name":"a"})");
    EXPECT_EQ(bad_name->status, 400u);
    EXPECT_EQ(bad_name->body,
              "{\"message\":\"create a: volume name is too short, names should be at least two alphanumeric "
              "characters\"}\n");
    const auto bad_option = Call("POST", "/volumes/create", R"({"Name":"ab","DriverOpts":{"foo":"1"}})");
    EXPECT_EQ(bad_option->status, 400u);
    EXPECT_EQ(bad_option->body, "{\"message\":\"create ab: invalid option key: \\\"foo\\\"\"}\n");
    const auto bad_driver = Call("POST", "/volumes/create", R"({"Name":"ab","Driver":"nfs"})");
    EXPECT_EQ(bad_driver->status, 404u);
    EXPECT_EQ(bad_driver->body, "{\"message\":\"create ab: volume driver nfs not supported: only local\"}\n");
    const auto bad_type = Call("POST", "/volumes/create", R"({"Name":"ab","Labels":{"a":1}})");
    EXPECT_EQ(bad_type->status, 400u);
    EXPECT_TRUE(events_.empty());
}

TEST_F(VolumeRoutesTest, ListWithFilters) {
    Call("POST", "/volumes/create", R"({"Name":"web-data","Labels":{"tier":"web","env":"prod"}})");
    Call("POST", "/volumes/create", R"({"Name":"db-data","Labels":{"tier":"db"}})");
    Call("POST", "/volumes/create", R"({"Name":"cache"})");
    users_["db-data"] = {"c1"};

    const auto all = Call("GET", "/v1.41/volumes");
    ASSERT_EQ(all->status, 200u);
    const json body = Body(*all);
    EXPECT_EQ(body["Warnings"], nullptr);
    ASSERT_EQ(body["Volumes"].size(), 3u);
    EXPECT_EQ(body["Volumes"][0],
              json::parse(R"({"CreatedAt":"<time>","Driver":"local","Labels":null,"Mountpoint":")" +
                          Mountpoint("cache") + R"(","Name":"cache","Options":null,"Scope":"local"})"));

    EXPECT_EQ(ListedNames("?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%7D"),
              (std::vector<std::string>{"cache", "web-data"}));  // {"dangling":{"true":true}}
    EXPECT_EQ(ListedNames("?filters=%7B%22dangling%22%3A%5B%220%22%5D%7D"),
              (std::vector<std::string>{"db-data"}));  // {"dangling":["0"]}
    EXPECT_EQ(ListedNames("?filters=%7B%22label%22%3A%5B%22tier%22%5D%7D"),
              (std::vector<std::string>{"db-data", "web-data"}));  // {"label":["tier"]}
    EXPECT_EQ(ListedNames("?filters=%7B%22label%22%3A%5B%22tier%3Dweb%22%5D%7D"),
              (std::vector<std::string>{"web-data"}));  // {"label":["tier=web"]}
    EXPECT_EQ(ListedNames("?filters=%7B%22name%22%3A%5B%22data%22%5D%7D"),
              (std::vector<std::string>{"db-data", "web-data"}));  // {"name":["data"]}: a substring
    EXPECT_EQ(ListedNames("?filters=%7B%22driver%22%3A%5B%22local%22%5D%7D").size(), 3u);
    EXPECT_TRUE(ListedNames("?filters=%7B%22driver%22%3A%5B%22nfs%22%5D%7D").empty());

    const auto bad = Call("GET", "/volumes?filters=%7B%22dangling%22%3A%5B%22maybe%22%5D%7D");
    EXPECT_EQ(bad->status, 400u);
    EXPECT_EQ(bad->body, "{\"message\":\"invalid filter 'dangling=[maybe]'\"}\n");
    const auto unknown = Call("GET", "/volumes?filters=%7B%22color%22%3A%5B%22red%22%5D%7D");
    EXPECT_EQ(unknown->status, 400u);
    EXPECT_EQ(unknown->body, "{\"message\":\"invalid filter 'color'\"}\n");
}

TEST_F(VolumeRoutesTest, InspectAndDeleteMissing) {
    const auto missing = Call("GET", "/v1.41/volumes/nope");
    EXPECT_EQ(missing->status, 404u);
    EXPECT_EQ(missing->body, "{\"message\":\"get nope: no such volume\"}\n");
    const auto deleted = Call("DELETE", "/v1.41/volumes/nope");
    EXPECT_EQ(deleted->status, 404u);
    EXPECT_EQ(deleted->body, "{\"message\":\"get nope: no such volume\"}\n");
    const auto forced = Call("DELETE", "/v1.41/volumes/nope?force=1");
    EXPECT_EQ(forced->status, 204u);
    EXPECT_TRUE(events_.empty());
}

TEST_F(VolumeRoutesTest, DeleteRefusesAVolumeInUse) {
    Call("POST", "/volumes/create", R"({"Name":"data"})");
    users_["data"] = {"4f2c1a", "9e8d7c"};
    const auto busy = Call("DELETE", "/v1.41/volumes/data?force=1");
    EXPECT_EQ(busy->status, 409u);
    EXPECT_EQ(busy->body, "{\"message\":\"remove data: volume is in use - [4f2c1a, 9e8d7c]\"}\n");

    users_.clear();
    events_.clear();
    const auto removed = Call("DELETE", "/v1.41/volumes/data");
    EXPECT_EQ(removed->status, 204u);
    EXPECT_EQ(removed->body, "");
    EXPECT_EQ(events_, (std::vector<SeenEvent>{{"destroy", "data", {{"driver", "local"}}}}));
    EXPECT_FALSE(fs::exists(dir_.path() / "data"));
}

TEST_F(VolumeRoutesTest, PruneUnusedWithLabelFilters) {
    Call("POST", "/volumes/create", R"({"Name":"keep","Labels":{"keep":"yes"}})");
    Call("POST", "/volumes/create", R"({"Name":"used"})");
    Call("POST", "/volumes/create", R"({"Name":"old"})");
    std::ofstream(dir_.path() / "old/_data/file") << std::string(300, 'x');
    users_["used"] = {"c1"};
    events_.clear();

    // {"label!":["keep"]}
    const auto pruned = Call("POST", "/v1.41/volumes/prune?filters=%7B%22label!%22%3A%5B%22keep%22%5D%7D");
    ASSERT_EQ(pruned->status, 200u) << pruned->body;
    EXPECT_EQ(json::parse(pruned->body), json::parse(R"({"VolumesDeleted":["old"],"SpaceReclaimed":300})"));
    EXPECT_EQ(
        events_,
        (std::vector<SeenEvent>{{"destroy", "old", {{"driver", "local"}}}, {"prune", "", {{"reclaimed", "300"}}}}));

    const auto nothing = Call("POST", "/v1.41/volumes/prune?filters=%7B%22label%22%3A%5B%22none%22%5D%7D");
    EXPECT_EQ(nothing->body, "{\"SpaceReclaimed\":0,\"VolumesDeleted\":[]}\n");
    const auto bad = Call("POST", "/v1.41/volumes/prune?filters=%7B%22dangling%22%3A%5B%22true%22%5D%7D");
    EXPECT_EQ(bad->status, 400u);
    EXPECT_EQ(bad->body, "{\"message\":\"invalid filter 'dangling'\"}\n");
}

TEST_F(VolumeRoutesTest, DiskUsageListsLocalVolumesWithSizeAndRefCount) {
    Call("POST", "/volumes/create", R"({"Name":"data"})");
    Call("POST", "/volumes/create", R"({"Name":"tmp","DriverOpts":{"type":"tmpfs","device":"tmpfs"}})");
    std::ofstream(dir_.path() / "data/_data/file") << "12345";
    users_["data"] = {"c1", "c2"};
    json usage = VolumeDiskUsage(context_);
    ASSERT_EQ(usage.size(), 1u);
    usage[0]["CreatedAt"] = "<time>";
    EXPECT_EQ(usage[0],
              json::parse(R"({"CreatedAt":"<time>","Driver":"local","Labels":null,"Mountpoint":")" +
                          Mountpoint("data") + R"(","Name":"data","Options":null,"Scope":"local",
                                    "UsageData":{"RefCount":2,"Size":5}})"));
}

}  // namespace
}  // namespace engine::daemon
