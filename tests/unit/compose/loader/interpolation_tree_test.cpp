#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compose/loader/interpolation.hpp"
#include "compose/loader/load_error.hpp"
#include "tests/support/load_error_text.hpp"

namespace compose::loader {
namespace {

using model::Value;

const std::map<std::string, std::string, std::less<>> kEnv = {
    {"TAG", "1.36"}, {"PORT", "8080"}, {"RO", "true"}, {"KEY", "renamed"}, {"NAME", "web"}};

std::optional<std::string> Env(std::string_view name) {
    auto it = kEnv.find(name);
    return it == kEnv.end() ? std::nullopt : std::optional<std::string>(it->second);
}

// A string scalar as the parser would produce it, at compose.yaml:line:column.
Value At(std::string text, int line, int column) {
    Value value(std::move(text));
    value.mark = model::Mark{std::make_shared<const std::string>("compose.yaml"), line, column};
    return value;
}

// services: {web: {<key>: <value>}}
Value Service(std::string_view key, Value value) {
    Value root;
    root["services"]["web"][key] = std::move(value);
    return root;
}

// The LoadError InterpolateTree throws for `root`, as what() shows it.
std::string ErrorOf(Value root) {
    Warnings warnings;
    return test_support::LoadErrorWhat([&] { InterpolateTree(root, Env, warnings); });
}

TEST(InterpolationTree, InterpolatesValuesButNeverKeys) {
    Value root;
    root["services"]["${KEY}"]["image"] = Value("busybox:${TAG}");
    root["services"]["${KEY}"]["command"] = Value(Value::Seq{Value("echo"), Value("$NAME"), Value(3)});
    Warnings warnings;
    InterpolateTree(root, Env, warnings);
    const Value* service = root["services"].Find("${KEY}");
    ASSERT_NE(service, nullptr);
    EXPECT_EQ(*service->Find("image"), Value("busybox:1.36"));
    EXPECT_EQ(*service->Find("command"), Value(Value::Seq{Value("echo"), Value("web"), Value(3)}));
    EXPECT_EQ(root["services"].Find("renamed"), nullptr);
    EXPECT_TRUE(warnings.List().empty());
}

TEST(InterpolationTree, KeepsMarksAndTags) {
    Value image = At("busybox:${TAG}", 3, 12);
    image.key_mark = model::Mark{image.mark.file, 3, 5};
    image.tag = "!override";
    Value root = Service("image", image);
    Warnings warnings;
    InterpolateTree(root, Env, warnings);
    const Value& out = root["services"]["web"]["image"];
    EXPECT_EQ(out.AsString(), "busybox:1.36");
    EXPECT_EQ(out.mark.ToString(), "compose.yaml:3:12");
    EXPECT_EQ(out.key_mark.ToString(), "compose.yaml:3:5");
    EXPECT_EQ(out.tag, "!override");
}

TEST(InterpolationTree, UnsetVariableWarnsOnceAndBecomesEmpty) {
    Value root;
    root["services"]["a"]["image"] = Value("x$MISSING");
    root["services"]["b"]["image"] = Value("${MISSING}y");
    root["services"]["b"]["user"] = Value("${OTHER:-root}");
    Warnings warnings;
    InterpolateTree(root, Env, warnings);
    EXPECT_EQ(root["services"]["a"]["image"].AsString(), "x");
    EXPECT_EQ(root["services"]["b"]["image"].AsString(), "y");
    EXPECT_EQ(root["services"]["b"]["user"].AsString(), "root");
    EXPECT_EQ(warnings.List(),
              (std::vector<std::string>{"the \"MISSING\" variable is not set. Defaulting to a blank string."}));
}

TEST(InterpolationTree, RequiredErrorNamesPathAndColumn) {
    // "busybox:" is 8 bytes, so the '$' sits 8 columns after the scalar's start.
    EXPECT_EQ(ErrorOf(Service("image", At("busybox:${NOPE:?set it}", 3, 12))),
              "compose.yaml:3:20: services.web.image: required variable NOPE is missing a value: set it");
}

TEST(InterpolationTree, MalformedTemplateInASequenceNamesTheIndex) {
    Value command(Value::Seq{At("echo", 4, 16), At("${A B}", 4, 22)});
    EXPECT_EQ(ErrorOf(Service("command", command)),
              "compose.yaml:4:22: services.web.command[1]: invalid interpolation format for \"${A B}\": unexpected "
              "\" \" after variable name \"A\" (operators are :-, -, :?, ?, :+ and +)");
}

TEST(InterpolationTree, MultiLineScalarKeepsItsOwnColumn) {
    EXPECT_EQ(ErrorOf(Service("entrypoint", At("line one\n${NOPE?}", 5, 7))),
              "compose.yaml:5:7: services.web.entrypoint: required variable NOPE is missing a value");
}

TEST(InterpolationTree, CastsTypedPaths) {
    Value root;
    Value& web = root["services"]["web"];
    Value port = Value::MakeMap();
    port["target"] = Value("${PORT}");
    port["published"] = Value("${PORT}");
    web["ports"] = Value(Value::Seq{port});
    web["read_only"] = Value("${RO}");
    web["cpus"] = Value("0.5");
    web["pids_limit"] = Value("-1");
    web["scale"] = Value("+2");
    web["healthcheck"]["retries"] = Value("3");
    web["deploy"]["replicas"] = Value("2");
    web["deploy"]["update_config"]["max_failure_ratio"] = Value("0.25");
    web["ulimits"]["nofile"] = Value("1024");
    web["ulimits"]["nproc"]["soft"] = Value("10");
    web["ulimits"]["nproc"]["hard"] = Value(20);
    web["environment"]["RETRIES"] = Value("3");
    web["tty"] = Value("TRUE");
    root["networks"]["front"]["internal"] = Value("false");
    root["volumes"]["data"]["external"] = Value(true);
    Warnings warnings;
    InterpolateTree(root, Env, warnings);

    EXPECT_EQ(web["ports"].AsSeq()[0]["target"], Value(8080));
    EXPECT_EQ(web["ports"].AsSeq()[0]["published"], Value("8080"));
    EXPECT_EQ(web["read_only"], Value(true));
    EXPECT_EQ(web["cpus"], Value(0.5));
    EXPECT_EQ(web["pids_limit"], Value(-1));
    EXPECT_EQ(web["scale"], Value(2));
    EXPECT_EQ(web["healthcheck"]["retries"], Value(3));
    EXPECT_EQ(web["deploy"]["replicas"], Value(2));
    EXPECT_EQ(web["deploy"]["update_config"]["max_failure_ratio"], Value(0.25));
    EXPECT_EQ(web["ulimits"]["nofile"], Value(1024));
    EXPECT_EQ(web["ulimits"]["nproc"]["soft"], Value(10));
    EXPECT_EQ(web["ulimits"]["nproc"]["hard"], Value(20));
    EXPECT_EQ(web["environment"]["RETRIES"], Value("3"));
    EXPECT_EQ(web["tty"], Value(true));
    EXPECT_EQ(root["networks"]["front"]["internal"], Value(false));
    EXPECT_EQ(root["volumes"]["data"]["external"], Value(true));
    EXPECT_TRUE(warnings.List().empty());
}

TEST(InterpolationTree, CastKeepsTheMark) {
    Value root = Service("privileged", At("true", 7, 17));
    Warnings warnings;
    InterpolateTree(root, Env, warnings);
    const Value& out = root["services"]["web"]["privileged"];
    EXPECT_EQ(out, Value(true));
    EXPECT_EQ(out.mark.ToString(), "compose.yaml:7:17");
}

TEST(InterpolationTree, YamlOneOneBooleansCastWithAWarning) {
    Value root;
    root["services"]["web"]["stdin_open"] = Value("yes");
    root["services"]["web"]["init"] = Value("Off");
    Warnings warnings;
    InterpolateTree(root, Env, warnings);
    EXPECT_EQ(root["services"]["web"]["stdin_open"], Value(true));
    EXPECT_EQ(root["services"]["web"]["init"], Value(false));
    EXPECT_EQ(warnings.List(),
              (std::vector<std::string>{
                  "services.web.init: \"Off\" for a boolean is not supported by YAML 1.2, use false",
                  "services.web.stdin_open: \"yes\" for a boolean is not supported by YAML 1.2, use true"}));
}

TEST(InterpolationTree, FailedCastsNameThePathAndValue) {
    EXPECT_EQ(ErrorOf(Service("read_only", At("maybe", 6, 16))),
              "compose.yaml:6:16: services.web.read_only: \"maybe\" is not a boolean");
    Value port = Value::MakeMap();
    port["target"] = At("80a", 9, 17);
    EXPECT_EQ(ErrorOf(Service("ports", Value(Value::Seq{port}))),
              "compose.yaml:9:17: services.web.ports[0].target: \"80a\" is not an integer");
    EXPECT_EQ(ErrorOf(Service("cpus", At("fast", 2, 11))),
              "compose.yaml:2:11: services.web.cpus: \"fast\" is not a number");
    EXPECT_EQ(ErrorOf(Service("scale", At("", 2, 11))),
              "compose.yaml:2:11: services.web.scale: \"\" is not an integer");
    EXPECT_EQ(ErrorOf(Service("scale", At(" 2", 2, 11))),
              "compose.yaml:2:11: services.web.scale: \" 2\" is not an integer");
}

}  // namespace
}  // namespace compose::loader
