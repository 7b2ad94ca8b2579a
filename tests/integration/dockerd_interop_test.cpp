// A `docker save` archive made by Debian's dockerd 20.10 loads into berthd, and berthd's own
// save loads back into dockerd, keeping the image id both ways.

#include <thread>

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "tests/integration/integration_env.hpp"
#include "tests/support/dockerd_process.hpp"
#include "tests/support/real_container.hpp"

namespace engine::testing {
namespace {

std::string Trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

TEST(DockerdInteropTest, SaveArchivesTravelBothWays) {
    if (geteuid() != 0 || !std::filesystem::exists("/usr/sbin/dockerd")) {
        GTEST_SKIP() << "needs root and Debian's dockerd (docker.io)";
    }
    if (!RootIsAMountPoint()) {
        // dockerd unpacks layers after remounting / as a slave mount, which fails when / is not
        // a mount point ("remount /, flags: 0x84000: invalid argument").
        GTEST_SKIP() << "dockerd cannot unpack layers inside a chroot; run on a real machine";
    }
    SuiteDaemon berth;
    const std::filesystem::path docker_root = berth.root.path() / "dockerd";
    std::filesystem::create_directories(docker_root);
    Dockerd dockerd(docker_root);
    ASSERT_TRUE(dockerd.WaitReady()) << "dockerd did not start";
    const auto docker = [](const std::string& host, std::vector<std::string> args) {
        args.insert(args.begin(), {"/usr/bin/docker", "-H", host});
        return RunCommand(args);
    };
    const std::string berth_host = berth.daemon.host();

    const CommandResult imported =
        docker(dockerd.host(), {"import", "-c", "CMD [\"sh\"]", berth.busybox_tar.string(), "interop:1"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err << "\ndockerd log:\n"
                                     << engine::ReadFile(docker_root / "dockerd.log");
    const std::string id = Trimmed(docker(dockerd.host(), {"image", "inspect", "-f", "{{.Id}}", "interop:1"}).out);
    const std::filesystem::path from_docker = berth.root.path() / "from-dockerd.tar";
    ASSERT_EQ(docker(dockerd.host(), {"save", "-o", from_docker.string(), "interop:1"}).exit_code, 0);

    const CommandResult loaded = docker(berth_host, {"load", "-i", from_docker.string()});
    EXPECT_EQ(loaded.exit_code, 0) << loaded.err << berth.daemon.Log();
    EXPECT_EQ(loaded.out, "Loaded image: interop:1\n");
    EXPECT_EQ(Trimmed(docker(berth_host, {"image", "inspect", "-f", "{{.Id}}", "interop:1"}).out), id);

    const std::filesystem::path from_berth = berth.root.path() / "from-berthd.tar";
    ASSERT_EQ(docker(berth_host, {"save", "-o", from_berth.string(), "interop:1"}).exit_code, 0);
    ASSERT_EQ(docker(dockerd.host(), {"rmi", "interop:1"}).exit_code, 0);
    const CommandResult back = docker(dockerd.host(), {"load", "-i", from_berth.string()});
    EXPECT_EQ(back.exit_code, 0) << back.err;
    EXPECT_EQ(back.out, "Loaded image: interop:1\n");
    EXPECT_EQ(Trimmed(docker(dockerd.host(), {"image", "inspect", "-f", "{{.Id}}", "interop:1"}).out), id);
}

}  // namespace
}  // namespace engine::testing
