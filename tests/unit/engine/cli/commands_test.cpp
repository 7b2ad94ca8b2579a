// `berth` verbs wired end to end against the in-memory EngineApi: what each sends, what it
// prints, and the exit status, as docker's CLI would.
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/unit/engine/cli/cli_runner.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;
using testing::Berth;
using testing::FakeEngineApi;
using testing::Image;
using testing::kNow;
using testing::Result;
using testing::Stdio;

const std::string kId1 = "sha256:1111111111112222222222223333333333334444444444445555555555556666";
const std::string kId2 = "sha256:aaaaaaaaaaaabbbbbbbbbbbbccccccccccccddddddddddddeeeeeeeeeeeeffff";

TEST(ImagesCommandTest, PrintsDockersTable) {
    FakeEngineApi api;
    api.replies.emplace(
        "ImageList",
        json::array({Image(kId1, {"busybox:latest", "localhost:5000/tools/busybox:1"}, kNow - 2 * 86400, 4270000),
                     Image(kId2, json::array(), kNow - 3600, 999)}));
    const Result result = Berth(api, {"images"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out,
              "REPOSITORY                     TAG       IMAGE ID       CREATED             SIZE\n"
              "busybox                        latest    111111111111   2 days ago          4.27MB\n"
              "localhost:5000/tools/busybox   1         111111111111   2 days ago          4.27MB\n"
              "<none>                         <none>    aaaaaaaaaaaa   About an hour ago   999B\n");
    EXPECT_EQ(result.endpoint, "unix:///run/berth/berthd.sock");
    EXPECT_EQ(api.calls, std::vector<std::string>{"ImageList all=0 filters="});
}

TEST(ImagesCommandTest, QuietJsonDigestsAndFilters) {
    FakeEngineApi api;
    api.replies.emplace("ImageList",
                        json::array({Image(kId1,
                                           {"busybox:latest"},
                                           kNow - 60,
                                           1000,
                                           {"busybox@sha256:9999999999999999999999999999999999999999999999999999999999"
                                            "999999"})}));
    EXPECT_EQ(Berth(api, {"image", "ls", "-q", "-a"}).out, "111111111111\n");
    EXPECT_EQ(Berth(api, {"images", "--no-trunc", "--format", "{{.ID}} {{.Repository}}:{{.Tag}}"}).out,
              kId1 + " busybox:latest\n");
    const std::string json_line = Berth(api, {"images", "--format", "json"}).out;
    EXPECT_EQ(json::parse(json_line)["Digest"], "<none>");
    EXPECT_EQ(json::parse(json_line)["CreatedSince"], "About a minute ago");
    EXPECT_EQ(Berth(api, {"images", "--digests", "--format", "{{.Digest}}"}).out,
              "sha256:9999999999999999999999999999999999999999999999999999999999999999\n");
    Berth(api, {"images", "-f", "dangling=true", "--filter", "label=a=b", "busy*"});
    EXPECT_EQ(api.calls.back(),
              R"(ImageList all=0 filters={"dangling":{"true":true},"label":{"a=b":true},"reference":{"busy*":true}})");
}

TEST(ImageInspectCommandTest, PrintsAnArrayAndReportsMissingImages) {
    FakeEngineApi api;
    api.replies.emplace("ImageInspect busybox", json{{"Id", kId1}, {"Config", {{"Cmd", {"sh"}}}}});
    api.errors.emplace("ImageInspect nope", Error(Errc::kNotFound, "Error response from daemon: No such image: nope"));
    const Result result = Berth(api, {"image", "inspect", "busybox", "nope"});
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.out,
              "[\n    {\n        \"Config\": {\n            \"Cmd\": [\n                \"sh\"\n"
              "            ]\n        },\n        \"Id\": \"" +
                  kId1 + "\"\n    }\n]\n");
    EXPECT_EQ(result.err, "Error response from daemon: No such image: nope\n");
    EXPECT_EQ(Berth(api, {"image", "inspect", "nope"}).out, "[]\n");
    EXPECT_EQ(Berth(api, {"image", "inspect", "-f", "{{.Config.Cmd}}", "busybox"}).out, "[sh]\n");
}

TEST(ImageRmCommandTest, PrintsStepsAndFailsOnErrors) {
    FakeEngineApi api;
    api.replies.emplace("ImageRemove busybox", json::array({{{"Untagged", "busybox:latest"}}, {{"Deleted", kId1}}}));
    api.errors.emplace("ImageRemove gone", Error(Errc::kNotFound, "Error response from daemon: No such image: gone"));
    const Result result = Berth(api, {"rmi", "busybox", "gone"});
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.out, "Untagged: busybox:latest\nDeleted: " + kId1 + "\n");
    EXPECT_EQ(result.err, "Error response from daemon: No such image: gone\n");
    const Result forced = Berth(api, {"image", "rm", "-f", "--no-prune", "gone"});
    EXPECT_EQ(forced.code, 0);  // docker: --force makes a missing image a warning
    EXPECT_EQ(forced.err, "Error response from daemon: No such image: gone\n");
    EXPECT_EQ(api.calls.back(), "ImageRemove gone force=1 noprune=1");
}

TEST(ImageTagCommandTest, SplitsTargetIntoRepositoryAndTag) {
    FakeEngineApi api;
    EXPECT_EQ(Berth(api, {"tag", "busybox", "localhost:5000/tools/bb"}).code, 0);
    EXPECT_EQ(Berth(api, {"image", "tag", "busybox:latest", "docker.io/library/mine:v1"}).code, 0);
    EXPECT_EQ(api.calls,
              (std::vector<std::string>{"ImageTag busybox localhost:5000/tools/bb latest",
                                        "ImageTag busybox:latest mine v1"}));
    const Result bad = Berth(api, {"tag", "busybox", "Bad:Name"});
    EXPECT_EQ(bad.code, 1);
    EXPECT_EQ(bad.err,
              "Error parsing reference: \"Bad:Name\" is not a valid repository/tag: invalid reference format: "
              "repository name (library/Bad) must be lowercase\n");
}

TEST(ImageHistoryCommandTest, HumanAndRawColumns) {
    FakeEngineApi api;
    api.replies.emplace(
        "ImageHistory busybox",
        json::array({{{"Id", kId1},
                      {"Created", kNow - 3 * 86400},
                      {"CreatedBy", "/bin/sh -c #(nop)  CMD [\"sh\"]"},
                      {"Size", 0},
                      {"Comment", ""}},
                     {{"Id", "<missing>"},
                      {"Created", kNow - 3 * 86400},
                      {"CreatedBy", "/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789abcdef in / "},
                      {"Size", 4270000},
                      {"Comment", "imported"}}}));
    EXPECT_EQ(Berth(api, {"history", "busybox"}).out,
              "IMAGE          CREATED      CREATED BY                                      SIZE      COMMENT\n"
              "111111111111   3 days ago   /bin/sh -c #(nop)  CMD [\"sh\"]                   0B        \n"
              "<missing>      3 days ago   /bin/sh -c #(nop) ADD file:0123456789abcdef0…   4.27MB    imported\n");
    EXPECT_EQ(
        Berth(api, {"image", "history", "--human=false", "--format", "{{.CreatedSince}} {{.Size}}", "busybox"}).out,
        "2023-11-11T22:13:20Z 0\n2023-11-11T22:13:20Z 4270000\n");
    EXPECT_EQ(Berth(api, {"history", "-q", "busybox"}).out, "111111111111\n<missing>\n");
}

TEST(ImagePruneCommandTest, AsksUnlessForcedAndReportsSpace) {
    FakeEngineApi api;
    api.replies.emplace(
        "ImagePrune",
        json{{"ImagesDeleted", {{{"Untagged", "a:1"}}, {{"Deleted", kId2}}}}, {"SpaceReclaimed", 1234567}});
    Stdio no;
    no.input = "n\n";
    const Result declined = Berth(api, {"image", "prune"}, no);
    EXPECT_EQ(declined.code, 0);
    EXPECT_EQ(declined.out,
              "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ");
    EXPECT_TRUE(api.calls.empty());
    Stdio yes;
    yes.input = "y\n";
    const Result accepted = Berth(api, {"image", "prune", "-a", "--filter", "until=24h"}, yes);
    EXPECT_EQ(accepted.out,
              "WARNING! This will remove all images without at least one container associated to them.\n"
              "Are you sure you want to continue? [y/N] Deleted Images:\nuntagged: a:1\ndeleted: " +
                  kId2 + "\n\nTotal reclaimed space: 1.235MB\n");
    EXPECT_EQ(api.calls, std::vector<std::string>{R"(ImagePrune all=1 filters={"until":{"24h":true}})"});
    EXPECT_EQ(Berth(api, {"image", "prune", "-f"}).out.substr(0, 16), "Deleted Images:\n");
}

}  // namespace
}  // namespace engine::cli
