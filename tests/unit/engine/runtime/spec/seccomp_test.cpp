#include "engine/runtime/spec/seccomp.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/runtime/spec/capabilities.hpp"
#include "tests/unit/engine/runtime/spec/spec_test_support.hpp"

namespace engine::runtime {
namespace {

using Json = nlohmann::json;

// The rules that allow `name`, or an empty list.
std::vector<Json> RulesNaming(const Json& seccomp, const std::string& name) {
    std::vector<Json> rules;
    for (const Json& rule : seccomp.at("syscalls")) {
        for (const Json& n : rule.at("names")) {
            if (n == name) {
                rules.push_back(rule);
            }
        }
    }
    return rules;
}

Json DefaultFor(const std::vector<std::string>& caps) {
    return TranslateSeccompProfile(DefaultSeccompProfileText(), caps, testing::TestHost());
}

TEST(SeccompTest, DefaultProfileHeaderForAmd64) {
    const Json seccomp = DefaultFor(DefaultCapabilities());
    EXPECT_EQ(seccomp.at("defaultAction"), "SCMP_ACT_ERRNO");
    EXPECT_EQ(seccomp.at("defaultErrnoRet"), 1);
    EXPECT_EQ(seccomp.at("architectures"), Json::array({"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}));
}

TEST(SeccompTest, CapabilityIncludesFollowTheBoundingSet) {
    const Json plain = DefaultFor(DefaultCapabilities());
    EXPECT_TRUE(RulesNaming(plain, "mount").empty());
    EXPECT_TRUE(RulesNaming(plain, "unshare").empty());
    EXPECT_TRUE(RulesNaming(plain, "kcmp").empty());  // needs CAP_SYS_PTRACE
    EXPECT_FALSE(RulesNaming(plain, "read").empty());
    std::vector<std::string> admin = DefaultCapabilities();
    admin.push_back("CAP_SYS_ADMIN");
    const Json with_admin = DefaultFor(admin);
    EXPECT_FALSE(RulesNaming(with_admin, "mount").empty());
    EXPECT_FALSE(RulesNaming(with_admin, "unshare").empty());
}

TEST(SeccompTest, CloneRulesDependOnSysAdminExcludes) {
    const Json plain = DefaultFor(DefaultCapabilities());
    const std::vector<Json> clone = RulesNaming(plain, "clone");
    ASSERT_EQ(clone.size(), 1U);  // the s390 variant is for another arch
    EXPECT_EQ(clone[0].at("args"), Json::parse(R"([{"index":0,"value":2114060288,"op":"SCMP_CMP_MASKED_EQ"}])"));
    const std::vector<Json> clone3 = RulesNaming(plain, "clone3");
    ASSERT_EQ(clone3.size(), 1U);
    EXPECT_EQ(clone3[0].at("action"), "SCMP_ACT_ERRNO");
    EXPECT_EQ(clone3[0].at("errnoRet"), 38);
    EXPECT_FALSE(clone3[0].contains("excludes"));

    std::vector<std::string> admin = DefaultCapabilities();
    admin.push_back("CAP_SYS_ADMIN");
    const Json with_admin = DefaultFor(admin);
    // With CAP_SYS_ADMIN the unconditional rule for clone/clone3 applies instead.
    for (const Json& rule : RulesNaming(with_admin, "clone")) {
        EXPECT_FALSE(rule.contains("args"));
    }
}

TEST(SeccompTest, ArchAndKernelConditions) {
    const Json amd64 = DefaultFor(DefaultCapabilities());
    EXPECT_FALSE(RulesNaming(amd64, "arch_prctl").empty());
    EXPECT_TRUE(RulesNaming(amd64, "s390_pci_mmio_read").empty());
    HostLimits old_kernel = testing::TestHost();
    old_kernel.kernel_major = 4;
    old_kernel.kernel_minor = 4;
    const std::string profile = R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
        {"names":["a"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"4.8"}},
        {"name":"b","action":"SCMP_ACT_ALLOW","excludes":{"minKernel":"4.8"}}]})";
    const Json old_result = TranslateSeccompProfile(profile, {}, old_kernel);
    ASSERT_EQ(old_result.at("syscalls").size(), 1U);
    EXPECT_EQ(old_result.at("syscalls")[0].at("names"), Json::array({"b"}));
    const Json new_result = TranslateSeccompProfile(profile, {}, testing::TestHost());
    ASSERT_EQ(new_result.at("syscalls").size(), 1U);
    EXPECT_EQ(new_result.at("syscalls")[0].at("names"), Json::array({"a"}));
    EXPECT_FALSE(new_result.contains("architectures"));
}

TEST(SeccompTest, EmptyProfileDisablesAndBadProfilesAreErrors) {
    EXPECT_TRUE(TranslateSeccompProfile("{}", {}, testing::TestHost()).is_null());
    EXPECT_THROW(TranslateSeccompProfile("{not json", {}, testing::TestHost()), Error);
    EXPECT_THROW(TranslateSeccompProfile(
                     R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86"],"archMap":[{}]})",
                     {},
                     testing::TestHost()),
                 Error);
}

}  // namespace
}  // namespace engine::runtime
