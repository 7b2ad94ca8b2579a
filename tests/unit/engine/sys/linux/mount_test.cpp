#include "engine/sys/linux/mount.hpp"

#include <string>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/sys/linux/mount_test_support.hpp"
#include "tests/unit/engine/sys/linux/testdata_path.hpp"

namespace engine::sys {
namespace {

namespace fs = std::filesystem;
using testing::MountGuard;
using testing::ReadText;
using testing::WriteText;

class OverlayTest : public ::testing::TestWithParam<OverlayApi> {};

// Two lower dirs and an upper with a whiteout: the merged view takes the topmost file, hides
// the whited-out one, and sends writes to the upper dir.
TEST_P(OverlayTest, MergesTwoLowersAndAnUpperWithAWhiteout) {
    BERTH_SKIP_UNLESS_ROOT();
    engine::testing::TempDir dir;
    MountGuard guard(dir.path());
    const fs::path top = dir.path() / "top";
    const fs::path bottom = dir.path() / "bottom";
    const fs::path upper = dir.path() / "upper";
    const fs::path merged = dir.path() / "merged";
    WriteText(top / "a.txt", "top");
    WriteText(bottom / "a.txt", "bottom");
    WriteText(bottom / "b.txt", "hidden");
    WriteText(bottom / "d.txt", "kept");
    fs::create_directories(upper);
    fs::create_directories(dir.path() / "work");
    fs::create_directories(merged);
    ASSERT_EQ(::mknod((upper / "b.txt").c_str(), S_IFCHR | 0, makedev(0, 0)), 0);

    MountOverlay({top, bottom}, upper, dir.path() / "work", merged, GetParam());
    EXPECT_TRUE(IsMountPoint(merged));
    EXPECT_EQ(ReadText(merged / "a.txt"), "top");
    EXPECT_EQ(ReadText(merged / "d.txt"), "kept");
    EXPECT_FALSE(fs::exists(merged / "b.txt"));
    WriteText(merged / "new.txt", "written");
    EXPECT_EQ(ReadText(upper / "new.txt"), "written");
    Unmount(merged);
    EXPECT_FALSE(IsMountPoint(merged));
}

// 60 layers under long names: the lowerdir option is longer than a page.
TEST_P(OverlayTest, SixtyLayersMount) {
    BERTH_SKIP_UNLESS_ROOT();
    engine::testing::TempDir dir;
    MountGuard guard(dir.path());
    std::vector<fs::path> lowers;
    std::size_t option_size = 0;
    for (int i = 0; i < 60; ++i) {
        const std::string name = "layer-" + std::to_string(i) + "-" + std::string(40, 'x');
        lowers.push_back(dir.path() / "layers" / name);
        WriteText(lowers.back() / ("file-" + std::to_string(i)), std::to_string(i));
        WriteText(lowers.back() / "shared", std::to_string(i));
        option_size += lowers.back().string().size() + 1;
    }
    ASSERT_GT(option_size, static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)));
    fs::create_directories(dir.path() / "upper");
    fs::create_directories(dir.path() / "work");
    fs::create_directories(dir.path() / "merged");

    MountOverlay(lowers, dir.path() / "upper", dir.path() / "work", dir.path() / "merged", GetParam());
    EXPECT_EQ(ReadText(dir.path() / "merged/file-0"), "0");
    EXPECT_EQ(ReadText(dir.path() / "merged/file-59"), "59");
    EXPECT_EQ(ReadText(dir.path() / "merged/shared"), "0");  // the first lower dir is the top one
}

INSTANTIATE_TEST_SUITE_P(Apis,
                         OverlayTest,
                         ::testing::Values(OverlayApi::kAuto, OverlayApi::kNewApi, OverlayApi::kLegacy),
                         [](const ::testing::TestParamInfo<OverlayApi>& param_info) {
                             return param_info.param == OverlayApi::kAuto     ? std::string("Auto")
                                    : param_info.param == OverlayApi::kNewApi ? std::string("NewApi")
                                                                              : std::string("Legacy");
                         });

TEST(MountOverlay, ErrorsNameTheOperationAndPaths) {
    BERTH_SKIP_UNLESS_ROOT();
    engine::testing::TempDir dir;
    MountGuard guard(dir.path());
    fs::create_directories(dir.path() / "merged");
    const fs::path missing = dir.path() / "missing";
    try {
        MountOverlay({missing}, "", "", dir.path() / "merged");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kNotFound);
        const std::string prefix =
            "mount overlay of 1 lower dirs (top " + missing.string() + ") on " + (dir.path() / "merged").string();
        EXPECT_EQ(std::string(e.what()).substr(0, prefix.size()), prefix) << e.what();
    }
    EXPECT_THROW(MountOverlay({}, "", "", dir.path() / "merged"), Error);
}

TEST(BindMount, ReadOnlyAndRecursive) {
    BERTH_SKIP_UNLESS_ROOT();
    engine::testing::TempDir dir;
    MountGuard guard(dir.path());
    const fs::path source = dir.path() / "source";
    WriteText(source / "file", "content");
    fs::create_directories(source / "sub");
    MountTmpfs(source / "sub", "size=1m");
    WriteText(source / "sub/inner", "inner");
    fs::create_directories(dir.path() / "plain");
    fs::create_directories(dir.path() / "rec");

    BindMount(source, dir.path() / "plain", /*read_only=*/true, /*recursive=*/false);
    EXPECT_EQ(ReadText(dir.path() / "plain/file"), "content");
    EXPECT_FALSE(fs::exists(dir.path() / "plain/sub/inner"));  // the submount is not carried
    EXPECT_EQ(::mkdir((dir.path() / "plain/new").c_str(), 0755), -1);
    EXPECT_EQ(errno, EROFS);

    BindMount(source, dir.path() / "rec", /*read_only=*/false, /*recursive=*/true);
    EXPECT_EQ(ReadText(dir.path() / "rec/sub/inner"), "inner");
    WriteText(dir.path() / "rec/written", "yes");
    EXPECT_EQ(ReadText(source / "written"), "yes");
}

TEST(BindMount, ErrorNamesBothPaths) {
    BERTH_SKIP_UNLESS_ROOT();
    engine::testing::TempDir dir;
    try {
        BindMount(dir.path() / "nope", dir.path(), false, false);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "bind mount " + (dir.path() / "nope").string() + " on " + dir.path().string() +
                      ": No such file or directory");
    }
}

TEST(MountTmpfs, FlagsAndDataOptions) {
    BERTH_SKIP_UNLESS_ROOT();
    engine::testing::TempDir dir;
    MountGuard guard(dir.path());
    const fs::path target = dir.path() / "tmp";
    fs::create_directories(target);
    MountTmpfs(target, "rw,noexec,nosuid,size=65536k,mode=1777");
    EXPECT_TRUE(IsMountPoint(target));
    struct statvfs info {};
    ASSERT_EQ(::statvfs(target.c_str(), &info), 0);
    EXPECT_NE(info.f_flag & ST_NOEXEC, 0u);
    EXPECT_NE(info.f_flag & ST_NOSUID, 0u);
    EXPECT_EQ(info.f_flag & ST_RDONLY, 0u);
    EXPECT_EQ(info.f_blocks * info.f_frsize, 65536u * 1024);
    struct stat st {};
    ASSERT_EQ(::stat(target.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 01777u);
    MakePrivate(target);
    Unmount(target, /*detach=*/true);
    EXPECT_FALSE(IsMountPoint(target));
}

TEST(UnmountAllUnder, RemovesNestedAndStackedMounts) {
    BERTH_SKIP_UNLESS_ROOT();
    engine::testing::TempDir dir;
    MountGuard guard(dir.path());
    fs::create_directories(dir.path() / "a");
    fs::create_directories(dir.path() / "c");
    MountTmpfs(dir.path() / "a");
    fs::create_directories(dir.path() / "a/b");
    MountTmpfs(dir.path() / "a/b");
    MountTmpfs(dir.path() / "c");
    MountTmpfs(dir.path() / "c");
    EXPECT_EQ(MountPointsUnder(dir.path()).size(), 4u);
    EXPECT_EQ(MountPointsUnder(dir.path() / "a").size(), 2u);
    EXPECT_EQ(UnmountAllUnder(dir.path()), 4);
    EXPECT_TRUE(MountPointsUnder(dir.path()).empty());
    EXPECT_FALSE(IsMountPoint(dir.path() / "a"));
}

TEST(MountPointsUnder, DecodesEscapesAndMatchesWholeComponents) {
    const fs::path mountinfo = testing::Testdata("PureV1") / "mountinfo";
    EXPECT_EQ(MountPointsUnder("/mnt", mountinfo), std::vector<fs::path>{"/mnt/inner memory"});
    EXPECT_TRUE(MountPointsUnder("/sys/fs/cgroup/cpu", mountinfo).empty());
    EXPECT_EQ(MountPointsUnder("/sys/fs/cgroup/", mountinfo).size(), 6u);
    EXPECT_EQ(MountPointsUnder("/sys/fs/cgroup/memory", mountinfo), std::vector<fs::path>{"/sys/fs/cgroup/memory"});
}

TEST(IsMountPoint, PlainDirectoryIsNotAndRootIs) {
    engine::testing::TempDir dir;
    EXPECT_FALSE(IsMountPoint(dir.path()));
    EXPECT_TRUE(IsMountPoint("/"));
    EXPECT_THROW(IsMountPoint(dir.path() / "missing"), Error);
}

}  // namespace
}  // namespace engine::sys
