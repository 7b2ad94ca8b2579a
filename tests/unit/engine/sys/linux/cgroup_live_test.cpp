// ReadCgroupStats, CgroupProcesses and OomKillCount on a real cgroup this test makes (root
// only). Here that is cgroup v1 (memory + pids + cpu/cpuacct); the v2 paths are covered by
// fixtures in cgroup_stats_test.cpp.

#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/sys/linux/cgroup.hpp"

namespace engine::sys {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kTouchedBytes = 8 << 20;
const char* const kControllers[] = {"memory", "pids", "cpu", "cpuacct", "blkio"};

// A child that, once told, touches kTouchedBytes of memory (so it is charged to its new
// cgroup) and then sleeps. Killed and reaped on destruction, also when an assertion fails.
class MemoryChild final {
  public:
    MemoryChild() {
        if (::pipe(go_) != 0 || ::pipe(done_) != 0) {
            throw std::runtime_error("pipe failed");
        }
        pid_ = ::fork();
        if (pid_ == 0) {
            char byte = 0;
            if (::read(go_[0], &byte, 1) == 1) {
                void* memory =
                    ::mmap(nullptr, kTouchedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (memory != MAP_FAILED) {
                    std::memset(memory, 1, kTouchedBytes);
                }
                (void)!::write(done_[1], &byte, 1);
            }
            ::pause();
            ::_exit(0);
        }
    }
    MemoryChild(const MemoryChild&) = delete;
    MemoryChild& operator=(const MemoryChild&) = delete;
    ~MemoryChild() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        for (const int fd : {go_[0], go_[1], done_[0], done_[1]}) {
            ::close(fd);
        }
    }

    pid_t pid() const { return pid_; }
    /// Lets the child touch its memory and waits until it has.
    bool TouchMemory() {
        char byte = 1;
        return ::write(go_[1], &byte, 1) == 1 && ::read(done_[0], &byte, 1) == 1;
    }

  private:
    int go_[2] = {-1, -1};
    int done_[2] = {-1, -1};
    pid_t pid_ = -1;
};

// The cgroup directories of one test, removed on destruction (after the child is gone).
class TestCgroup final {
  public:
    TestCgroup(const CgroupHost& host, std::string cgroups_path) : cgroups_path_(std::move(cgroups_path)) {
        for (const char* controller : kControllers) {
            const fs::path dir = CgroupDirectory(host, cgroups_path_, controller);
            if (!dir.empty() && std::find(dirs_.begin(), dirs_.end(), dir) == dirs_.end()) {
                fs::create_directory(dir);
                dirs_.push_back(dir);
            }
        }
    }
    TestCgroup(const TestCgroup&) = delete;
    TestCgroup& operator=(const TestCgroup&) = delete;
    ~TestCgroup() {
        for (const fs::path& dir : dirs_) {
            // The kernel may take a moment to let go of a killed process's cgroup.
            for (int attempt = 0; attempt < 50 && ::rmdir(dir.c_str()) != 0 && errno == EBUSY; ++attempt) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
    }

    void Add(pid_t pid) const {
        for (const fs::path& dir : dirs_) {
            std::ofstream(dir / "cgroup.procs") << pid << "\n";
        }
    }
    void Write(const fs::path& dir, const std::string& file, const std::string& value) const {
        std::ofstream(dir / file) << value << "\n";
    }

  private:
    std::string cgroups_path_;
    std::vector<fs::path> dirs_;
};

std::string UniqueCgroupsPath() {
    std::random_device random;
    return "/berth-test-" + std::to_string(random()) + "-" + std::to_string(::getpid());
}

TEST(CgroupLive, StatsAndProcessesOfARealCgroup) {
    if (::geteuid() != 0) {
        GTEST_SKIP() << "needs root to create cgroups";
    }
    const CgroupHost host = DetectCgroupHost();
    if (host.version == CgroupVersion::kV1 &&
        (!host.v1_mounts.contains("memory") || !host.v1_mounts.contains("pids"))) {
        GTEST_SKIP() << "needs the v1 memory and pids controllers";
    }
    const std::string path = UniqueCgroupsPath();
    TestCgroup cgroup(host, path);
    MemoryChild child;  // declared after the cgroup: killed first, then the cgroup removed
    const bool v2 = host.version == CgroupVersion::kV2;
    cgroup.Write(CgroupDirectory(host, path, "memory"), v2 ? "memory.max" : "memory.limit_in_bytes", "67108864");
    cgroup.Write(CgroupDirectory(host, path, "pids"), "pids.max", "10");
    cgroup.Add(child.pid());
    ASSERT_TRUE(child.TouchMemory());

    EXPECT_EQ(CgroupProcesses(host, path), std::vector<pid_t>{child.pid()});
    const CgroupStats stats = ReadCgroupStats(host, path);
    EXPECT_EQ(stats.version, host.version);
    EXPECT_EQ(stats.pids.current, 1u);
    EXPECT_EQ(stats.pids.limit, 10u);
    EXPECT_GE(stats.memory.usage, kTouchedBytes);
    EXPECT_EQ(stats.memory.limit, 67108864u);
    EXPECT_GE(stats.memory.rss, kTouchedBytes);
    EXPECT_FALSE(stats.memory.stat.empty());
    EXPECT_GT(stats.cpu.total_usage_ns, 0u);
    if (!v2) {
        EXPECT_GE(stats.memory.max_usage, stats.memory.usage);
        EXPECT_EQ(stats.cpu.percpu_usage_ns.size(), static_cast<std::size_t>(::sysconf(_SC_NPROCESSORS_CONF)));
    }
    EXPECT_EQ(OomKillCount(host, path), 0u);
}

TEST(CgroupLive, GoneCgroupReadsAsGone) {
    const CgroupHost host = DetectCgroupHost();
    const std::string path = UniqueCgroupsPath();
    EXPECT_TRUE(CgroupProcesses(host, path).empty());
    EXPECT_EQ(OomKillCount(host, path), 0u);
    EXPECT_THROW(ReadCgroupStats(host, path), std::exception);
}

}  // namespace
}  // namespace engine::sys
