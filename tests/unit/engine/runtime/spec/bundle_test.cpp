#include "engine/runtime/spec/bundle.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "engine/base/atomic_file.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::runtime {
namespace {

TEST(WriteBundleTest, WritesConfigJsonPrivately) {
    const testing::TempDir dir;
    const auto bundle = dir.path() / "bundles/abc";
    WriteBundle(bundle, {{"ociVersion", "1.0.2-dev"}});
    EXPECT_EQ(nlohmann::json::parse(ReadFile(bundle / "config.json")).at("ociVersion"), "1.0.2-dev");
    struct stat info {};
    ASSERT_EQ(stat((bundle / "config.json").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600U);
    WriteBundle(bundle, {{"ociVersion", "x"}});
    EXPECT_EQ(nlohmann::json::parse(ReadFile(bundle / "config.json")).at("ociVersion"), "x");
}

}  // namespace
}  // namespace engine::runtime
