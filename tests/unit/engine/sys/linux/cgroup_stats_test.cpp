#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/sys/linux/cgroup.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/sys/linux/testdata_path.hpp"

namespace engine::sys {
namespace {

using testing::Testdata;

CgroupHost DetectFixture(const std::string& name) {
    return DetectCgroupHost(Testdata(name) / "mountinfo", Testdata(name));
}

std::uint64_t TicksToNanos(std::uint64_t ticks) {
    return ticks * 1'000'000'000 / static_cast<std::uint64_t>(sysconf(_SC_CLK_TCK));
}

TEST(ReadCgroupStats, V2FromFixtureFiles) {
    const CgroupHost host = DetectFixture("CgroupV2Stats");
    const CgroupStats stats = ReadCgroupStats(host, "/berth/c1");
    EXPECT_EQ(stats.version, CgroupVersion::kV2);
    EXPECT_EQ(stats.memory.usage, 8388608u);
    EXPECT_EQ(stats.memory.limit, 67108864u);
    EXPECT_EQ(stats.memory.max_usage, 0u);
    EXPECT_EQ(stats.memory.cache, 2097152u);
    EXPECT_EQ(stats.memory.rss, 4194304u);
    EXPECT_EQ(stats.memory.stat.at("inactive_file"), 1048576u);
    EXPECT_EQ(stats.memory.stat.size(), 10u);
    EXPECT_EQ(stats.cpu.total_usage_ns, 150'000'000u);
    EXPECT_EQ(stats.cpu.user_ns, 100'000'000u);
    EXPECT_EQ(stats.cpu.system_ns, 50'000'000u);
    EXPECT_TRUE(stats.cpu.percpu_usage_ns.empty());
    EXPECT_EQ(stats.cpu.periods, 40u);
    EXPECT_EQ(stats.cpu.throttled_periods, 4u);
    EXPECT_EQ(stats.cpu.throttled_time_ns, 2'500'000u);
    EXPECT_EQ(stats.pids.current, 3u);
    EXPECT_EQ(stats.pids.limit, 0u);
    ASSERT_EQ(stats.blkio.io_service_bytes_recursive.size(), 4u);
    const CgroupBlkioEntry& write = stats.blkio.io_service_bytes_recursive[1];
    EXPECT_EQ(write.major, 8u);
    EXPECT_EQ(write.minor, 0u);
    EXPECT_EQ(write.op, "write");
    EXPECT_EQ(write.value, 8192u);
    EXPECT_EQ(stats.blkio.io_service_bytes_recursive[2].major, 253u);
    EXPECT_EQ(stats.blkio.read_bytes, 4196u);
    EXPECT_EQ(stats.blkio.write_bytes, 8192u);
    EXPECT_TRUE(stats.blkio.io_serviced_recursive.empty());
}

TEST(ReadCgroupStats, V1FromFixtureFiles) {
    const CgroupHost host = DetectFixture("CgroupV1Stats");
    const CgroupStats stats = ReadCgroupStats(host, "/berth/c1");
    EXPECT_EQ(stats.version, CgroupVersion::kV1);
    EXPECT_EQ(stats.memory.usage, 6537216u);
    EXPECT_EQ(stats.memory.max_usage, 6651904u);
    EXPECT_EQ(stats.memory.failcnt, 1u);
    EXPECT_EQ(stats.memory.limit, 9223372036854771712u);
    EXPECT_EQ(stats.memory.cache, 1024u);
    EXPECT_EQ(stats.memory.rss, 6537216u);
    EXPECT_EQ(stats.memory.stat.at("total_inactive_file"), 512u);
    EXPECT_EQ(stats.cpu.total_usage_ns, 100215355u);
    EXPECT_EQ(stats.cpu.percpu_usage_ns, (std::vector<std::uint64_t>{8646879, 91568476}));
    EXPECT_EQ(stats.cpu.user_ns, TicksToNanos(5));
    EXPECT_EQ(stats.cpu.system_ns, TicksToNanos(3));
    EXPECT_EQ(stats.cpu.periods, 10u);
    EXPECT_EQ(stats.cpu.throttled_periods, 2u);
    EXPECT_EQ(stats.cpu.throttled_time_ns, 123456u);
    EXPECT_EQ(stats.pids.current, 2u);
    EXPECT_EQ(stats.pids.limit, 100u);
    ASSERT_EQ(stats.blkio.io_service_bytes_recursive.size(), 6u);
    EXPECT_EQ(stats.blkio.io_service_bytes_recursive[0].op, "Read");
    EXPECT_EQ(stats.blkio.io_service_bytes_recursive[5].op, "Total");
    EXPECT_EQ(stats.blkio.read_bytes, 4096u);
    EXPECT_EQ(stats.blkio.write_bytes, 12288u);
    ASSERT_EQ(stats.blkio.io_serviced_recursive.size(), 2u);
    EXPECT_EQ(stats.blkio.io_serviced_recursive[1].value, 3u);
}

TEST(ReadCgroupStats, MissingCgroupIsNotFound) {
    const CgroupHost host = DetectFixture("CgroupV2Stats");
    try {
        ReadCgroupStats(host, "/berth/gone");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kNotFound);
        EXPECT_STREQ(e.what(), "cgroup /berth/gone: not found (is the container running?)");
    }
}

TEST(OomKillCount, ReadsV1AndV2CountersAndZeroWhenGone) {
    EXPECT_EQ(OomKillCount(DetectFixture("CgroupV2Stats"), "/berth/c1"), 2u);
    EXPECT_EQ(OomKillCount(DetectFixture("CgroupV1Stats"), "/berth/c1"), 1u);
    EXPECT_EQ(OomKillCount(DetectFixture("CgroupV2Stats"), "/berth/gone"), 0u);
    EXPECT_EQ(OomKillCount(DetectFixture("CgroupV1Stats"), "/berth/gone"), 0u);
}

TEST(CgroupProcesses, ListsDescendantsSortedAndNothingWhenGone) {
    EXPECT_EQ(CgroupProcesses(DetectFixture("CgroupV2Stats"), "/berth/c1"), (std::vector<pid_t>{101, 102, 103}));
    EXPECT_EQ(CgroupProcesses(DetectFixture("CgroupV1Stats"), "/berth/c1"), (std::vector<pid_t>{5, 7}));
    EXPECT_TRUE(CgroupProcesses(DetectFixture("CgroupV1Stats"), "/berth/gone").empty());
}

TEST(SystemCpuUsageNanos, SumsTheFirstSevenCountersOfTheCpuLine) {
    engine::testing::TempDir dir;
    std::ofstream(dir.path() / "stat") << "cpu  10 20 30 40 50 60 70 80 90 100\ncpu0 1 2 3 4 5 6 7 8 9 10\n";
    EXPECT_EQ(SystemCpuUsageNanos(dir.path() / "stat"), TicksToNanos(280));
    EXPECT_GT(SystemCpuUsageNanos(), 0u);
    std::ofstream(dir.path() / "bad") << "intr 1 2 3\n";
    EXPECT_THROW(SystemCpuUsageNanos(dir.path() / "bad"), Error);
}

TEST(OnlineCpus, MatchesTheAffinityMask) {
    EXPECT_GE(OnlineCpus(), 1u);
    EXPECT_LE(OnlineCpus(), static_cast<unsigned>(sysconf(_SC_NPROCESSORS_CONF)));
}

TEST(MachineMemoryBytes, ReadsMemTotal) {
    engine::testing::TempDir dir;
    std::ofstream(dir.path() / "meminfo") << "MemTotal:        8135672 kB\nMemFree:  1 kB\n";
    EXPECT_EQ(MachineMemoryBytes(dir.path() / "meminfo"), std::uint64_t{8135672} * 1024);
    EXPECT_GT(MachineMemoryBytes(), 0u);
}

}  // namespace
}  // namespace engine::sys
