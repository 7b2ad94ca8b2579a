#include "compose/loader/yaml_writer.hpp"

#include <gtest/gtest.h>

#include "compose/loader/yaml_reader.hpp"

namespace compose::loader {
namespace {

using model::Value;

Value ReadBack(const std::string& text) {
    return ReadYaml(text, std::make_shared<const std::string>("out.yaml"));
}

TEST(YamlWriter, WritesBlockStyleWithSortedKeys) {
    Value root;
    root["services"]["web"]["image"] = Value("nginx");
    root["services"]["web"]["ports"] =
        Value(Value::Seq{Value(Value::Map{{"target", Value(80)}, {"mode", Value("ingress")}})});
    root["name"] = Value("demo");
    root["volumes"] = Value::MakeMap();
    EXPECT_EQ(WriteYaml(root),
              "name: demo\n"
              "services:\n"
              "  web:\n"
              "    image: nginx\n"
              "    ports:\n"
              "      - mode: ingress\n"
              "        target: 80\n"
              "volumes: {}\n");
}

TEST(YamlWriter, QuotesStringsThatWouldReadBackAsSomethingElse) {
    Value root;
    root["a"] = Value("8080");
    root["b"] = Value("true");
    root["c"] = Value("yes");
    root["d"] = Value("");
    root["e"] = Value("null");
    root["f"] = Value("1.5");
    root["g"] = Value("- x");
    root["h"] = Value("a: b");
    root["i"] = Value("line1\nline2");
    root["j"] = Value("say \"hi\"");
    root["k"] = Value("127.0.0.1");
    root["l"] = Value("2s");
    root["m"] = Value("-c");
    root["n"] = Value("*alias");
    EXPECT_EQ(WriteYaml(root),
              "a: \"8080\"\nb: \"true\"\nc: \"yes\"\nd: \"\"\ne: \"null\"\nf: \"1.5\"\ng: \"- x\"\nh: \"a: b\"\n"
              "i: \"line1\\nline2\"\nj: say \"hi\"\nk: \"127.0.0.1\"\nl: 2s\nm: -c\n\"n\": \"*alias\"\n");
    EXPECT_EQ(ReadBack(WriteYaml(root)), root);
}

TEST(YamlWriter, ScalarsKeepTheirTypes) {
    Value root;
    root["int"] = Value(3);
    root["float"] = Value(2.0);
    root["half"] = Value(0.5);
    root["bool"] = Value(false);
    root["null"] = Value();
    root["list"] = Value::MakeSeq();
    EXPECT_EQ(WriteYaml(root), "bool: false\nfloat: 2.0\nhalf: 0.5\nint: 3\nlist: []\n\"null\": null\n");
    EXPECT_EQ(ReadBack(WriteYaml(root)), root);
}

TEST(YamlWriter, DollarsAreEscapedUnlessAskedNotTo) {
    Value root;
    root["cmd"] = Value("echo $HOME");
    EXPECT_EQ(WriteYaml(root), "cmd: echo $$HOME\n");
    EXPECT_EQ(WriteYaml(root, WriteOptions{.escape_dollars = false}), "cmd: echo $HOME\n");
    EXPECT_EQ(WriteJson(root), "{\n  \"cmd\": \"echo $$HOME\"\n}\n");
}

TEST(YamlWriter, NestedSequencesAndMapsInSequences) {
    Value root;
    root["x"] = Value(Value::Seq{Value(Value::Seq{Value("a"), Value("b")}), Value(Value::Map{}), Value(Value::Seq{})});
    EXPECT_EQ(WriteYaml(root), "x:\n  -\n    - a\n    - b\n  - {}\n  - []\n");
    EXPECT_EQ(ReadBack(WriteYaml(root)), root);
}

}  // namespace
}  // namespace compose::loader
