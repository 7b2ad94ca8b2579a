// The Go-template subset of --format: fields, functions, pipelines, blocks and errors.
#include "engine/cli/template.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/cli/output.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

std::string Render(std::string_view text, const json& dot) {
    return Template::Parse(text).Execute(dot);
}

const json kImage = json::parse(R"({
  "Id": "sha256:abc", "RepoTags": ["busybox:latest", "busybox:1"], "Size": 4270000,
  "Config": {"Cmd": ["sh", "-c", "echo hi"], "Env": null, "Labels": {"b": "2", "a": "1"}},
  "Ratio": 1.5, "Big": 1000000.0, "Empty": "", "On": true
})");

TEST(TemplateTest, FieldsPrintAsGoPrintsThem) {
    EXPECT_EQ(Render("{{.Id}} {{.Size}} {{.On}}", kImage), "sha256:abc 4270000 true");
    EXPECT_EQ(Render("{{.Config.Cmd}}", kImage), "[sh -c echo hi]");
    EXPECT_EQ(Render("{{.Config.Labels}}", kImage), "map[a:1 b:2]");
    EXPECT_EQ(Render("{{.Config.Env}} {{.Missing}} {{.Missing.Deeper}}", kImage), "<nil> <no value> <no value>");
    EXPECT_EQ(Render("{{.Ratio}} {{.Big}}", kImage), "1.5 1e+06");
    EXPECT_EQ(Render("text only", kImage), "text only");
}

TEST(TemplateTest, Functions) {
    EXPECT_EQ(Render("{{json .Config.Cmd}}", kImage), R"(["sh","-c","echo hi"])");
    EXPECT_EQ(Render("{{json .Config.Labels}}", kImage), R"({"a":"1","b":"2"})");
    EXPECT_EQ(Render("{{join .RepoTags \", \"}}", kImage), "busybox:latest, busybox:1");
    EXPECT_EQ(Render("{{index .Config.Labels \"b\"}} {{index .RepoTags 1}}", kImage), "2 busybox:1");
    EXPECT_EQ(Render("{{upper .Id}} {{.Id | upper}} {{lower \"AB\"}} {{title \"hello world\"}}", kImage),
              "SHA256:ABC SHA256:ABC ab Hello World");
    EXPECT_EQ(Render("{{truncate .Id 6}}|{{pad .Empty 1 2}}|{{len .RepoTags}}", kImage), "sha256|   |2");
    EXPECT_EQ(Render("{{split \"a:b:c\" \":\"}}", kImage), "[a b c]");
    EXPECT_EQ(Render("{{println .Size \"x\"}}", kImage), "4270000 x\n");
}

TEST(TemplateTest, BlocksAndTrimming) {
    EXPECT_EQ(Render("{{range .RepoTags}}<{{.}}>{{end}}", kImage), "<busybox:latest><busybox:1>");
    EXPECT_EQ(Render("{{range .Config.Env}}x{{else}}none{{end}}", kImage), "none");
    EXPECT_EQ(Render("{{if .Empty}}yes{{else}}no{{end}} {{if .On}}on{{end}}", kImage), "no on");
    EXPECT_EQ(Render("{{with .Config}}{{.Cmd}}{{end}}", kImage), "[sh -c echo hi]");
    EXPECT_EQ(Render("{{if eq .Size 4270000}}big{{end}} {{if not .Empty}}empty{{end}}", kImage), "big empty");
    EXPECT_EQ(Render("a  {{- .Size -}}  b", kImage), "a4270000b");
}

std::string ParseError(std::string_view text) {
    try {
        Template::Parse(text);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    return "parsed";
}

TEST(TemplateTest, ParseErrorsReadLikeDockers) {
    EXPECT_EQ(ParseError("{{foo .}}"), "template parsing error: template: :1: function \"foo\" not defined");
    EXPECT_EQ(ParseError("x\n{{if .A}}"), "template parsing error: template: :2: unexpected EOF");
    EXPECT_EQ(ParseError("{{end}}"), "template parsing error: template: :1: unexpected {{end}}");
    EXPECT_EQ(ParseError("{{.A"), "template parsing error: template: :1: unclosed action");
    EXPECT_EQ(ParseError("{{$x := .A}}"), "template parsing error: template: :1: variables are not supported");
}

TEST(TemplateTest, ExecutionErrorsNameTheAction) {
    try {
        Render("{{.Id.Sub}}", kImage);
        FAIL();
    } catch (const Error& error) {
        EXPECT_STREQ(error.what(),
                     "template: :1:3: executing \"\" at <.Id.Sub>: can't evaluate field Sub in type string");
    }
    EXPECT_THROW(Render("{{index .RepoTags 5}}", kImage), Error);
    EXPECT_THROW(Render("{{join .Size \",\"}}", kImage), Error);
}

TEST(WriteFormattedTest, TableJsonAndPlainTemplates) {
    const std::vector<json> rows = {json{{"ID", "abc"}, {"Size", "1kB"}},
                                    json{{"ID", "defghijklmnop"}, {"Size", "2MB"}}};
    const json headers = {{"ID", "IMAGE ID"}, {"Size", "SIZE"}};
    std::ostringstream table;
    WriteFormatted(table, "", "table {{.ID}}\t{{.Size}}", rows, headers);
    EXPECT_EQ(table.str(), "IMAGE ID        SIZE\nabc             1kB\ndefghijklmnop   2MB\n");
    std::ostringstream custom;
    WriteFormatted(custom, "table {{.Size}}\\t{{.ID}}", "unused", rows, headers);
    EXPECT_EQ(custom.str(), "SIZE      IMAGE ID\n1kB       abc\n2MB       defghijklmnop\n");
    std::ostringstream lines;
    WriteFormatted(lines, "json", "unused", rows, headers);
    EXPECT_EQ(lines.str(), "{\"ID\":\"abc\",\"Size\":\"1kB\"}\n{\"ID\":\"defghijklmnop\",\"Size\":\"2MB\"}\n");
    std::ostringstream plain;
    WriteFormatted(plain, "{{.ID}}:{{.Size}}", "unused", rows, headers);
    EXPECT_EQ(plain.str(), "abc:1kB\ndefghijklmnop:2MB\n");
}

}  // namespace
}  // namespace engine::cli
