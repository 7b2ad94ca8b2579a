#include "compose/loader/interpolation.hpp"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace compose::loader {
namespace {

// FOO is set, EMPTY is set to "", anything else is unset.
std::optional<std::string> Env(std::string_view name) {
    static const std::map<std::string, std::string, std::less<>> kEnv = {{"FOO", "first"}, {"EMPTY", ""}};
    auto it = kEnv.find(name);
    return it == kEnv.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::string Expand(std::string_view text) {
    return Substitute(text, Env).text;
}

// The message and offset of the TemplateError `text` throws, "" when it throws none.
std::pair<std::string, std::size_t> ErrorOf(std::string_view text) {
    try {
        Substitute(text, Env);
    } catch (const TemplateError& e) {
        return {e.what(), e.offset()};
    }
    return {"", 0};
}

struct Case {
    std::string_view text;
    std::string_view expected;
};

TEST(Interpolation, EveryOperatorOnSetEmptyAndUnsetVariables) {
    const std::vector<Case> cases = {
        {"${FOO:-d}", "first"}, {"${EMPTY:-d}", "d"}, {"${UNSET:-d}", "d"},   {"${FOO-d}", "first"}, {"${EMPTY-d}", ""},
        {"${UNSET-d}", "d"},    {"${FOO:+a}", "a"},   {"${EMPTY:+a}", ""},    {"${UNSET:+a}", ""},   {"${FOO+a}", "a"},
        {"${EMPTY+a}", "a"},    {"${UNSET+a}", ""},   {"${FOO:?e}", "first"}, {"${FOO?e}", "first"}, {"${EMPTY?e}", ""},
        {"$FOO", "first"},      {"${FOO}", "first"},  {"$EMPTY", ""},         {"${EMPTY}", ""},      {"$UNSET", ""},
        {"${UNSET}", ""},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(Expand(c.text), c.expected) << c.text;
    }
}

TEST(Interpolation, TextAroundVariablesIsKept) {
    const std::vector<Case> cases = {
        {"a-$FOO-b", "a-first-b"},
        {"$FOO-bar", "first-bar"},  // docker/compose#8601: "-" ends an unbraced name
        {"${FOO}bar", "firstbar"},
        {"$FOObar", ""},  // the name runs on: FOObar is unset
        {"x${FOO}y${FOO}z", "xfirstyfirstz"},
        {"-ok ${EMPTY:-defaultValue}", "-ok defaultValue"},
        {":?ok ${EMPTY-defaultValue}", ":?ok "},
        {"no variables at all", "no variables at all"},
        {"", ""},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(Expand(c.text), c.expected) << c.text;
    }
}

TEST(Interpolation, DoubleDollarIsALiteralDollar) {
    EXPECT_EQ(Expand("$$FOO"), "$FOO");
    EXPECT_EQ(Expand("$${FOO}"), "${FOO}");
    EXPECT_EQ(Expand("$$$FOO"), "$first");
    EXPECT_EQ(Expand("$$$$"), "$$");
    EXPECT_EQ(Expand("${UNSET:-$$}"), "$");
}

TEST(Interpolation, DollarBeforeNoNameStaysLiteral) {
    for (std::string_view text : {"a $ string", "^REGEX$", "$}", "$", "$1", "cost: 5$ or $-1", "a$.b"}) {
        EXPECT_EQ(Expand(text), text);
    }
}

TEST(Interpolation, DefaultsNest) {
    const std::vector<Case> cases = {
        {"${UNSET:-${FOO}}", "first"},
        {"${UNSET:-$FOO}", "first"},
        {"${UNSET:-${UNSET2:-x}}", "x"},
        {"${UNSET-${FOO} ${FOO}}", "first first"},
        {"${EMPTY+$FOO ${FOO:+second}}", "first second"},
        {"+ok ${UNSET:-${EMPTY-defaultValue}}", "+ok "},
        {"${EMPTY:-/non:-alphanumeric}", "/non:-alphanumeric"},
        {"${UNSET-myerror?msg}", "myerror?msg"},
        {"${UNSET:-{x}}", "{x}"},  // a bare '{' does not nest: default "{x", then "}"
        {"${UNSET:-a}b}", "ab}"},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(Expand(c.text), c.expected) << c.text;
    }
}

TEST(Interpolation, UnsetVariablesAreReportedOnceInOrder) {
    const Substitution result = Substitute("$B ${A} $B ${FOO}", Env);
    EXPECT_EQ(result.text, "   first");
    EXPECT_EQ(result.unset, (std::vector<std::string>{"B", "A"}));
}

TEST(Interpolation, VariablesWithAnOperatorAreNotReportedUnset) {
    for (std::string_view text : {"${UNSET:-x}", "${UNSET-x}", "${UNSET:+x}", "${UNSET+x}", "$EMPTY", "${FOO}"}) {
        EXPECT_TRUE(Substitute(text, Env).unset.empty()) << text;
    }
}

TEST(Interpolation, UnusedDefaultsAreNotEvaluated) {
    std::vector<std::string> looked_up;
    const Lookup recording = [&](std::string_view name) {
        looked_up.emplace_back(name);
        return Env(name);
    };
    const Substitution result = Substitute("${FOO:-$UNSET} ${UNSET+${X:?never}} ${FOO:?${Y}}", recording);
    EXPECT_EQ(result.text, "first  first");
    EXPECT_TRUE(result.unset.empty());
    EXPECT_EQ(looked_up, (std::vector<std::string>{"FOO", "UNSET", "FOO"}));
}

TEST(Interpolation, UsedDefaultsReportTheirOwnUnsetVariables) {
    const Substitution result = Substitute("${UNSET:-${UNSET2}}", Env);
    EXPECT_EQ(result.text, "");
    EXPECT_EQ(result.unset, (std::vector<std::string>{"UNSET2"}));
}

TEST(Interpolation, RequiredVariableErrors) {
    using Expected = std::pair<std::string, std::size_t>;
    EXPECT_EQ(ErrorOf("${UNSET:?set it}"), Expected("required variable UNSET is missing a value: set it", 0));
    EXPECT_EQ(ErrorOf("not ok ${EMPTY:?empty}"), Expected("required variable EMPTY is missing a value: empty", 7));
    EXPECT_EQ(ErrorOf("${UNSET?bar-baz}"), Expected("required variable UNSET is missing a value: bar-baz", 0));
    EXPECT_EQ(ErrorOf("${UNSET:?}"), Expected("required variable UNSET is missing a value", 0));
    EXPECT_EQ(ErrorOf("a ${UNSET?}"), Expected("required variable UNSET is missing a value", 2));
    EXPECT_EQ(ErrorOf("${UNSET?Mandatory ${FOO}}"),
              Expected("required variable UNSET is missing a value: Mandatory first", 0));
    // A required variable inside a used default fails at its own '$'.
    EXPECT_EQ(ErrorOf("${UNSET:-x${R:?r}}"), Expected("required variable R is missing a value: r", 10));
}

TEST(Interpolation, MalformedTemplatesSayWhatIsWrong) {
    using Expected = std::pair<std::string, std::size_t>;
    const std::string kOperators = " (operators are :-, -, :?, ?, :+ and +)";
    EXPECT_EQ(ErrorOf("${A"), Expected("invalid interpolation format for \"${A\": missing closing brace", 0));
    EXPECT_EQ(ErrorOf("${"), Expected("invalid interpolation format for \"${\": missing closing brace", 0));
    EXPECT_EQ(ErrorOf("ab ${A:-${B}"),
              Expected("invalid interpolation format for \"${A:-${B}\": missing closing brace", 3));
    EXPECT_EQ(ErrorOf("${}"), Expected("invalid interpolation format for \"${}\": missing variable name", 0));
    EXPECT_EQ(ErrorOf("${-A}"),
              Expected("invalid interpolation format for \"${-A}\": a variable name must start with a letter or "
                       "\"_\", not \"-\"",
                       0));
    EXPECT_EQ(ErrorOf("${ foo}"),
              Expected("invalid interpolation format for \"${ foo}\": a variable name must start with a letter or "
                       "\"_\", not \" \"",
                       0));
    EXPECT_EQ(
        ErrorOf("${A B}"),
        Expected("invalid interpolation format for \"${A B}\": unexpected \" \" after variable name \"A\"" + kOperators,
                 0));
    EXPECT_EQ(ErrorOf("x${A:x}"),
              Expected("invalid interpolation format for \"${A:x}\": unexpected \":x\" after variable name \"A\"" +
                           kOperators,
                       1));
    EXPECT_EQ(
        ErrorOf("${A:}"),
        Expected("invalid interpolation format for \"${A:}\": unexpected \":\" after variable name \"A\"" + kOperators,
                 0));
    EXPECT_EQ(ErrorOf("${foo!}"),
              Expected("invalid interpolation format for \"${foo!}\": unexpected \"!\" after variable name \"foo\"" +
                           kOperators,
                       0));
}

TEST(Interpolation, MalformedTemplateInAnUnusedDefaultIsStillAnError) {
    using Expected = std::pair<std::string, std::size_t>;
    EXPECT_EQ(ErrorOf("${FOO:-${}}"), Expected("invalid interpolation format for \"${}\": missing variable name", 7));
}

}  // namespace
}  // namespace compose::loader
