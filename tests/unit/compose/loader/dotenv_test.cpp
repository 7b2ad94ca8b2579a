#include "compose/loader/dotenv.hpp"

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "compose/loader/load_error.hpp"
#include "tests/support/load_error_text.hpp"

namespace compose::loader {
namespace {

// The OS environment of these tests: only FOO is set.
std::optional<std::string> Os(std::string_view name) {
    return name == "FOO" ? std::optional<std::string>("os") : std::nullopt;
}

EnvPairs Parse(std::string_view text) {
    return ParseDotenv(text, "test.env", Os);
}

// The LoadError's what() for `text`, "" when it parses.
std::string ErrorOf(std::string_view text) {
    return test_support::LoadErrorWhat([&] { Parse(text); });
}

TEST(Dotenv, KeyValueLinesWithBlanksAroundKeyAndEquals) {
    EXPECT_EQ(Parse("A=1\n  B = two words  \n\n\tC=\nD=x=y\n"),
              (EnvPairs{{"A", "1"}, {"B", "two words"}, {"C", ""}, {"D", "x=y"}}));
}

TEST(Dotenv, KeysMayHaveDotsAndDashes) {
    EXPECT_EQ(Parse("a.b-c_D9=1"), (EnvPairs{{"a.b-c_D9", "1"}}));
}

TEST(Dotenv, ColonSeparatesLikeEquals) {
    EXPECT_EQ(Parse("A: 1\n"), (EnvPairs{{"A", "1"}}));
}

TEST(Dotenv, ExportPrefixIsDropped) {
    EXPECT_EQ(Parse("export A=1\nexport\tB=2\nexported=3\n"), (EnvPairs{{"A", "1"}, {"B", "2"}, {"exported", "3"}}));
}

TEST(Dotenv, CommentsAndInlineComments) {
    EXPECT_EQ(Parse("# a comment\n  # indented comment\nA=1 # inline\nB=a#b\nC= # only a comment\nD=#x\nE=1\t# tab\n"),
              (EnvPairs{{"A", "1"}, {"B", "a#b"}, {"C", ""}, {"D", "#x"}, {"E", "1"}}));
}

TEST(Dotenv, SingleQuotesAreLiteral) {
    EXPECT_EQ(Parse("A='$FOO ${X \\n #no comment'\nB='it\\'s'\nC='  padded  '\n"),
              (EnvPairs{{"A", "$FOO ${X \\n #no comment"}, {"B", "it's"}, {"C", "  padded  "}}));
}

TEST(Dotenv, DoubleQuotesTakeEscapes) {
    EXPECT_EQ(Parse(R"(A="a\nb\tc\\d\"e\$FOO\q" # comment)"), (EnvPairs{{"A", "a\nb\tc\\d\"e$FOO\\q"}}));
}

TEST(Dotenv, QuotedValuesMaySpanLines) {
    EXPECT_EQ(Parse("A=\"line one\nline two\"\nB='x\ny'\nC=3\n"),
              (EnvPairs{{"A", "line one\nline two"}, {"B", "x\ny"}, {"C", "3"}}));
}

TEST(Dotenv, InterpolatesEarlierVariablesInUnquotedAndDoubleQuotedValues) {
    EXPECT_EQ(Parse("A=1\nB=${A}2\nC=\"$A-$B\"\nD='$A'\nE=${NONE:-dflt}\nF=$$A\n"),
              (EnvPairs{{"A", "1"}, {"B", "12"}, {"C", "1-12"}, {"D", "$A"}, {"E", "dflt"}, {"F", "$A"}}));
}

TEST(Dotenv, LookupWinsOverTheFilesOwnEarlierValue) {
    // FOO keeps its value from the file; the caller decides which source wins for FOO itself.
    EXPECT_EQ(Parse("FOO=file\nB=$FOO\n"), (EnvPairs{{"FOO", "file"}, {"B", "os"}}));
}

TEST(Dotenv, LoneKeyComesFromTheLookupOrIsLeftOut) {
    EXPECT_EQ(Parse("FOO\nMISSING\nexport FOO\nA=1"), (EnvPairs{{"FOO", "os"}, {"A", "1"}}));
}

TEST(Dotenv, LaterDuplicateOverridesInPlace) {
    EXPECT_EQ(Parse("A=1\nB=2\nA=3\nC=$A\n"), (EnvPairs{{"A", "3"}, {"B", "2"}, {"C", "3"}}));
}

TEST(Dotenv, CrlfAndByteOrderMark) {
    EXPECT_EQ(Parse("\xEF\xBB\xBF"
                    "A=1\r\nB=\"x\r\ny\"\r\nC=3 # c\r\n"),
              (EnvPairs{{"A", "1"}, {"B", "x\ny"}, {"C", "3"}}));
}

TEST(Dotenv, EmptyAndCommentOnlyFiles) {
    EXPECT_TRUE(Parse("").empty());
    EXPECT_TRUE(Parse("\n\n# nothing\n   \n").empty());
}

TEST(Dotenv, InvalidVariableNames) {
    EXPECT_EQ(ErrorOf("A=1\nx y=2\n"),
              "test.env:2:1: invalid variable name \"x y\": a name may only contain letters, digits, \"_\", \".\" "
              "and \"-\"");
    EXPECT_EQ(ErrorOf("  A$=1"),
              "test.env:1:3: invalid variable name \"A$\": a name may only contain letters, digits, \"_\", \".\" "
              "and \"-\"");
    EXPECT_EQ(ErrorOf("A=1\n=2\n"), "test.env:2:1: missing variable name before \"=\"");
}

TEST(Dotenv, UnterminatedQuoteNamesTheLineItOpened) {
    EXPECT_EQ(ErrorOf("A=1\nB=\"abc\nC=2\n"),
              "test.env:2:3: the value of \"B\" opens a double quote that is never closed; add a closing \"");
    EXPECT_EQ(ErrorOf("B = 'abc"),
              "test.env:1:5: the value of \"B\" opens a single quote that is never closed; add a closing '");
}

TEST(Dotenv, TextAfterAClosingQuoteIsAnError) {
    EXPECT_EQ(ErrorOf("A=\"x\" y\n"),
              "test.env:1:7: unexpected text after the quoted value of \"A\"; start a comment with \"#\" or quote the "
              "whole value");
}

TEST(Dotenv, InterpolationErrorsPointIntoTheValue) {
    EXPECT_EQ(ErrorOf("A=x${R:?need R}\n"), "test.env:1:4: A: required variable R is missing a value: need R");
    EXPECT_EQ(ErrorOf("\nA=${B"), "test.env:2:3: A: invalid interpolation format for \"${B\": missing closing brace");
    // In a double-quoted value the error points at the opening quote.
    EXPECT_EQ(ErrorOf("A=\"x ${R?}\""), "test.env:1:3: A: required variable R is missing a value");
}

}  // namespace
}  // namespace compose::loader
