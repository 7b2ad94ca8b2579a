#include "engine/runtime/spec/command.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::runtime {
namespace {

using Args = std::vector<std::string>;

struct Case {
    const char* name;
    std::optional<Args> image_entrypoint;
    std::optional<Args> image_cmd;
    std::optional<Args> entrypoint;
    std::optional<Args> cmd;
    Args argv;
};

// Written from moby's merge + mergeAndVerifyConfig + getEntrypointAndArgs.
TEST(ResolveCommandTest, CombinesImageAndContainerLikeDocker) {
    const std::vector<Case> cases = {
        {"image cmd only", std::nullopt, Args{"sh"}, std::nullopt, std::nullopt, {"sh"}},
        {"container cmd replaces image cmd",
         std::nullopt,
         Args{"sh"},
         std::nullopt,
         Args{"echo", "hi"},
         {"echo", "hi"}},
        {"image entrypoint + image cmd",
         Args{"/entry"},
         Args{"--flag"},
         std::nullopt,
         std::nullopt,
         {"/entry", "--flag"}},
        {"image entrypoint + container cmd", Args{"/entry"}, Args{"--flag"}, std::nullopt, Args{"x"}, {"/entry", "x"}},
        {"container entrypoint drops image cmd",
         Args{"/entry"},
         Args{"--flag"},
         Args{"/other"},
         std::nullopt,
         {"/other"}},
        {"container entrypoint + cmd", Args{"/entry"}, Args{"--flag"}, Args{"/other"}, Args{"a"}, {"/other", "a"}},
        {"empty entrypoint clears image entrypoint", Args{"/entry"}, Args{"--flag"}, Args{""}, Args{"ls"}, {"ls"}},
        {"empty-list entrypoint keeps it cleared but takes image cmd",
         Args{"/entry"},
         Args{"--flag"},
         Args{},
         std::nullopt,
         {"--flag"}},
        {"empty cmd list takes image cmd", std::nullopt, Args{"sh"}, std::nullopt, Args{}, {"sh"}},
    };
    for (const Case& c : cases) {
        const ResolvedCommand resolved =
            ResolveCommand({c.image_entrypoint, c.image_cmd, std::nullopt}, {c.entrypoint, c.cmd, std::nullopt});
        EXPECT_EQ(resolved.argv, c.argv) << c.name;
    }
}

TEST(ResolveCommandTest, ClearedEntrypointIsNil) {
    const ResolvedCommand resolved = ResolveCommand({Args{"/entry"}, Args{"x"}, {}}, {Args{""}, Args{"ls"}, {}});
    EXPECT_FALSE(resolved.entrypoint.has_value());
    EXPECT_EQ(resolved.cmd, Args{"ls"});
}

TEST(ResolveCommandTest, NothingToRunIsDockersError) {
    try {
        ResolveCommand({std::nullopt, std::nullopt, {}}, {Args{""}, std::nullopt, {}});
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kInvalidArgument);
        EXPECT_STREQ(e.what(), "No command specified");
    }
    EXPECT_THROW(ResolveCommand({Args{""}, std::nullopt, {}}, {}), Error);
}

TEST(ResolveCommandTest, EnvIsContainerThenMissingImageKeys) {
    const ResolvedCommand resolved = ResolveCommand({std::nullopt, Args{"sh"}, Args{"PATH=/img", "A=1", "B=2"}},
                                                    {std::nullopt, std::nullopt, Args{"B=3", "C=4"}});
    EXPECT_EQ(resolved.env, (Args{"B=3", "C=4", "PATH=/img", "A=1"}));
    EXPECT_EQ(ResolveCommand({std::nullopt, Args{"sh"}, Args{"A=1"}}, {}).env, Args{"A=1"});
}

TEST(ReplaceOrAppendEnvTest, ReplacesAppendsAndRemoves) {
    EXPECT_EQ(ReplaceOrAppendEnv({"PATH=/bin", "HOSTNAME=h", "X=1"}, {"HOSTNAME=other", "NEW=2", "X"}),
              (Args{"PATH=/bin", "HOSTNAME=other", "NEW=2"}));
}

}  // namespace
}  // namespace engine::runtime
