#include "compose/reconcile/observe.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/compose/cli/fake_compose_engine.hpp"

namespace compose::reconcile {
namespace {

using nlohmann::json;
using testing_fake = compose::cli::testing::FakeComposeEngine;

json Summary(const std::string& id,
             const std::string& name,
             const std::string& service,
             const std::string& number,
             const std::string& state,
             const std::string& status) {
    return json{{"Id", id},
                {"Names", {"/" + name}},
                {"Image", "busybox"},
                {"ImageID", "sha256:img"},
                {"State", state},
                {"Status", status},
                {"Labels",
                 {{"com.docker.compose.project", "demo"},
                  {"com.docker.compose.service", service},
                  {"com.docker.compose.container-number", number},
                  {"com.docker.compose.oneoff", "False"},
                  {"com.docker.compose.config-hash", "h-" + id}}},
                {"NetworkSettings", {{"Networks", {{"demo_default", json::object()}}}}},
                {"Mounts",
                 {{{"Type", "volume"}, {"Name", "demo_data"}, {"Destination", "/data"}},
                  {{"Type", "bind"}, {"Source", "/tmp"}, {"Destination", "/tmp"}}}}};
}

TEST(Observe, ReadsContainersFromLabelsAndStatusSortedByServiceAndNumber) {
    testing_fake api;
    api.replies["ContainerList"] = json::array({
        Summary("c3", "demo-web-2", "web", "2", "running", "Up 3 seconds (health: starting)"),
        Summary("c1", "demo-web-1", "web", "1", "running", "Up 5 minutes (healthy)"),
        Summary("c2", "demo-db-1", "db", "1", "exited", "Exited (137) 2 minutes ago"),
    });
    const ObservedState state = Observe(api, "demo", nullptr);
    ASSERT_EQ(state.containers.size(), 3U);
    EXPECT_EQ(state.containers[0].name, "demo-db-1");
    EXPECT_EQ(state.containers[0].exit_code, 137);
    EXPECT_EQ(state.containers[0].state, "exited");
    EXPECT_EQ(state.containers[1].name, "demo-web-1");
    EXPECT_EQ(state.containers[1].health, "healthy");
    EXPECT_EQ(state.containers[1].number, 1);
    EXPECT_EQ(state.containers[1].config_hash, "h-c1");
    EXPECT_EQ(state.containers[1].image_id, "sha256:img");
    EXPECT_FALSE(state.containers[1].oneoff);
    EXPECT_EQ(state.containers[1].networks, std::set<std::string>{"demo_default"});
    EXPECT_EQ(state.containers[1].volumes, std::set<std::string>{"demo_data"});
    EXPECT_EQ(state.containers[2].health, "starting");
    EXPECT_EQ(api.calls.front(),
              "ContainerList all=1 limit=0 size=0 filters={\"label\":{\"com.docker.compose.project=demo\":true}}");
}

TEST(Observe, InspectsAnExitedContainerWhoseStatusHasNoCode) {
    testing_fake api;
    api.replies["ContainerList"] = json::array({Summary("c1", "demo-job-1", "job", "1", "exited", "Exited")});
    api.replies["ContainerInspect c1"] = json{{"State", {{"ExitCode", 3}}}};
    const ObservedState state = Observe(api, "demo", nullptr);
    EXPECT_EQ(state.containers.at(0).exit_code, 3);
}

TEST(Observe, ListsLabelledNetworksAndVolumesAndFindsDeclaredOnesByName) {
    testing_fake api;
    api.replies["NetworkList"] = json::array(
        {{{"Name", "demo_default"},
          {"Id", "n1"},
          {"Labels", {{"com.docker.compose.network", "default"}, {"com.docker.compose.config-hash", "nh"}}}}});
    api.replies["VolumeList"] =
        json{{"Volumes", json::array({{{"Name", "demo_data"}, {"Labels", {{"com.docker.compose.volume", "data"}}}}})}};
    api.replies["NetworkInspect shared"] = json{{"Name", "shared"}, {"Id", "n2"}, {"Labels", json::object()}};
    api.errors.emplace("VolumeInspect gone", engine::Error(engine::Errc::kNotFound, "no such volume"));
    model::Project project;
    project.name = "demo";
    project.config["networks"]["default"]["name"] = model::Value("demo_default");
    project.config["networks"]["outside"]["name"] = model::Value("shared");
    project.config["volumes"]["data"]["name"] = model::Value("demo_data");
    project.config["volumes"]["old"]["name"] = model::Value("gone");

    const ObservedState state = Observe(api, "demo", &project);
    ASSERT_EQ(state.networks.size(), 2U);
    EXPECT_EQ(state.networks.at("demo_default").id, "n1");
    EXPECT_EQ(state.networks.at("demo_default").key, "default");
    EXPECT_EQ(state.networks.at("demo_default").config_hash, "nh");
    EXPECT_EQ(state.networks.at("shared").id, "n2");
    EXPECT_EQ(state.networks.at("shared").key, "");
    ASSERT_EQ(state.volumes.size(), 1U);
    EXPECT_EQ(state.volumes.at("demo_data").key, "data");
    EXPECT_EQ(state.volumes.at("demo_data").id, "demo_data");
    // Already-listed resources are not inspected again.
    EXPECT_TRUE(api.CallsStartingWith("NetworkInspect demo_default").empty());
    EXPECT_EQ(api.CallsStartingWith("VolumeInspect").size(), 1U);
}

TEST(Observe, PassesOtherInspectErrorsThrough) {
    testing_fake api;
    api.errors.emplace("NetworkInspect x", engine::Error(engine::Errc::kUnavailable, "daemon gone"));
    model::Project project;
    project.name = "demo";
    project.config["networks"]["n"]["name"] = model::Value("x");
    EXPECT_THROW(Observe(api, "demo", &project), engine::Error);
}

}  // namespace
}  // namespace compose::reconcile
