#include "engine/volume/volume_options.hpp"

#include <gtest/gtest.h>
#include <sys/mount.h>

#include "engine/base/error.hpp"

namespace engine::volume {
namespace {

std::string MessageOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    return "no error";
}

TEST(VolumeNameTest, AcceptsDockerNames) {
    for (const char* name : {"ab", "data", "my_app.db-1", "0x", "P_data"}) {
        EXPECT_NO_THROW(ValidateVolumeName(name)) << name;
    }
}

TEST(VolumeNameTest, RejectsWithMobysTexts) {
    EXPECT_EQ(MessageOf([] { ValidateVolumeName("a"); }),
              "volume name is too short, names should be at least two alphanumeric characters");
    EXPECT_EQ(MessageOf([] { ValidateVolumeName("./app"); }),
              "\"./app\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are "
              "allowed. If you intended to pass a host directory, use absolute path");
    for (const char* name : {"", "_ab", ".ab", "a/b", "ab c", "..", "-ab"}) {
        EXPECT_NE(MessageOf([name] { ValidateVolumeName(name); }), "no error") << name;
    }
}

TEST(DriverOptionsTest, OnlyTypeOAndDeviceTogether) {
    EXPECT_NO_THROW(ValidateDriverOptions({}));
    EXPECT_NO_THROW(ValidateDriverOptions({{"type", "tmpfs"}, {"device", "tmpfs"}, {"o", "size=100m"}}));
    EXPECT_EQ(MessageOf([] { ValidateDriverOptions({{"size", "1g"}}); }), "invalid option key: \"size\"");
    EXPECT_EQ(MessageOf([] { ValidateDriverOptions({{"type", "tmpfs"}}); }), "missing required option: \"device\"");
    EXPECT_EQ(MessageOf([] { ValidateDriverOptions({{"device", "/x"}}); }), "missing required option: \"type\"");
}

TEST(MountSpecTest, SplitsFlagsFromFilesystemData) {
    const MountSpec spec =
        MountSpecFor({{"type", "tmpfs"}, {"device", "tmpfs"}, {"o", "size=100m,ro,nosuid,uid=1000"}});
    EXPECT_EQ(spec.source, "tmpfs");
    EXPECT_EQ(spec.type, "tmpfs");
    EXPECT_EQ(spec.flags, static_cast<unsigned long>(MS_RDONLY | MS_NOSUID));
    EXPECT_EQ(spec.data, "size=100m,uid=1000");
    EXPECT_EQ(spec.propagation, 0u);

    const MountSpec bind = MountSpecFor({{"type", "none"}, {"device", "/srv/x"}, {"o", "bind,rw,rshared"}});
    EXPECT_EQ(bind.flags, static_cast<unsigned long>(MS_BIND));
    EXPECT_EQ(bind.propagation, static_cast<unsigned long>(MS_SHARED | MS_REC));
    EXPECT_EQ(bind.data, "");
    EXPECT_TRUE(NeedsMount({{"type", "none"}, {"device", "/srv/x"}}));
    EXPECT_FALSE(NeedsMount({}));
}

}  // namespace
}  // namespace engine::volume
