#include "engine/runtime/spec/capabilities.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/runtime/spec/spec_test_support.hpp"

namespace engine::runtime {
namespace {

using Caps = std::vector<std::string>;

Caps Tweak(const Caps& add, const Caps& drop, bool privileged = false) {
    return TweakCapabilities(add, drop, privileged, testing::TestHost().capabilities);
}

std::string ErrorOf(const Caps& add, const Caps& drop) {
    try {
        Tweak(add, drop);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kInvalidArgument);
        return e.what();
    }
    return "no error";
}

TEST(TweakCapabilitiesTest, DefaultsAreDockers14) {
    const Caps expected = {"CAP_CHOWN",
                           "CAP_DAC_OVERRIDE",
                           "CAP_FSETID",
                           "CAP_FOWNER",
                           "CAP_MKNOD",
                           "CAP_NET_RAW",
                           "CAP_SETGID",
                           "CAP_SETUID",
                           "CAP_SETFCAP",
                           "CAP_SETPCAP",
                           "CAP_NET_BIND_SERVICE",
                           "CAP_SYS_CHROOT",
                           "CAP_KILL",
                           "CAP_AUDIT_WRITE"};
    EXPECT_EQ(Tweak({}, {}), expected);
}

TEST(TweakCapabilitiesTest, AddAndDropAcceptAnyCaseWithOrWithoutPrefix) {
    Caps caps = Tweak({"net_admin", "CAP_SYS_PTRACE"}, {"cap_chown", "Mknod", "NET_RAW"});
    EXPECT_EQ(caps,
              (Caps{"CAP_DAC_OVERRIDE",
                    "CAP_FSETID",
                    "CAP_FOWNER",
                    "CAP_SETGID",
                    "CAP_SETUID",
                    "CAP_SETFCAP",
                    "CAP_SETPCAP",
                    "CAP_NET_BIND_SERVICE",
                    "CAP_SYS_CHROOT",
                    "CAP_KILL",
                    "CAP_AUDIT_WRITE",
                    "CAP_NET_ADMIN",
                    "CAP_SYS_PTRACE"}));
}

TEST(TweakCapabilitiesTest, DropAllKeepsOnlyAdded) {
    EXPECT_EQ(Tweak({"chown"}, {"ALL"}), Caps{"CAP_CHOWN"});
    EXPECT_EQ(Tweak({}, {"all"}), Caps{});
}

TEST(TweakCapabilitiesTest, AddAllIsEveryAvailableMinusDrops) {
    const Caps caps = Tweak({"ALL"}, {"SYS_ADMIN"});
    EXPECT_EQ(caps.size(), testing::TestHost().capabilities.size() - 1);
    EXPECT_EQ(std::count(caps.begin(), caps.end(), "CAP_SYS_ADMIN"), 0);
    EXPECT_EQ(caps.front(), "CAP_CHOWN");
}

TEST(TweakCapabilitiesTest, PrivilegedGetsTheDaemonsBoundingSet) {
    EXPECT_EQ(Tweak({}, {"ALL"}, true), testing::TestHost().capabilities);
}

TEST(TweakCapabilitiesTest, UnknownAndUnavailableAreErrors) {
    EXPECT_EQ(ErrorOf({"foo"}, {}), "unknown capability: \"CAP_FOO\"");
    EXPECT_EQ(ErrorOf({}, {"cap_bar"}), "unknown capability: \"CAP_BAR\"");
    EXPECT_EQ(ErrorOf({"SYS_RESOURCE"}, {}),
              "capability not supported by your kernel or not available in the current environment: "
              "\"CAP_SYS_RESOURCE\"");
}

}  // namespace
}  // namespace engine::runtime
