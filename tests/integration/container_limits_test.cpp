// cgroup limits reach the kernel, and an out-of-memory kill reads as Docker reports it.

#include <gtest/gtest.h>

#include "tests/integration/integration_env.hpp"
#include "tests/support/container_suite.hpp"
#include "tests/support/real_container.hpp"

namespace engine::testing {
namespace {

std::string DockerCli() {
    return std::filesystem::exists("/usr/local/bin/docker") ? "/usr/local/bin/docker" : "/usr/bin/docker";
}

class LimitsRealContainerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        REQUIRE_REAL_CONTAINERS();
        tar_dir_ = std::make_unique<TempDir>();
        suite_ = std::make_unique<ContainerSuiteDaemon>(BerthdPath(), MakeBusyboxTar(tar_dir_->path()), DockerCli());
    }

    CommandResult Docker(std::vector<std::string> args) {
        args.insert(args.begin(), DockerCli());
        return RunCommand(args, suite_->ClientEnv(), "", std::chrono::seconds(60));
    }

    std::unique_ptr<TempDir> tar_dir_;
    std::unique_ptr<ContainerSuiteDaemon> suite_;
};

// v1 and v2 name the files differently; the container sees its own cgroup either way.
constexpr const char* kShowLimits =
    "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max; "
    "cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max; "
    "cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || cut -d' ' -f1 /sys/fs/cgroup/cpu.max";

TEST_F(LimitsRealContainerTest, MemoryPidsAndCpuLimitsReachTheCgroup) {
    const CommandResult run = Docker(
        {"run", "--rm", "--memory", "64m", "--pids-limit", "10", "--cpus", "0.5", "busybox", "sh", "-c", kShowLimits});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "67108864\n10\n50000\n");
}

TEST_F(LimitsRealContainerTest, OutOfMemoryKillShowsAsOomKilledWithExitCode137) {
    ContainerNames names(DockerCli(), suite_->ClientEnv());
    const CommandResult run = Docker({"run",
                                      "--name",
                                      names.Add("oom-victim"),
                                      "--memory",
                                      "8m",
                                      "busybox",
                                      "sh",
                                      "-c",
                                      "x=a; while true; do x=$x$x; done"});
    EXPECT_EQ(run.exit_code, 137) << run.err;
    const CommandResult state = Docker({"inspect", "-f", "{{.State.OOMKilled}} {{.State.ExitCode}}", "oom-victim"});
    EXPECT_EQ(state.out, "true 137\n") << state.err;
}

}  // namespace
}  // namespace engine::testing
