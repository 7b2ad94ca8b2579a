// A daemon killed with SIGKILL while containers run: its successor must re-adopt them (same
// PID, still logging, manageable) and report the real exit code of the ones that ended while
// no daemon was there. The shims, not the daemon, own the containers; this is what proves it.

#include <algorithm>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "tests/integration/integration_env.hpp"
#include "tests/support/container_cleanup.hpp"
#include "tests/support/real_container.hpp"

namespace engine::testing {
namespace {

std::string DockerCli() {
    return std::filesystem::exists("/usr/local/bin/docker") ? "/usr/local/bin/docker" : "/usr/bin/docker";
}

// Kills what the test started even when an assertion fails: the shims outlive berthd.
struct Leftovers {
    std::filesystem::path root;
    ~Leftovers() {
        KillContainersUnder(root / "exec");
        UnmountUnder(root);
    }
};

std::string Trim(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

TEST(RestoreRealContainerTest, KilledDaemonReadoptsRunningContainersAndSettlesExitedOnes) {
    REQUIRE_REAL_CONTAINERS();
    TempDir root;
    std::filesystem::create_directories(root.path() / "docker-config");
    const Leftovers leftovers{root.path()};
    const std::filesystem::path tar = MakeBusyboxTar(root.path());
    DaemonProcess daemon(BerthdPath(), root.path());
    daemon.Start();
    const std::vector<std::string> env = {"DOCKER_HOST=" + daemon.host(),
                                          "DOCKER_CONFIG=" + (root.path() / "docker-config").string()};
    const auto docker = [&](std::vector<std::string> args) {
        args.insert(args.begin(), DockerCli());
        return RunCommand(args, env, "", std::chrono::seconds(60));
    };
    ASSERT_EQ(docker({"import", "-c", "CMD [\"sh\"]", tar.string(), "busybox:latest"}).exit_code, 0);

    const CommandResult keep = docker({"run",
                                       "-d",
                                       "--name",
                                       "keep",
                                       "busybox",
                                       "sh",
                                       "-c",
                                       "trap 'exit 7' TERM; while true; do echo tick; sleep 0.2; done"});
    ASSERT_EQ(keep.exit_code, 0) << keep.err;
    const CommandResult quick = docker({"run", "-d", "--name", "quick", "busybox", "sh", "-c", "sleep 1; exit 4"});
    ASSERT_EQ(quick.exit_code, 0) << quick.err;
    const std::string pid_before = Trim(docker({"inspect", "-f", "{{.State.Pid}}", "keep"}).out);
    ASSERT_NE(pid_before, "0");

    daemon.Kill();
    std::this_thread::sleep_for(std::chrono::seconds(2));  // "quick" ends while no daemon runs
    daemon.Start();

    EXPECT_EQ(Trim(docker({"inspect", "-f", "{{.State.Status}} {{.State.Pid}}", "keep"}).out), "running " + pid_before);
    EXPECT_EQ(Trim(docker({"inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "quick"}).out), "exited 4");
    const auto ticks = [&] {
        const std::string out = docker({"logs", "keep"}).out;
        return std::count(out.begin(), out.end(), '\n');
    };
    const auto before = ticks();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_GT(ticks(), before) << "the re-adopted container must still be logging";

    const CommandResult exec = docker({"exec", "keep", "echo", "managed"});
    EXPECT_EQ(exec.out, "managed\n") << exec.err;
    EXPECT_EQ(docker({"stop", "keep"}).exit_code, 0);
    EXPECT_EQ(Trim(docker({"inspect", "-f", "{{.State.ExitCode}}", "keep"}).out), "7");
    EXPECT_EQ(docker({"rm", "keep", "quick"}).exit_code, 0);
}

}  // namespace
}  // namespace engine::testing
