#include "engine/sys/linux/process.hpp"

#include <fstream>

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::sys {
namespace {

// A child that sleeps until killed; killed and reaped when the test ends, also on failure.
class SleepingChild final {
  public:
    SleepingChild() : pid_(::fork()) {
        if (pid_ == 0) {
            ::pause();
            ::_exit(0);
        }
    }
    SleepingChild(const SleepingChild&) = delete;
    SleepingChild& operator=(const SleepingChild&) = delete;
    ~SleepingChild() { Kill(); }

    pid_t pid() const { return pid_; }
    void Kill() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }

  private:
    pid_t pid_;
};

TEST(ProcessStartTime, ReadsField22AndNulloptForNoProcess) {
    engine::testing::TempDir proc;
    std::filesystem::create_directory(proc.path() / "42");
    // A command name with spaces and ')' must not shift the fields.
    std::ofstream(proc.path() / "42/stat") << "42 (a) b (c) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 "
                                              "987654 1000 10 18446744073709551615\n";
    EXPECT_EQ(ProcessStartTime(42, proc.path()), 987654u);
    EXPECT_EQ(ProcessStartTime(43, proc.path()), std::nullopt);
    EXPECT_TRUE(ProcessExists(42, 987654, proc.path()));
    EXPECT_FALSE(ProcessExists(42, 987655, proc.path()));
    EXPECT_FALSE(ProcessExists(43, 987654, proc.path()));
}

TEST(ProcessStartTime, RealProcessKeepsItsStartTimeUntilItIsGone) {
    SleepingChild child;
    const std::optional<std::uint64_t> start = ProcessStartTime(child.pid());
    ASSERT_TRUE(start.has_value());
    EXPECT_GE(*start, *ProcessStartTime(::getpid()));
    EXPECT_TRUE(ProcessExists(child.pid(), *start));
    EXPECT_FALSE(ProcessExists(child.pid(), *start + 1));
    const pid_t pid = child.pid();
    child.Kill();
    EXPECT_FALSE(ProcessExists(pid, *start));
}

TEST(PidfdOpen, PollsReadableWhenTheProcessExits) {
    SleepingChild child;
    UniqueFd pidfd = PidfdOpen(child.pid());
    ASSERT_TRUE(pidfd.valid());
    pollfd poll_fd{pidfd.get(), POLLIN, 0};
    EXPECT_EQ(::poll(&poll_fd, 1, 0), 0);
    ::kill(child.pid(), SIGKILL);
    EXPECT_EQ(::poll(&poll_fd, 1, 5000), 1);
    child.Kill();
}

TEST(PidfdOpen, NoSuchProcessIsNotFound) {
    SleepingChild child;
    const pid_t pid = child.pid();
    child.Kill();
    try {
        PidfdOpen(pid);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kNotFound);
        EXPECT_EQ(std::string(e.what()), "pidfd_open " + std::to_string(pid) + ": no such process");
    }
}

}  // namespace
}  // namespace engine::sys
