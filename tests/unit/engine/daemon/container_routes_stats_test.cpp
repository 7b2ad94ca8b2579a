#include "engine/daemon/container_routes_stats.hpp"

#include <gtest/gtest.h>

namespace engine::daemon {
namespace {

using Json = nlohmann::ordered_json;

StatsSample V1Sample() {
    StatsSample sample;
    sample.read_nanos = 1'700'000'001'500'000'000;
    sample.system_cpu_nanos = 9'000'000'000;
    sample.online_cpus = 2;
    sample.machine_memory = 4ull << 30;
    sys::CgroupStats& cgroup = sample.cgroup;
    cgroup.version = sys::CgroupVersion::kV1;
    cgroup.memory = {.usage = 1000,
                     .max_usage = 2000,
                     .failcnt = 0,
                     .limit = 0x7FFFFFFFFFFFF000,  // "no limit" on v1
                     .cache = 10,
                     .rss = 20,
                     .stat = {{"cache", 10}, {"total_inactive_file", 5}}};
    cgroup.cpu = {.total_usage_ns = 300,
                  .percpu_usage_ns = {100, 200},
                  .user_ns = 250,
                  .system_ns = 50,
                  .periods = 1,
                  .throttled_periods = 2,
                  .throttled_time_ns = 3};
    cgroup.pids = {.current = 3, .limit = 0};
    cgroup.blkio.io_service_bytes_recursive = {{8, 0, "Read", 4096}};
    return sample;
}

TEST(ContainerStatsTest, V1SampleHasMobysFieldsInOrder) {
    StatsSample previous = V1Sample();
    previous.read_nanos = 1'700'000'000'500'000'000;
    previous.cgroup.cpu.total_usage_ns = 100;
    const StatsSample current = V1Sample();
    const Json stats = StatsJson("/web", "abc", &current, &previous);
    std::vector<std::string> keys;
    for (const auto& item : stats.items()) {
        keys.push_back(item.key());
    }
    EXPECT_EQ(keys,
              (std::vector<std::string>{"read",
                                        "preread",
                                        "pids_stats",
                                        "blkio_stats",
                                        "num_procs",
                                        "storage_stats",
                                        "cpu_stats",
                                        "precpu_stats",
                                        "memory_stats",
                                        "name",
                                        "id"}));
    EXPECT_EQ(stats["read"], "2023-11-14T22:13:21.5Z");
    EXPECT_EQ(stats["preread"], "2023-11-14T22:13:20.5Z");
    EXPECT_EQ(stats["pids_stats"].dump(), R"({"current":3})");
    EXPECT_EQ(stats["cpu_stats"].dump(),
              R"({"cpu_usage":{"total_usage":300,"percpu_usage":[100,200],"usage_in_kernelmode":50,)"
              R"("usage_in_usermode":250},"system_cpu_usage":9000000000,"online_cpus":2,)"
              R"("throttling_data":{"periods":1,"throttled_periods":2,"throttled_time":3}})");
    EXPECT_EQ(stats["precpu_stats"]["cpu_usage"]["total_usage"], 100);
    // The v1 "unlimited" value is capped at the machine's memory, as moby reports it.
    EXPECT_EQ(stats["memory_stats"].dump(),
              R"({"usage":1000,"max_usage":2000,"stats":{"cache":10,"total_inactive_file":5},"limit":4294967296})");
    EXPECT_EQ(stats["blkio_stats"]["io_service_bytes_recursive"].dump(),
              R"([{"major":8,"minor":0,"op":"Read","value":4096}])");
    EXPECT_EQ(stats["blkio_stats"]["io_serviced_recursive"].dump(), "[]");
    EXPECT_TRUE(stats["blkio_stats"]["sectors_recursive"].is_null());
    EXPECT_EQ(stats["num_procs"], 0);
    EXPECT_EQ(stats["storage_stats"].dump(), "{}");
    EXPECT_EQ(stats["name"], "/web");
    EXPECT_EQ(stats["id"], "abc");
}

TEST(ContainerStatsTest, FirstReadingHasZeroPreviousFigures) {
    const StatsSample current = V1Sample();
    const Json stats = StatsJson("/web", "abc", &current, nullptr);
    EXPECT_EQ(stats["preread"], "0001-01-01T00:00:00Z");
    EXPECT_EQ(stats["precpu_stats"].dump(),
              R"({"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,"usage_in_usermode":0},)"
              R"("throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}})");
}

TEST(ContainerStatsTest, LimitBelowTheMachineIsKeptAndV2LeavesV1TablesOut) {
    StatsSample sample = V1Sample();
    sample.cgroup.version = sys::CgroupVersion::kV2;
    sample.cgroup.memory.limit = 64ull << 20;
    sample.cgroup.memory.max_usage = 0;
    sample.cgroup.cpu.percpu_usage_ns.clear();
    sample.cgroup.blkio = {};
    const Json stats = StatsJson("/web", "abc", &sample, nullptr);
    EXPECT_EQ(stats["memory_stats"]["limit"], 64ull << 20);
    EXPECT_FALSE(stats["memory_stats"].contains("max_usage"));
    EXPECT_FALSE(stats["cpu_stats"]["cpu_usage"].contains("percpu_usage"));
    EXPECT_TRUE(stats["blkio_stats"]["io_service_bytes_recursive"].is_null());
    EXPECT_TRUE(stats["blkio_stats"]["io_serviced_recursive"].is_null());
}

TEST(ContainerStatsTest, NetworksComeLastPerInterfaceAsTheContainerSeesThem) {
    StatsSample sample = V1Sample();
    // The host end of the veth sent 100 bytes in 2 packets: the container received them.
    const sys::LinkCounters host_end{
        .rx_bytes = 40, .rx_packets = 1, .tx_bytes = 100, .tx_packets = 2, .tx_dropped = 3};
    sample.networks["eth0"] = sys::PeerCounters(host_end);
    const Json stats = StatsJson("/web", "abc", &sample, nullptr);
    EXPECT_EQ(std::prev(stats.end()).key(), "networks");
    EXPECT_EQ(stats["networks"].dump(),
              R"({"eth0":{"rx_bytes":100,"rx_packets":2,"rx_errors":0,"rx_dropped":3,)"
              R"("tx_bytes":40,"tx_packets":1,"tx_errors":0,"tx_dropped":0}})");
    // Without interfaces (host or none mode) the field is left out, as moby's omitempty does.
    const StatsSample without = V1Sample();
    EXPECT_FALSE(StatsJson("/web", "abc", &without, nullptr).contains("networks"));
}

TEST(ContainerStatsTest, StoppedContainerGetsTheZeroObject) {
    const Json stats = StatsJson("/web", "abc", nullptr, nullptr);
    EXPECT_EQ(stats.dump(),
              R"({"read":"0001-01-01T00:00:00Z","preread":"0001-01-01T00:00:00Z","pids_stats":{},)"
              R"("blkio_stats":{"io_service_bytes_recursive":null,"io_serviced_recursive":null,)"
              R"("io_queue_recursive":null,"io_service_time_recursive":null,"io_wait_time_recursive":null,)"
              R"("io_merged_recursive":null,"io_time_recursive":null,"sectors_recursive":null},"num_procs":0,)"
              R"("storage_stats":{},"cpu_stats":{"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,)"
              R"("usage_in_usermode":0},"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},)"
              R"("precpu_stats":{"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,"usage_in_usermode":0},)"
              R"("throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},"memory_stats":{},)"
              R"("name":"/web","id":"abc"})");
}

}  // namespace
}  // namespace engine::daemon
