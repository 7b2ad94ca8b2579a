#include "engine/runtime/spec/host_limits.hpp"

#include <algorithm>

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace engine::runtime {
namespace {

TEST(DetectHostLimitsTest, ReadsThisProcessAndHost) {
    const HostLimits host = DetectHostLimits();
    rlimit nofile{};
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &nofile), 0);
    EXPECT_EQ(host.hard_rlimits.at("nofile"), nofile.rlim_max);
    EXPECT_EQ(host.hard_rlimits.size(), UlimitNames().size());
    EXPECT_FALSE(host.arch.empty());
    EXPECT_GE(host.kernel_major, 3);
    // Every detected capability is a known one, in kernel order.
    const auto& known = KnownCapabilities();
    auto last = known.begin();
    for (const std::string& cap : host.capabilities) {
        const auto found = std::find(last, known.end(), cap);
        ASSERT_NE(found, known.end()) << cap;
        last = found;
    }
}

TEST(KnownCapabilitiesTest, KernelNumbering) {
    const auto& known = KnownCapabilities();
    ASSERT_EQ(known.size(), 41U);
    EXPECT_EQ(known[21], "CAP_SYS_ADMIN");
    EXPECT_EQ(known[24], "CAP_SYS_RESOURCE");
    EXPECT_EQ(known[40], "CAP_CHECKPOINT_RESTORE");
}

}  // namespace
}  // namespace engine::runtime
