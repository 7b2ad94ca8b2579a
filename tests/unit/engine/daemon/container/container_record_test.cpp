#include "engine/daemon/container/container_record.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::daemon {
namespace {

TEST(ContainerRecordTest, SurvivesTheJsonRoundTrip) {
    ContainerRecord record;
    record.id = std::string(64, 'a');
    record.name = "/web";
    record.created = 1700000000123456789;
    record.image_ref = "busybox";
    record.image_id = "sha256:" + std::string(64, 'b');
    record.config.image = "busybox";
    record.config.cmd = std::vector<std::string>{"sh", "-c", "echo hi"};
    record.config.tty = true;
    record.host_config.resources.memory = 64 << 20;
    record.host_config.restart_policy = {"on-failure", 3};
    record.host_config.log_config = {"json-file", std::map<std::string, std::string>{{"max-size", "1m"}}};
    record.path = "sh";
    record.args = {"-c", "echo hi"};
    MountRecord mount;
    mount.type = "volume";
    mount.name = "data";
    mount.destination = "/data";
    mount.anonymous = true;
    record.mounts.push_back(mount);
    record.state.running = true;
    record.state.pid = 42;
    record.state.health = api::HealthState{"healthy", 0, {{1, 2, 0, "ok\n"}}};
    record.restart_count = 2;
    record.has_been_started_before = true;
    record.runtime = "crun";

    const ContainerRecord back = ContainerRecordFromJson(ContainerRecordToJson(record));
    EXPECT_EQ(back.id, record.id);
    EXPECT_EQ(back.name, "/web");
    EXPECT_EQ(back.created, record.created);
    EXPECT_EQ(back.config.cmd, record.config.cmd);
    EXPECT_TRUE(back.config.tty);
    EXPECT_EQ(back.host_config.resources.memory, 64 << 20);
    EXPECT_EQ(back.host_config.restart_policy.name, "on-failure");
    EXPECT_EQ(back.host_config.restart_policy.maximum_retry_count, 3);
    EXPECT_EQ(back.host_config.log_config.config->at("max-size"), "1m");
    EXPECT_EQ(back.args, record.args);
    EXPECT_EQ(back.mounts, record.mounts);
    EXPECT_TRUE(back.state.running);
    EXPECT_EQ(back.state.pid, 42);
    ASSERT_TRUE(back.state.health);
    EXPECT_EQ(back.state.health->status, "healthy");
    EXPECT_EQ(back.state.health->log.at(0).output, "ok\n");
    EXPECT_EQ(back.restart_count, 2);
    EXPECT_TRUE(back.has_been_started_before);
    EXPECT_EQ(back.runtime, "crun");
}

TEST(ContainerRecordTest, MalformedRecordsAreNamed) {
    EXPECT_THROW(ContainerRecordFromJson(nlohmann::json::object()), Error);
}

}  // namespace
}  // namespace engine::daemon
