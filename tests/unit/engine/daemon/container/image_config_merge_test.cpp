#include "engine/daemon/container/image_config_merge.hpp"

#include <gtest/gtest.h>

namespace engine::daemon {
namespace {

api::ContainerConfig Image() {
    api::ContainerConfig image;
    image.user = "nobody";
    image.env = std::vector<std::string>{"PATH=/bin", "LANG=C"};
    image.cmd = std::vector<std::string>{"sh"};
    image.working_dir = "/srv";
    image.labels = std::map<std::string, std::string>{{"a", "image"}, {"b", "image"}};
    image.volumes = std::set<std::string>{"/data"};
    image.stop_signal = "SIGQUIT";
    image.healthcheck = api::HealthConfig{std::vector<std::string>{"CMD", "true"}, 1000, 2000, 0, 0, 3};
    return image;
}

TEST(ImageConfigMergeTest, ImageFillsWhatTheUserLeftUnset) {
    api::ContainerConfig user;
    MergeImageConfig(user, Image());
    EXPECT_EQ(user.user, "nobody");
    EXPECT_EQ(user.env, (std::vector<std::string>{"PATH=/bin", "LANG=C"}));
    EXPECT_EQ(user.cmd, std::vector<std::string>{"sh"});
    EXPECT_EQ(user.working_dir, "/srv");
    EXPECT_EQ(user.stop_signal, "SIGQUIT");
    EXPECT_EQ(user.volumes, std::set<std::string>{"/data"});
    ASSERT_TRUE(user.healthcheck);
    EXPECT_EQ(user.healthcheck->retries, 3);
}

TEST(ImageConfigMergeTest, UserValuesWinAndListsAreMergedByKey) {
    api::ContainerConfig user;
    user.env = std::vector<std::string>{"LANG=de_DE"};
    user.labels = std::map<std::string, std::string>{{"a", "user"}};
    user.entrypoint = std::vector<std::string>{"/bin/echo"};
    user.healthcheck = api::HealthConfig{std::vector<std::string>{"CMD", "false"}, 0, 5000, 0, 0, 0};
    MergeImageConfig(user, Image());
    EXPECT_EQ(user.env, (std::vector<std::string>{"LANG=de_DE", "PATH=/bin"}));
    EXPECT_EQ(user.labels->at("a"), "user");
    EXPECT_EQ(user.labels->at("b"), "image");
    // An entrypoint of the user's keeps the image's Cmd out.
    EXPECT_FALSE(user.cmd);
    EXPECT_EQ(user.healthcheck->test, (std::vector<std::string>{"CMD", "false"}));
    EXPECT_EQ(user.healthcheck->interval, 1000);
    EXPECT_EQ(user.healthcheck->timeout, 5000);
}

}  // namespace
}  // namespace engine::daemon
