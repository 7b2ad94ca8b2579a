#include <gtest/gtest.h>

#include "tests/unit/compose/loader/normalize_test_support.hpp"

namespace compose::loader::testing {
namespace {

TEST(NormalizeEnvironment, ListBecomesMapOfStrings) {
    EXPECT_TREE(
        NormalizeWeb(R"({"image": "x", "environment": ["A=1", "B=x=y", "C=", "FROM_ENV", "UNSET"]})")["environment"],
        R"({"A": "1", "B": "x=y", "C": "", "FROM_ENV": "env-value", "UNSET": null})");
}

TEST(NormalizeEnvironment, MapValuesBecomeText) {
    EXPECT_TREE(
        NormalizeWeb(R"({"image": "x", "environment": {"A": 1, "B": true, "C": 1.5, "D": "d",
                                                               "FROM_ENV": null, "EMPTY": null, "UNSET": null}})")
            ["environment"],
        R"({"A": "1", "B": "true", "C": "1.5", "D": "d", "FROM_ENV": "env-value", "EMPTY": "", "UNSET": null})");
}

TEST(NormalizeEnvironment, EnvFileIsFoldedUnderExplicitValues) {
    const NormalizeContext ctx = TestContext(
        {{"/project/a.env", "A=from-a\nB=from-a\nC=from-a\n"}, {"/project/b.env", "B=from-b\nD=${FROM_ENV}\n"}});
    model::Value web =
        NormalizeWeb(R"({"image": "x", "env_file": ["a.env", "b.env"], "environment": {"C": "explicit"}})", ctx);
    EXPECT_TREE(web["environment"], R"({"A": "from-a", "B": "from-b", "C": "explicit", "D": "env-value"})");
    EXPECT_TREE(web["env_file"], R"([{"path": "/project/a.env", "required": true},
                                     {"path": "/project/b.env", "required": true}])");
}

TEST(NormalizeEnvironment, UnresolvedBareKeyStillBeatsTheFile) {
    const NormalizeContext ctx = TestContext({{"/project/.env.web", "UNSET=from-file\n"}});
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "env_file": ".env.web", "environment": ["UNSET"]})", ctx)["environment"],
                R"({"UNSET": null})");
}

TEST(NormalizeEnvironment, EnvFileLongFormKeepsFormatAndSkipsOptionalMissingFiles) {
    const NormalizeContext ctx = TestContext({{"/etc/raw.env", "A='quoted' ${X}\n# comment\n"}});
    model::Value web = NormalizeWeb(R"({"image": "x", "env_file": [
        {"path": "/etc/raw.env", "format": "raw"},
        {"path": "missing.env", "required": false}]})",
                                    ctx);
    EXPECT_TREE(web["environment"], R"({"A": "'quoted' ${X}"})");
    EXPECT_TREE(web["env_file"], R"([{"path": "/etc/raw.env", "format": "raw", "required": true},
                                     {"path": "/project/missing.env", "required": false}])");
}

TEST(NormalizeEnvironment, RequiredMissingEnvFileIsAnError) {
    EXPECT_EQ(NormalizeWebError(R"({"image": "x", "env_file": "missing.env"})"),
              "services.web.env_file[0]: env file /project/missing.env not found");
}

TEST(NormalizeEnvironment, UnknownEnvFileFormatIsAnError) {
    const NormalizeContext ctx = TestContext({{"/project/a.env", "A=1\n"}});
    EXPECT_EQ(
        NormalizeWebError(R"({"image": "x", "env_file": [{"path": "a.env", "format": "json"}]})", ctx),
        "services.web.env_file[0]: unsupported env_file format \"json\"; leave it out for the .env syntax, or use "
        "\"raw\"");
}

TEST(NormalizeEnvironment, BuildArgsResolveLikeEnvironment) {
    EXPECT_TREE(NormalizeWeb(R"({"build": {"context": "app", "args": ["V=1", "FROM_ENV", "UNSET"]}})")["build"],
                R"({"context": "/project/app", "dockerfile": "Dockerfile",
                    "args": {"V": "1", "FROM_ENV": "env-value", "UNSET": null}})");
}

TEST(NormalizeLabels, ListsBecomeMapsOfStrings) {
    model::Value web = NormalizeWeb(R"({"image": "x",
        "labels": ["a=1", "b"], "sysctls": {"net.core.somaxconn": 1024}, "annotations": ["k=v"],
        "deploy": {"labels": ["d=1"]}, "build": {"context": ".", "labels": {"n": 2}}})");
    EXPECT_TREE(web["labels"], R"({"a": "1", "b": ""})");
    EXPECT_TREE(web["sysctls"], R"({"net.core.somaxconn": "1024"})");
    EXPECT_TREE(web["annotations"], R"({"k": "v"})");
    EXPECT_TREE(web["deploy"], R"({"labels": {"d": "1"}})");
    EXPECT_TREE(web["build"]["labels"], R"({"n": "2"})");
}

}  // namespace
}  // namespace compose::loader::testing
