#include "engine/runtime/spec/devices.hpp"

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::runtime {
namespace {

TEST(DevicesFromPathTest, OneDeviceNodeAtTheContainerPath) {
    const std::vector<DeviceSpec> devices = DevicesFromPath("/dev/null", "/dev/mynull", "rw");
    ASSERT_EQ(devices.size(), 1U);
    EXPECT_EQ(devices[0].path, "/dev/mynull");
    EXPECT_EQ(devices[0].type, 'c');
    EXPECT_EQ(devices[0].major, 1);
    EXPECT_EQ(devices[0].minor, 3);
    EXPECT_EQ(devices[0].file_mode, 0666U);
    EXPECT_EQ(devices[0].cgroup_permissions, "rw");
}

TEST(DevicesFromPathTest, NotADeviceIsAnError) {
    const testing::TempDir empty;
    try {
        DevicesFromPath(empty.path(), "/dev/x", "rwm");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kInvalidArgument);
        EXPECT_EQ(std::string(e.what()),
                  "error gathering device information while adding custom device \"" + empty.path().string() +
                      "\": not a device node; name a character or block device or a directory of them");
    }
}

TEST(HostDevicesTest, ListsDevNodesButNotConsoleOrPts) {
    const std::vector<DeviceSpec> devices = HostDevices();
    const auto has = [&](std::string_view path) {
        return std::any_of(devices.begin(), devices.end(), [&](const DeviceSpec& d) { return d.path == path; });
    };
    EXPECT_TRUE(has("/dev/null"));
    EXPECT_FALSE(has("/dev/console"));
    EXPECT_FALSE(std::any_of(
        devices.begin(), devices.end(), [](const DeviceSpec& d) { return d.path.starts_with("/dev/pts/"); }));
}

}  // namespace
}  // namespace engine::runtime
