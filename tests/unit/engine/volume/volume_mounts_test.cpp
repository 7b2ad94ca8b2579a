#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "engine/base/error.hpp"
#include "engine/volume/local_mount.hpp"
#include "engine/volume/volume_store.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::volume {
namespace {

namespace fs = std::filesystem;

void WriteText(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

std::string ReadText(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

class VolumeMountsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        fs::create_directories(rootfs_ / "var/lib/app/sub");
        WriteText(rootfs_ / "var/lib/app/config", "from image");
        fs::create_symlink("config", rootfs_ / "var/lib/app/alias");
        ASSERT_EQ(::lchown((rootfs_ / "var/lib/app/sub").c_str(), 100, 101), 0);
        ASSERT_EQ(::chmod((rootfs_ / "var/lib/app").c_str(), 0711), 0);
        fs::create_symlink("/var/lib/app", rootfs_ / "link-to-app");
    }

    engine::testing::TempDir dir_;
    fs::path rootfs_ = dir_.path() / "rootfs";
    VolumeStore store_{dir_.path() / "volumes"};
};

TEST_F(VolumeMountsTest, CopiesImageContentIntoAFreshVolumeOnce) {
    const Volume volume = store_.Create({.name = "data"}).volume;
    EXPECT_TRUE(store_.CopyImageContentIfFresh("data", rootfs_, "/var/lib/app"));
    EXPECT_EQ(ReadText(volume.mountpoint / "config"), "from image");
    EXPECT_EQ(fs::read_symlink(volume.mountpoint / "alias"), "config");
    struct stat info {};
    ASSERT_EQ(::lstat((volume.mountpoint / "sub").c_str(), &info), 0);
    EXPECT_EQ(info.st_uid, 100u);
    EXPECT_EQ(info.st_gid, 101u);
    ASSERT_EQ(::lstat(volume.mountpoint.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0711u);
    EXPECT_TRUE(store_.Get("data").populated);
    std::vector<std::string> beside_data;  // the copy went through a staging directory, now gone
    for (const fs::directory_entry& entry : fs::directory_iterator(volume.mountpoint.parent_path())) {
        beside_data.push_back(entry.path().filename().string());
    }
    std::sort(beside_data.begin(), beside_data.end());
    EXPECT_EQ(beside_data, (std::vector<std::string>{"_data", "volume.json"}));

    // Emptied by a container later: Docker would refill it, the populated mark says never again.
    fs::remove_all(volume.mountpoint / "sub");
    fs::remove(volume.mountpoint / "config");
    fs::remove(volume.mountpoint / "alias");
    EXPECT_FALSE(store_.CopyImageContentIfFresh("data", rootfs_, "/var/lib/app"));
    EXPECT_TRUE(fs::is_empty(volume.mountpoint));
    VolumeStore reopened(dir_.path() / "volumes");
    EXPECT_TRUE(reopened.Get("data").populated);
}

TEST_F(VolumeMountsTest, FollowsSymlinksOnlyInsideTheRootfs) {
    const Volume volume = store_.Create({.name = "data"}).volume;
    EXPECT_TRUE(store_.CopyImageContentIfFresh("data", rootfs_, "/link-to-app"));
    EXPECT_EQ(ReadText(volume.mountpoint / "config"), "from image");
}

TEST_F(VolumeMountsTest, NeverCopiesIntoANonEmptyVolumeOrFromAMissingPath) {
    const Volume used = store_.Create({.name = "used"}).volume;
    WriteText(used.mountpoint / "mine", "x");
    EXPECT_FALSE(store_.CopyImageContentIfFresh("used", rootfs_, "/var/lib/app"));
    EXPECT_FALSE(fs::exists(used.mountpoint / "config"));
    EXPECT_TRUE(store_.Get("used").populated);

    // Nothing at the destination in this image: the volume stays fresh for the next container.
    store_.Create({.name = "fresh"});
    EXPECT_FALSE(store_.CopyImageContentIfFresh("fresh", rootfs_, "/not/there"));
    EXPECT_FALSE(store_.Get("fresh").populated);
    EXPECT_TRUE(store_.CopyImageContentIfFresh("fresh", rootfs_, "/var/lib/app"));
}

TEST_F(VolumeMountsTest, TmpfsVolumeIsMountedOnFirstUseAndUnmountedAfterTheLast) {
    const Volume volume =
        store_
            .Create({.name = "scratch",
                     .driver_options = StringMap{{"type", "tmpfs"}, {"device", "tmpfs"}, {"o", "size=1m"}}})
            .volume;
    fs::path path;
    try {
        path = store_.Mount("scratch", "c1");
    } catch (const Error& error) {
        GTEST_SKIP() << "cannot mount here: " << error.what();
    }
    EXPECT_EQ(path, volume.mountpoint);
    EXPECT_TRUE(IsMountPoint(path));
    store_.Mount("scratch", "c2");
    WriteText(path / "f", "in tmpfs");
    store_.Unmount("scratch", "c1");
    EXPECT_TRUE(IsMountPoint(path));
    EXPECT_EQ(store_.InUseBy("scratch", {}), (std::vector<std::string>{"c2"}));
    store_.Unmount("scratch", "c2");
    EXPECT_FALSE(IsMountPoint(path));
    EXPECT_FALSE(fs::exists(path / "f"));  // the data lived in the tmpfs
    store_.Remove("scratch", false, {});
    EXPECT_FALSE(fs::exists(volume.mountpoint));
}

TEST_F(VolumeMountsTest, RemoveDetachesAStaleMountInsteadOfDeletingThroughIt) {
    const fs::path host_dir = dir_.path() / "host";
    fs::create_directories(host_dir);
    WriteText(host_dir / "precious", "keep");
    store_.Create(
        {.name = "bound", .driver_options = StringMap{{"type", "none"}, {"device", host_dir.string()}, {"o", "bind"}}});
    try {
        store_.Mount("bound", "c1");
    } catch (const Error& error) {
        GTEST_SKIP() << "cannot mount here: " << error.what();
    }
    EXPECT_EQ(ReadText(store_.Mountpoint("bound") / "precious"), "keep");
    store_.Unmount("bound", "c1");
    // Mounted again behind the store's back (as after a daemon restart): Remove must detach.
    MountFilesystem(MountSpecFor({{"type", "none"}, {"device", host_dir.string()}, {"o", "bind"}}),
                    store_.Mountpoint("bound"));
    store_.Remove("bound", false, {});
    EXPECT_EQ(ReadText(host_dir / "precious"), "keep");
}

TEST_F(VolumeMountsTest, CopyUpMountsAVolumeWithOptionsForTheCopy) {
    store_.Create({.name = "tmp", .driver_options = StringMap{{"type", "tmpfs"}, {"device", "tmpfs"}}});
    try {
        store_.Mount("tmp", "probe");
        store_.Unmount("tmp", "probe");
    } catch (const Error& error) {
        GTEST_SKIP() << "cannot mount here: " << error.what();
    }
    EXPECT_TRUE(store_.CopyImageContentIfFresh("tmp", rootfs_, "/var/lib/app"));
    // The copy went into the tmpfs, which is gone again now that nobody holds it.
    EXPECT_FALSE(fs::exists(store_.Mountpoint("tmp") / "config"));
    EXPECT_TRUE(store_.Get("tmp").populated);
}

}  // namespace
}  // namespace engine::volume
