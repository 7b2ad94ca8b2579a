#include <gtest/gtest.h>

#include "compose/loader/normalize_internal.hpp"

namespace compose::loader::normalize_internal {
namespace {

std::string Reformat(std::string_view text) {
    const std::optional<std::int64_t> nanoseconds = ParseDuration(text);
    return nanoseconds ? FormatDuration(*nanoseconds) : "<invalid>";
}

TEST(NormalizeDuration, FormatsLikeGoDurationString) {
    EXPECT_EQ(Reformat("90s"), "1m30s");
    EXPECT_EQ(Reformat("3600s"), "1h0m0s");
    EXPECT_EQ(Reformat("0.5s"), "500ms");
    EXPECT_EQ(Reformat("1.5s"), "1.5s");
    EXPECT_EQ(Reformat("10s"), "10s");
    EXPECT_EQ(Reformat("1h30m"), "1h30m0s");
    EXPECT_EQ(Reformat("1m0.25s"), "1m0.25s");
    EXPECT_EQ(Reformat("1.5ms"), "1.5ms");
    EXPECT_EQ(Reformat("1500us"), "1.5ms");
    EXPECT_EQ(Reformat("1500ns"), "1.5\xC2\xB5s");
    EXPECT_EQ(Reformat("100ns"), "100ns");
    EXPECT_EQ(Reformat("-1m"), "-1m0s");
    EXPECT_EQ(Reformat("+5s"), "5s");
}

TEST(NormalizeDuration, ZeroIsTheOnlyNumberWithoutUnit) {
    EXPECT_EQ(Reformat("0"), "0s");
    EXPECT_EQ(Reformat("0s"), "0s");
    EXPECT_EQ(Reformat("10"), "<invalid>");
}

TEST(NormalizeDuration, AcceptsDaysWeeksAndMicroSpellings) {
    EXPECT_EQ(Reformat("1d"), "24h0m0s");
    EXPECT_EQ(Reformat("1w"), "168h0m0s");
    EXPECT_EQ(Reformat("3\xC2\xB5s"), "3\xC2\xB5s");
    EXPECT_EQ(Reformat("3\xCE\xBCs"), "3\xC2\xB5s");
    EXPECT_EQ(Reformat("3us"), "3\xC2\xB5s");
}

TEST(NormalizeDuration, RejectsMalformedText) {
    for (std::string_view bad : {"", "s", ".s", "1x", "1.s5", "one second", "1s-", "9999999999h"}) {
        EXPECT_FALSE(ParseDuration(bad).has_value()) << bad;
    }
    EXPECT_EQ(Reformat("1.s"), "1s");  // Go accepts a bare trailing dot
}

TEST(NormalizeByteSize, UsesPowersOf1024) {
    EXPECT_EQ(ParseByteSize("1024"), 1024);
    EXPECT_EQ(ParseByteSize("1024b"), 1024);
    EXPECT_EQ(ParseByteSize("100k"), 102400);
    EXPECT_EQ(ParseByteSize("512m"), 536870912);
    EXPECT_EQ(ParseByteSize("512mb"), 536870912);
    EXPECT_EQ(ParseByteSize("512MB"), 536870912);
    EXPECT_EQ(ParseByteSize("1g"), 1073741824);
    EXPECT_EQ(ParseByteSize("1.5G"), 1610612736);
    EXPECT_EQ(ParseByteSize("2 GiB"), 2147483648);
    EXPECT_EQ(ParseByteSize("1t"), 1099511627776);
    EXPECT_EQ(ParseByteSize("-1"), -1);
}

TEST(NormalizeByteSize, RejectsMalformedText) {
    for (std::string_view bad : {"", "m", "abc", "1q", "1.m", "1mm", "-1m", "1 2"}) {
        EXPECT_FALSE(ParseByteSize(bad).has_value()) << bad;
    }
}

using Words = std::vector<std::string>;

TEST(NormalizeShellWords, SplitsOnWhitespace) {
    EXPECT_EQ(SplitShellWords("echo  hello\tworld\n"), (Words{"echo", "hello", "world"}));
    EXPECT_EQ(SplitShellWords(""), Words{});
    EXPECT_EQ(SplitShellWords("   "), Words{});
}

TEST(NormalizeShellWords, QuotesGroupAndBackslashEscapes) {
    EXPECT_EQ(SplitShellWords(R"(sh -c "echo 'hi there'")"), (Words{"sh", "-c", "echo 'hi there'"}));
    EXPECT_EQ(SplitShellWords(R"(echo 'a "b" \n')"), (Words{"echo", R"(a "b" \n)"}));
    EXPECT_EQ(SplitShellWords(R"(echo a\ b "c\"d")"), (Words{"echo", "a b", "c\"d"}));
    EXPECT_EQ(SplitShellWords(R"(x"y"'z')"), (Words{"xyz"}));
    EXPECT_EQ(SplitShellWords(R"(echo "" '')"), (Words{"echo", "", ""}));
    EXPECT_EQ(SplitShellWords(R"(sh -c "a && b")"), (Words{"sh", "-c", "a && b"}));
    EXPECT_EQ(SplitShellWords("echo `a b`"), (Words{"echo", "`a b`"}));
}

TEST(NormalizeShellWords, RejectsUnclosedQuotesAndShellOperators) {
    EXPECT_THROW(SplitShellWords("echo 'a"), ShellWordsError);
    EXPECT_THROW(SplitShellWords("echo \"a"), ShellWordsError);
    EXPECT_THROW(SplitShellWords("echo a\\"), ShellWordsError);
    try {
        SplitShellWords("echo a; echo b");
        ADD_FAILURE() << "no error";
    } catch (const ShellWordsError& error) {
        EXPECT_STREQ(error.what(), "unquoted \";\"");
    }
    EXPECT_THROW(SplitShellWords("echo a > /tmp/x"), ShellWordsError);
    EXPECT_EQ(SplitShellWords(R"(echo a\;)"), (Words{"echo", "a;"}));
}

}  // namespace
}  // namespace compose::loader::normalize_internal
