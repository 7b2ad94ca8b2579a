#include "compose/loader/yaml_reader.hpp"

#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "compose/loader/load_error.hpp"
#include "tests/support/load_error_text.hpp"

namespace compose::loader {
namespace {

using model::Value;

std::shared_ptr<const std::string> FileName() {
    return std::make_shared<const std::string>("compose.yaml");
}

Value Read(std::string_view text, const YamlLimits& limits = {}) {
    return ReadYaml(text, FileName(), limits);
}

// "file:line:column: message" of the LoadError the text raises.
std::string ErrorOf(std::string_view text, const YamlLimits& limits = {}) {
    const std::string what = test_support::LoadErrorWhat([&] { Read(text, limits); });
    return what.empty() ? "no error" : what;
}

std::string At(const model::Mark& mark) {
    return std::to_string(mark.line) + ":" + std::to_string(mark.column);
}

const Value& Get(const Value& map, std::string_view key) {
    const Value* found = map.Find(key);
    EXPECT_NE(found, nullptr) << key;
    static const Value kMissing;
    return found != nullptr ? *found : kMissing;
}

TEST(YamlReader, PlainScalarsFollowTheCoreSchemaWithGoIntegers) {
    Value doc = Read(
        "n1: ~\nn2: null\nn3: Null\nn4: NULL\nn5:\n"
        "b1: true\nb2: False\nb3: TRUE\n"
        "s1: yes\ns2: no\ns3: on\ns4: off\ns5: hello\ns6: _1\ns7: 0o8\ns8: tRue\n"
        "i1: 42\ni2: -17\ni3: +5\ni4: 0o17\ni5: 0x1F\ni6: 010\ni7: 0440\ni8: 1_000\ni9: 0b101\ni10: -0x10\n"
        "f1: 1.5\nf2: -1e3\nf3: .5\nf4: .inf\nf5: -.Inf\nf6: .nan\nf7: 1.\nf8: 99999999999999999999\n"
        "s9: 0x1FFFFFFFFFFFFFFFFF\n");
    for (const char* key : {"n1", "n2", "n3", "n4", "n5"}) {
        EXPECT_TRUE(Get(doc, key).IsNull()) << key;
    }
    EXPECT_EQ(Get(doc, "b1"), Value(true));
    EXPECT_EQ(Get(doc, "b2"), Value(false));
    EXPECT_EQ(Get(doc, "b3"), Value(true));
    EXPECT_EQ(Get(doc, "s1"), Value("yes"));
    EXPECT_EQ(Get(doc, "s2"), Value("no"));
    EXPECT_EQ(Get(doc, "s3"), Value("on"));
    EXPECT_EQ(Get(doc, "s4"), Value("off"));
    EXPECT_EQ(Get(doc, "s5"), Value("hello"));
    EXPECT_EQ(Get(doc, "s6"), Value("_1"));
    EXPECT_EQ(Get(doc, "s7"), Value("0o8"));
    EXPECT_EQ(Get(doc, "s8"), Value("tRue"));
    EXPECT_EQ(Get(doc, "i1"), Value(42));
    EXPECT_EQ(Get(doc, "i2"), Value(-17));
    EXPECT_EQ(Get(doc, "i3"), Value(5));
    EXPECT_EQ(Get(doc, "i4"), Value(15));
    EXPECT_EQ(Get(doc, "i5"), Value(31));
    // Integers as Go's yaml.v3 reads them (Docker Compose's parser): a leading 0 is octal, so
    // the spec's `mode: 0440` is 288; '_' separators are dropped; 0b is binary.
    EXPECT_EQ(Get(doc, "i6"), Value(8));
    EXPECT_EQ(Get(doc, "i7"), Value(288));
    EXPECT_EQ(Get(doc, "i8"), Value(1000));
    EXPECT_EQ(Get(doc, "i9"), Value(5));
    EXPECT_EQ(Get(doc, "i10"), Value(-16));
    EXPECT_EQ(Get(doc, "f1"), Value(1.5));
    EXPECT_EQ(Get(doc, "f2"), Value(-1000.0));
    EXPECT_EQ(Get(doc, "f3"), Value(0.5));
    EXPECT_EQ(Get(doc, "f4"), Value(std::numeric_limits<double>::infinity()));
    EXPECT_EQ(Get(doc, "f5"), Value(-std::numeric_limits<double>::infinity()));
    ASSERT_TRUE(Get(doc, "f6").IsFloat());
    EXPECT_TRUE(std::isnan(Get(doc, "f6").AsFloat()));
    EXPECT_EQ(Get(doc, "f7"), Value(1.0));
    EXPECT_EQ(Get(doc, "f8"), Value(1e20));                    // beyond int64: a float
    EXPECT_EQ(Get(doc, "s9"), Value("0x1FFFFFFFFFFFFFFFFF"));  // beyond int64, not a float
}

TEST(YamlReader, QuotedAndBlockScalarsAreStrings) {
    Value doc = Read("a: \"true\"\nb: '42'\nc: |\n  1.5\nd: >\n  null\ne: \"\"\nf: '~'\n");
    EXPECT_EQ(Get(doc, "a"), Value("true"));
    EXPECT_EQ(Get(doc, "b"), Value("42"));
    EXPECT_EQ(Get(doc, "c"), Value("1.5\n"));
    EXPECT_EQ(Get(doc, "d"), Value("null\n"));
    EXPECT_EQ(Get(doc, "e"), Value(""));
    EXPECT_EQ(Get(doc, "f"), Value("~"));
}

TEST(YamlReader, ScalarKeysAreTheirText) {
    Value doc = Read("80: a\ntrue: b\n1.50: c\n\"x\": d\n");
    EXPECT_EQ(Get(doc, "80"), Value("a"));
    EXPECT_EQ(Get(doc, "true"), Value("b"));
    EXPECT_EQ(Get(doc, "1.50"), Value("c"));
    EXPECT_EQ(Get(doc, "x"), Value("d"));
}

TEST(YamlReader, MarksAreOneBasedForKeysAndValues) {
    auto file = FileName();
    Value doc = ReadYaml("services:\n  web:\n    image: busybox\n    ports:\n      - \"80:80\"\n", file);
    EXPECT_EQ(At(doc.mark), "1:1");
    EXPECT_EQ(doc.mark.file.get(), file.get());
    const Value& services = Get(doc, "services");
    EXPECT_EQ(At(services.key_mark), "1:1");
    EXPECT_EQ(At(services.mark), "2:3");
    const Value& web = Get(services, "web");
    EXPECT_EQ(At(web.key_mark), "2:3");
    EXPECT_EQ(At(web.mark), "3:5");
    const Value& image = Get(web, "image");
    EXPECT_EQ(At(image.key_mark), "3:5");
    EXPECT_EQ(At(image.mark), "3:12");
    const Value& ports = Get(web, "ports");
    EXPECT_EQ(At(ports.key_mark), "4:5");
    EXPECT_EQ(At(ports.mark), "5:7");
    ASSERT_EQ(ports.AsSeq().size(), 1U);
    EXPECT_EQ(At(ports.AsSeq()[0].mark), "5:9");
    EXPECT_EQ(image.mark.ToString(), "compose.yaml:3:12");
}

TEST(YamlReader, LeftOutValueIsMarkedAtItsKey) {
    Value doc = Read("a:\nb:\n  ~\n");
    EXPECT_EQ(At(Get(doc, "a").mark), "1:1");
    EXPECT_EQ(At(Get(doc, "b").mark), "3:3");
}

TEST(YamlReader, ColumnsCountCharactersNotBytes) {
    Value doc = Read("x: {é: 1, b: 2}\n");
    EXPECT_EQ(At(Get(Get(doc, "x"), "b").key_mark), "1:11");
    EXPECT_EQ(At(Get(Get(doc, "x"), "b").mark), "1:14");
}

TEST(YamlReader, AliasIsAnIndependentCopyWithItsOwnMark) {
    Value doc = Read("base: &b\n  image: busybox\ncopy: *b\n");
    Value& copy = doc.AsMap().at("copy");
    EXPECT_EQ(At(copy.mark), "3:7");
    EXPECT_EQ(At(copy.key_mark), "3:1");
    EXPECT_EQ(At(Get(copy, "image").key_mark), "2:3");  // inner nodes keep the anchor's marks
    EXPECT_EQ(Get(copy, "image"), Value("busybox"));
    copy["image"] = Value("nginx");
    copy["extra"] = Value(1);
    const Value& base = Get(doc, "base");
    EXPECT_EQ(Get(base, "image"), Value("busybox"));
    EXPECT_EQ(base.Find("extra"), nullptr);
    EXPECT_EQ(At(base.mark), "1:7");
}

TEST(YamlReader, MergeKeyExplicitKeysWinRegardlessOfOrder) {
    Value doc = Read(
        "base: &base\n  image: busybox\n  restart: always\n"
        "svc:\n  image: nginx\n  <<: *base\n");
    const Value& svc = Get(doc, "svc");
    EXPECT_EQ(svc.AsMap().size(), 2U);
    EXPECT_EQ(Get(svc, "image"), Value("nginx"));
    EXPECT_EQ(At(Get(svc, "image").key_mark), "5:3");
    EXPECT_EQ(Get(svc, "restart"), Value("always"));
    EXPECT_EQ(At(Get(svc, "restart").key_mark), "3:3");  // from the anchor
    EXPECT_EQ(At(Get(svc, "restart").mark), "3:12");
    EXPECT_EQ(svc.Find("<<"), nullptr);
}

TEST(YamlReader, MergeKeyListEarlierMapWins) {
    Value doc = Read(
        "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\n"
        "c:\n  <<: [*a, *b, {w: 4, x: 4}]\n  z: 3\n");
    const Value& c = Get(doc, "c");
    EXPECT_EQ(c.AsMap().size(), 4U);
    EXPECT_EQ(Get(c, "x"), Value(1));
    EXPECT_EQ(Get(c, "y"), Value(1));
    EXPECT_EQ(Get(c, "z"), Value(3));
    EXPECT_EQ(Get(c, "w"), Value(4));
}

TEST(YamlReader, MergeKeyNeedsMappings) {
    EXPECT_EQ(ErrorOf("a: &s text\nb:\n  <<: *s\n"),
              "compose.yaml:3:7: merge key \"<<\" takes a mapping or a list of mappings (like "
              "`<<: *base`), not a string");
    EXPECT_EQ(ErrorOf("a: &m {x: 1}\nb:\n  <<: [*m, 3]\n"),
              "compose.yaml:3:12: merge key \"<<\" takes a mapping or a list of mappings (like "
              "`<<: *base`), not an integer");
    EXPECT_EQ(ErrorOf("b:\n  <<:\n"),
              "compose.yaml:2:3: merge key \"<<\" takes a mapping or a list of mappings (like "
              "`<<: *base`), not null");
}

TEST(YamlReader, QuotedMergeKeyIsAnOrdinaryKey) {
    Value doc = Read("\"<<\": {x: 1}\n");
    EXPECT_EQ(Get(Get(doc, "<<"), "x"), Value(1));
}

TEST(YamlReader, DuplicateKeyNamesBothPlaces) {
    EXPECT_EQ(ErrorOf("services:\n  web:\n    image: a\n    image: b\n"),
              "compose.yaml:4:5: duplicate key \"image\" in mapping (first defined at "
              "compose.yaml:3:5)");
    EXPECT_EQ(ErrorOf("x: {a: 1, a: 2}\n"),
              "compose.yaml:1:11: duplicate key \"a\" in mapping (first defined at compose.yaml:1:5)");
}

TEST(YamlReader, DuplicateKeyThroughMergeIsNotAnError) {
    Value doc = Read("a: &a {image: x}\nb:\n  <<: [*a, *a]\n  image: y\n");
    EXPECT_EQ(Get(Get(doc, "b"), "image"), Value("y"));
}

TEST(YamlReader, SecondDocumentIsAnError) {
    EXPECT_EQ(ErrorOf("a: 1\n---\nb: 2\n"),
              "compose.yaml:2:1: a compose file must hold exactly one YAML document; a second one "
              "starts here (remove the `---` separator or split the file)");
    EXPECT_EQ(ErrorOf("a: 1\n...\nb: 2\n"),
              "compose.yaml:3:1: a compose file must hold exactly one YAML document; a second one "
              "starts here (remove the `---` separator or split the file)");
}

TEST(YamlReader, LeadingSeparatorAndDocumentEndAreFine) {
    EXPECT_EQ(Get(Read("---\na: 1\n"), "a"), Value(1));
    EXPECT_EQ(Get(Read("# c\n---\na: 1\n...\n"), "a"), Value(1));
}

TEST(YamlReader, EmptyTextIsNull) {
    EXPECT_TRUE(Read("").IsNull());
    EXPECT_TRUE(Read("# only a comment\n\n").IsNull());
    EXPECT_TRUE(Read("---\n").IsNull());
    EXPECT_EQ(At(Read("").mark), "1:1");
}

TEST(YamlReader, TabInIndentationIsNamed) {
    EXPECT_EQ(ErrorOf("services:\n\tweb:\n\t\timage: x\n"),
              "compose.yaml:2:1: tab character in indentation; YAML indents with spaces only");
    EXPECT_EQ(ErrorOf("services:\n  web:\n  \timage: x\n"),
              "compose.yaml:3:3: tab character in indentation; YAML indents with spaces only");
}

TEST(YamlReader, TabsInsideValuesAreFine) {
    Value doc = Read("a: \"x\ty\"\nb: 1\t\n");
    EXPECT_EQ(Get(doc, "a"), Value("x\ty"));
    EXPECT_EQ(Get(doc, "b"), Value(1));
}

TEST(YamlReader, DeepBlockNestingIsRejected) {
    std::string text;
    for (int i = 0; i < 300; ++i) {
        text += std::string(2 * static_cast<std::size_t>(i), ' ') + "k:\n";
    }
    // The root mapping is level 1; level 257 starts on line 257 at column 2 * 256 + 1.
    EXPECT_EQ(ErrorOf(text), "compose.yaml:257:513: nesting deeper than 256 levels");
}

TEST(YamlReader, DeepFlowNestingIsRejected) {
    std::string balanced = std::string(300, '[') + std::string(300, ']');
    EXPECT_EQ(ErrorOf(balanced), "compose.yaml:1:257: nesting deeper than 256 levels");
    EXPECT_EQ(ErrorOf(std::string(100000, '[')), "compose.yaml:1:257: nesting deeper than 256 levels");
    std::string keys;
    for (int i = 0; i < 300; ++i) {
        keys += "{a: ";
    }
    EXPECT_EQ(ErrorOf(keys), "compose.yaml:1:1025: nesting deeper than 256 levels");
}

TEST(YamlReader, NestingAtTheLimitIsAccepted) {
    Value doc = Read(std::string(256, '[') + std::string(256, ']'));
    int depth = 0;
    const Value* level = &doc;
    while (level->IsSeq()) {
        ++depth;
        if (level->AsSeq().empty()) {
            break;
        }
        level = &level->AsSeq()[0];
    }
    EXPECT_EQ(depth, 256);
}

TEST(YamlReader, BracketsInsideTextDoNotCountAsNesting) {
    std::string text = "a: \"" + std::string(300, '[') + "\"\nb: echo " + std::string(300, '{') + "\nc: |\n  " +
                       std::string(300, '[') + "\n";
    Value doc = Read(text);
    EXPECT_EQ(Get(doc, "a"), Value(std::string(300, '[')));
    EXPECT_EQ(Get(doc, "b"), Value("echo " + std::string(300, '{')));
    EXPECT_EQ(Get(doc, "c"), Value(std::string(300, '[') + "\n"));
}

TEST(YamlReader, BillionLaughsFailsBeforeExpanding) {
    std::string text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char level = 'b'; level <= 'i'; ++level) {
        std::string prev = std::string("*") + static_cast<char>(level - 1);
        text += std::string(1, level) + ": &" + level + " [" + prev;
        for (int i = 1; i < 10; ++i) {
            text += "," + prev;
        }
        text += "]\n";
    }
    // Level f (line 6) is the first whose anchored copy, of 1111111 nodes, passes 2000000.
    EXPECT_EQ(ErrorOf(text),
              "compose.yaml:6:4: file expands to more than 2000000 nodes through aliases (an alias "
              "bomb?); use fewer aliases of large anchored blocks");
}

TEST(YamlReader, NodeLimitCountsPlainNodes) {
    YamlLimits limits;
    limits.max_nodes = 10;
    std::string text;
    for (int i = 0; i < 20; ++i) {
        text += "- 1\n";
    }
    // The sequence itself is node 1, so the tenth item is node 11.
    EXPECT_EQ(ErrorOf(text, limits),
              "compose.yaml:10:3: file has more than 10 nodes, the limit for a compose file; split "
              "it into several files");
}

TEST(YamlReader, UnknownAnchorIsNamed) {
    EXPECT_EQ(ErrorOf("a: 1\nb: *nope\n"), "compose.yaml:2:4: unknown anchor \"nope\"");
}

TEST(YamlReader, AliasInsideItsOwnAnchorIsAnError) {
    EXPECT_EQ(ErrorOf("a: &a [1, *a]\n"),
              "compose.yaml:1:11: alias \"*a\" is used inside the node its anchor names; an anchor "
              "cannot contain itself");
}

TEST(YamlReader, BinaryDataIsRejected) {
    using std::string_literals::operator""s;
    EXPECT_EQ(ErrorOf("a: 1\nb: \0\n"s), "compose.yaml:2:4: not a text file (binary data at byte 9)");
    EXPECT_EQ(ErrorOf("x: \xC3\xA9\xFF\n"), "compose.yaml:1:5: not a text file (binary data at byte 6)");
    EXPECT_EQ(ErrorOf("x: \xC0\xAF\n"), "compose.yaml:1:4: not a text file (binary data at byte 4)");
    EXPECT_EQ(ErrorOf("x: \xED\xA0\x80\n"), "compose.yaml:1:4: not a text file (binary data at byte 4)");
    EXPECT_EQ(ErrorOf("x: \xE2\x82"), "compose.yaml:1:4: not a text file (binary data at byte 4)");
}

TEST(YamlReader, ByteOrderMarkIsSkipped) {
    Value doc = Read(
        "\xEF\xBB\xBF"
        "a: 1\n");
    EXPECT_EQ(Get(doc, "a"), Value(1));
    EXPECT_EQ(At(Get(doc, "a").key_mark), "1:1");
}

TEST(YamlReader, SizeLimit) {
    YamlLimits limits;
    limits.max_bytes = 10;
    EXPECT_EQ(ErrorOf("a: 12345678\n", limits),
              "compose.yaml:1:1: file is 12 bytes, larger than the 10 bytes limit for a compose file");
    EXPECT_EQ(ErrorOf(std::string(9 * 1024 * 1024, ' ')),
              "compose.yaml:1:1: file is 9 MiB, larger than the 8 MiB limit for a compose file");
    EXPECT_EQ(ErrorOf(std::string(8 * 1024 * 1024 + 100 * 1024, ' ')),
              "compose.yaml:1:1: file is 8.1 MiB, larger than the 8 MiB limit for a compose file");
}

TEST(YamlReader, ResetAndOverrideTagsAreKept) {
    Value doc = Read(
        "ports: !reset []\nenvironment: !override {A: 1}\nimage: !reset null\n"
        "cpus: !override 1.5\ncommand: !override \"1.5\"\nuser: !reset\n");
    EXPECT_EQ(Get(doc, "ports").tag, "!reset");
    EXPECT_TRUE(Get(doc, "ports").IsSeq());
    EXPECT_EQ(Get(doc, "environment").tag, "!override");
    EXPECT_EQ(Get(Get(doc, "environment"), "A"), Value(1));
    EXPECT_EQ(Get(doc, "image").tag, "!reset");
    EXPECT_TRUE(Get(doc, "image").IsNull());
    EXPECT_EQ(Get(doc, "cpus"), Value(1.5));
    EXPECT_EQ(Get(doc, "cpus").tag, "!override");
    EXPECT_EQ(Get(doc, "command"), Value("1.5"));
    EXPECT_TRUE(Get(doc, "user").IsNull());
    EXPECT_EQ(Get(doc, "user").tag, "!reset");
    EXPECT_EQ(Get(doc, "ports").mark.ToString(), "compose.yaml:1:8");
}

TEST(YamlReader, CoreTagsConvert) {
    Value doc = Read(
        "a: !!str 12\nb: !!int \"12\"\nc: !!float 1\nd: !!bool \"true\"\ne: !!null ~\n"
        "f: !!map {x: 1}\ng: !!seq [1]\nh: !<tag:yaml.org,2002:str> true\n");
    EXPECT_EQ(Get(doc, "a"), Value("12"));
    EXPECT_EQ(Get(doc, "b"), Value(12));
    EXPECT_EQ(Get(doc, "c"), Value(1.0));
    EXPECT_EQ(Get(doc, "d"), Value(true));
    EXPECT_TRUE(Get(doc, "e").IsNull());
    EXPECT_TRUE(Get(doc, "f").IsMap());
    EXPECT_TRUE(Get(doc, "g").IsSeq());
    EXPECT_EQ(Get(doc, "h"), Value("true"));
    EXPECT_TRUE(Get(doc, "a").tag.empty());
}

TEST(YamlReader, BadTagsAreErrors) {
    EXPECT_EQ(ErrorOf("a: !foo 1\n"),
              "compose.yaml:1:4: unsupported tag \"!foo\"; only !reset and !override are known");
    EXPECT_EQ(ErrorOf("a: !!binary aGk=\n"),
              "compose.yaml:1:4: unsupported tag \"!!binary\"; only !reset and !override are known");
    EXPECT_EQ(ErrorOf("a: !foo [1]\n"),
              "compose.yaml:1:4: unsupported tag \"!foo\"; only !reset and !override are known");
    EXPECT_EQ(ErrorOf("a: !!int abc\n"), "compose.yaml:1:4: \"abc\" is not a valid !!int");
    EXPECT_EQ(ErrorOf("a: !!str {x: 1}\n"), "compose.yaml:1:4: tag \"!!str\" cannot be applied to a mapping");
    EXPECT_EQ(ErrorOf("a: !!seq x\n"), "compose.yaml:1:4: tag \"!!seq\" cannot be applied to a scalar");
}

TEST(YamlReader, NonScalarKeyIsAnError) {
    EXPECT_EQ(ErrorOf("[a, b]: 1\n"), "compose.yaml:1:1: mapping keys must be strings");
    EXPECT_EQ(ErrorOf("x: {{a: 1}: 2}\n"), "compose.yaml:1:5: mapping keys must be strings");
    EXPECT_EQ(ErrorOf("m: &m {a: 1}\n*m : 2\n"), "compose.yaml:2:1: mapping keys must be strings");
}

TEST(YamlReader, AliasOfScalarIsAKey) {
    Value doc = Read("a: &k name\n*k : 2\n");
    EXPECT_EQ(Get(doc, "name"), Value(2));
    EXPECT_EQ(At(Get(doc, "name").key_mark), "2:1");
}

TEST(YamlReader, NullKeyIsAnError) {
    EXPECT_EQ(ErrorOf("~: 1\n"), "compose.yaml:1:1: mapping key is null or empty; quote it if you mean the word");
    EXPECT_EQ(ErrorOf("a: 1\nnull: 2\n"),
              "compose.yaml:2:1: mapping key is null or empty; quote it if you mean the word");
    EXPECT_EQ(Get(Read("\"null\": 1\n"), "null"), Value(1));
}

TEST(YamlReader, SyntaxErrorsAreWrapped) {
    EXPECT_EQ(ErrorOf("a: [1, 2\n"), "compose.yaml:2:1: invalid YAML: a `[` list is not closed, or a `,` is missing");
    EXPECT_EQ(ErrorOf("a: b: c\n"),
              "compose.yaml:1:5: invalid YAML: unexpected `:` (quote a value that contains \": \")");
    EXPECT_EQ(ErrorOf("a: \"x\nb: 1\n"), "compose.yaml:1:4: invalid YAML: a quoted string is not closed");
}

TEST(YamlReader, SyntaxErrorColumnsCountCharacters) {
    // The second `:` is the fifth character of the line but its sixth byte.
    EXPECT_EQ(ErrorOf("\xC3\xBC: b: c\n"),
              "compose.yaml:1:5: invalid YAML: unexpected `:` (quote a value that contains \": \")");
}

TEST(YamlReader, IndentationErrorsNameTheEnclosingBlock) {
    EXPECT_EQ(ErrorOf("a:\n  b: 1\n c: 2\n"),
              "compose.yaml:3:2: invalid YAML: expected a key of the mapping that starts at 1:1 (check the "
              "indentation of this line and the ones above)");
    EXPECT_EQ(ErrorOf("a:\n  - 1\n  b: 2\n"),
              "compose.yaml:3:3: invalid YAML: expected a `-` item of the list that starts at 2:3 (check the "
              "indentation of this line and the ones above)");
    EXPECT_EQ(ErrorOf("a: 1\nb\n"),
              "compose.yaml:2:1: invalid YAML: expected a `:` after this key, or the lines below are indented "
              "wrongly");
}

TEST(YamlReader, ControlCharacterIsNamed) {
    EXPECT_EQ(ErrorOf("a: x\x01\n"),
              "compose.yaml:1:5: invalid YAML: control character U+0001 at byte 5; remove it, or write it as an "
              "escape in a double-quoted string");
}

}  // namespace
}  // namespace compose::loader
