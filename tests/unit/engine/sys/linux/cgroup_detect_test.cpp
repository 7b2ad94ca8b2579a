#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

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

TEST(DetectCgroupHost, HybridHugetlbOnUnified) {
    const std::filesystem::path base = Testdata("HybridHugetlbOnUnified");
    const CgroupHost host = DetectFixture("HybridHugetlbOnUnified");
    EXPECT_EQ(host.version, CgroupVersion::kV1);
    EXPECT_TRUE(host.hybrid);
    EXPECT_EQ(host.unified_controllers, std::vector<std::string>{"hugetlb"});
    EXPECT_EQ(host.root, base / "sys/fs/cgroup");
    EXPECT_EQ(host.unified_mount, base / "sys/fs/cgroup/unified");
    EXPECT_EQ(host.v1_mounts.size(), 9u);
    EXPECT_EQ(host.v1_mounts.at("memory"), base / "sys/fs/cgroup/memory");
    EXPECT_EQ(host.v1_mounts.at("cpuacct"), base / "sys/fs/cgroup/cpuacct");
    EXPECT_EQ(host.v1_mounts.at("name=systemd"), base / "sys/fs/cgroup/systemd");
    EXPECT_FALSE(host.crun_usable);
    EXPECT_EQ(host.crun_blocker,
              "crun cannot run on this hybrid cgroup host: " + (base / "sys/fs/cgroup/unified").string() +
                  "/cgroup.controllers lists hugetlb (crun 1.8: \"cgroups in hybrid mode not supported\"); run "
                  "scripts/setup-cgroups as root to mount those controllers as v1 hierarchies, or use runc");
}

TEST(DetectCgroupHost, HybridEmptyUnified) {
    const std::filesystem::path base = Testdata("HybridEmptyUnified");
    const CgroupHost host = DetectFixture("HybridEmptyUnified");
    EXPECT_EQ(host.version, CgroupVersion::kV1);
    EXPECT_TRUE(host.hybrid);
    EXPECT_TRUE(host.unified_controllers.empty());
    EXPECT_TRUE(host.crun_usable);
    EXPECT_EQ(host.crun_blocker, "");
    // Co-mounted controllers share one mount point; named hierarchies are keyed "name=...".
    EXPECT_EQ(host.v1_mounts.at("cpu"), base / "sys/fs/cgroup/cpu,cpuacct");
    EXPECT_EQ(host.v1_mounts.at("cpuacct"), base / "sys/fs/cgroup/cpu,cpuacct");
    EXPECT_EQ(host.v1_mounts.at("net_prio"), base / "sys/fs/cgroup/net_cls,net_prio");
    EXPECT_EQ(host.v1_mounts.at("name=systemd"), base / "sys/fs/cgroup/systemd");
    EXPECT_EQ(host.v1_mounts.count("xattr"), 0u);
    EXPECT_EQ(host.v1_mounts.size(), 8u);
}

TEST(DetectCgroupHost, PureV1) {
    const std::filesystem::path base = Testdata("PureV1");
    const CgroupHost host = DetectFixture("PureV1");
    EXPECT_EQ(host.version, CgroupVersion::kV1);
    EXPECT_FALSE(host.hybrid);
    EXPECT_TRUE(host.unified_mount.empty());
    EXPECT_TRUE(host.crun_usable);
    EXPECT_EQ(host.root, base / "sys/fs/cgroup");
    // The second memory mount shows only a subtree (/docker/abc): the full one is kept.
    EXPECT_EQ(host.v1_mounts.at("memory"), base / "sys/fs/cgroup/memory");
    EXPECT_EQ(host.v1_mounts.count("release_agent=/usr/lib/systemd/systemd-cgroups-agent"), 0u);
    EXPECT_EQ(host.v1_mounts.size(), 6u);
}

TEST(DetectCgroupHost, PureV2) {
    const std::filesystem::path base = Testdata("PureV2");
    const CgroupHost host = DetectFixture("PureV2");
    EXPECT_EQ(host.version, CgroupVersion::kV2);
    EXPECT_FALSE(host.hybrid);
    EXPECT_TRUE(host.v1_mounts.empty());
    EXPECT_EQ(host.root, base / "sys/fs/cgroup");
    EXPECT_EQ(host.unified_mount, base / "sys/fs/cgroup");
    EXPECT_TRUE(host.unified_controllers.empty());  // only read on hybrid hosts
    EXPECT_TRUE(host.crun_usable);
}

TEST(DetectCgroupHost, NoCgroupsIsUnavailable) {
    engine::testing::TempDir dir;
    std::ofstream(dir.path() / "mountinfo") << "22 28 0:20 / /proc rw - proc proc rw\n";
    try {
        DetectCgroupHost(dir.path() / "mountinfo", dir.path());
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kUnavailable);
        EXPECT_EQ(std::string(e.what()),
                  "no cgroup filesystem is mounted (read " + (dir.path() / "mountinfo").string() +
                      "); mount cgroup2 on /sys/fs/cgroup");
    }
}

TEST(DetectCgroupHost, RealHostIsConsistent) {
    const CgroupHost host = DetectCgroupHost();
    EXPECT_TRUE(std::filesystem::is_directory(host.root)) << host.root;
    if (host.version == CgroupVersion::kV2) {
        EXPECT_TRUE(host.v1_mounts.empty());
        EXPECT_EQ(host.unified_mount, host.root);
    } else {
        EXPECT_FALSE(host.v1_mounts.empty());
        EXPECT_EQ(host.hybrid, !host.unified_mount.empty());
    }
    for (const auto& [controller, mount_point] : host.v1_mounts) {
        EXPECT_TRUE(std::filesystem::is_directory(mount_point)) << controller;
    }
    EXPECT_EQ(host.crun_usable, host.crun_blocker.empty());
    EXPECT_EQ(host.crun_usable, !host.hybrid || host.unified_controllers.empty());
}

// scripts/setup-cgroups --check and the daemon must agree on whether crun can run here.
TEST(DetectCgroupHost, AgreesWithSetupScriptCheck) {
    const std::string command = std::string("bash ") + BERTH_SOURCE_DIR + "/scripts/setup-cgroups --check >/dev/null";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status) == 0, DetectCgroupHost().crun_usable);
}

TEST(CgroupDirectory, ResolvesPerControllerAndRejectsEscapes) {
    const CgroupHost host = DetectFixture("HybridHugetlbOnUnified");
    EXPECT_EQ(CgroupDirectory(host, "/berth/c1", "memory"), host.v1_mounts.at("memory") / "berth/c1");
    EXPECT_EQ(CgroupDirectory(host, "/berth/c1", "rdma"), std::filesystem::path());
    EXPECT_THROW(CgroupDirectory(host, "/berth/../../etc", "memory"), Error);
    try {
        CgroupDirectory(host, "system.slice:berth:c1", "memory");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kInvalidArgument);
        EXPECT_STREQ(e.what(),
                     "cgroups path \"system.slice:berth:c1\": systemd-style paths are not supported; use a path like "
                     "/berth/<id>");
    }
    const CgroupHost v2 = DetectFixture("PureV2");
    EXPECT_EQ(CgroupDirectory(v2, "/berth/c1", "memory"), v2.unified_mount / "berth/c1");
}

}  // namespace
}  // namespace engine::sys
