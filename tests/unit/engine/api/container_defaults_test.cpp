#include "engine/api/container_defaults.hpp"

#include <gtest/gtest.h>

#include "engine/api/container_config_json.hpp"
#include "engine/api/container_create.hpp"

namespace engine::api {
namespace {

using nlohmann::json;

HostConfig Created(const json& host_config) {
    return ParseContainerCreate({{"Image", "busybox"}, {"HostConfig", host_config}}, ApiVersion(1, 41), {}).host_config;
}

// What `docker inspect` shows for `docker run --memory 64m busybox` on a cgroup v1 host.
TEST(HostConfigDefaults, MobyAdaptations) {
    HostConfig host = Created({{"Memory", 67108864}});
    ApplyHostConfigDefaults(host, HostConfigDefaults{});
    const json rendered = HostConfigJson(host);
    EXPECT_EQ(rendered["MemorySwap"], 134217728);
    EXPECT_EQ(rendered["ShmSize"], 67108864);
    EXPECT_EQ(rendered["IpcMode"], "private");
    EXPECT_EQ(rendered["CgroupnsMode"], "host");
    EXPECT_EQ(rendered["OomKillDisable"], false);
    EXPECT_EQ(rendered["LogConfig"], json::parse(R"({"Type": "json-file", "Config": {}})"));
}

TEST(HostConfigDefaults, KeepsWhatWasAsked) {
    HostConfig host = Created({{"Memory", 67108864},
                               {"MemorySwap", -1},
                               {"ShmSize", 1024},
                               {"IpcMode", "host"},
                               {"OomKillDisable", true},
                               {"LogConfig", {{"Type", "none"}}}});
    HostConfigDefaults defaults;
    defaults.log_opts = {{"max-size", "10m"}};
    ApplyHostConfigDefaults(host, defaults);
    EXPECT_EQ(host.resources.memory_swap, -1);
    EXPECT_EQ(host.shm_size, 1024);
    EXPECT_EQ(host.ipc_mode, "host");
    EXPECT_EQ(host.resources.oom_kill_disable, true);
    EXPECT_EQ(host.log_config.type, "none");
    EXPECT_EQ(host.log_config.config, (std::map<std::string, std::string>{}));
}

TEST(HostConfigDefaults, DaemonLogOptionsAndCgroupV2) {
    HostConfig host = Created({{"LogConfig", {{"Type", "json-file"}, {"Config", {{"max-file", "2"}}}}}});
    HostConfigDefaults defaults;
    defaults.log_opts = {{"max-size", "10m"}, {"max-file", "5"}};
    defaults.cgroupns_mode = "private";
    defaults.swap_limit_supported = false;
    ApplyHostConfigDefaults(host, defaults);
    EXPECT_EQ(host.log_config.config, (std::map<std::string, std::string>{{"max-file", "2"}, {"max-size", "10m"}}));
    EXPECT_EQ(host.cgroupns_mode, "private");
    HostConfig privileged = Created({{"Privileged", true}, {"Memory", 67108864}});
    ApplyHostConfigDefaults(privileged, defaults);
    EXPECT_EQ(privileged.cgroupns_mode, "private");
    EXPECT_EQ(privileged.resources.memory_swap, -1);
    HostConfig privileged_v1 = Created({{"Privileged", true}});
    ApplyHostConfigDefaults(privileged_v1, HostConfigDefaults{});
    EXPECT_EQ(privileged_v1.cgroupns_mode, "host");
}

}  // namespace
}  // namespace engine::api
