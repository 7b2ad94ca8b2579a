#include "engine/api/filters.hpp"

#include <array>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

using Labels = std::map<std::string, std::string, std::less<>>;
using Strings = std::vector<std::string>;

std::string ParseError(std::string_view json) {
    try {
        ParseFilters(json);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    return "no error";
}

TEST(Filters, MapFormFromDockerCli) {
    const Filters filters = ParseFilters(R"({"label":{"a=b":true,"c":true},"status":{"running":true}})");
    EXPECT_TRUE(filters.Has("label"));
    EXPECT_TRUE(filters.Has("status"));
    EXPECT_FALSE(filters.Has("name"));
    EXPECT_EQ(filters.Keys(), (Strings{"label", "status"}));
    EXPECT_EQ(filters.Values("label"), (Strings{"a=b", "c"}));
    EXPECT_EQ(filters.Values("status"), (Strings{"running"}));
    EXPECT_TRUE(filters.Values("name").empty());
}

TEST(Filters, ListFormFromDockerPy) {
    const Filters filters =
        ParseFilters(R"({"label":["com.docker.compose.project=p","com.docker.compose.oneoff=False"]})");
    EXPECT_EQ(filters.Values("label"), (Strings{"com.docker.compose.oneoff=False", "com.docker.compose.project=p"}));
}

TEST(Filters, EmptyAndNullMeanNoFilters) {
    EXPECT_TRUE(ParseFilters("").Keys().empty());
    EXPECT_TRUE(ParseFilters("null").Keys().empty());
    EXPECT_TRUE(ParseFilters("{}").Keys().empty());
}

TEST(Filters, NullSetIsAKeyWithNoValues) {
    const Filters filters = ParseFilters(R"({"label":null})");
    EXPECT_TRUE(filters.Has("label"));
    EXPECT_TRUE(filters.Values("label").empty());
    EXPECT_TRUE(filters.ExactMatch("label", "anything"));
}

TEST(Filters, BadJsonAndMixedFormsAreInvalidFilter) {
    EXPECT_EQ(ParseError("{"), "invalid filter");
    EXPECT_EQ(ParseError("label=a"), "invalid filter");
    EXPECT_EQ(ParseError(R"(["label"])"), "invalid filter");
    EXPECT_EQ(ParseError(R"("label")"), "invalid filter");
    EXPECT_EQ(ParseError(R"({"label":"a=b"})"), "invalid filter");
    EXPECT_EQ(ParseError(R"({"label":{"a":"yes"}})"), "invalid filter");
    EXPECT_EQ(ParseError(R"({"label":[1]})"), "invalid filter");
    EXPECT_EQ(ParseError(R"({"label":{"a":true},"name":["x"]})"), "invalid filter");
}

TEST(Filters, ExactMatchWithoutValuesMatchesEverything) {
    const Filters filters = ParseFilters(R"({"name":["web"]})");
    EXPECT_TRUE(filters.ExactMatch("name", "web"));
    EXPECT_FALSE(filters.ExactMatch("name", "web-1"));
    EXPECT_TRUE(filters.ExactMatch("id", "whatever"));
}

TEST(Filters, ExactMatchHonoursFalseFlag) {
    const Filters filters = ParseFilters(R"({"name":{"web":false,"db":true}})");
    EXPECT_FALSE(filters.ExactMatch("name", "web"));
    EXPECT_TRUE(filters.ExactMatch("name", "db"));
    EXPECT_EQ(filters.Values("name"), (Strings{"db", "web"}));
}

TEST(Filters, MatchSearchesValuesAsPatterns) {
    const Filters filters = ParseFilters(R"({"name":["^/?web-[0-9]+$","[bad"]})");
    EXPECT_TRUE(filters.Match("name", "web-12"));
    EXPECT_TRUE(filters.Match("name", "/web-1"));
    EXPECT_FALSE(filters.Match("name", "db-1"));
    EXPECT_TRUE(ParseFilters(R"({"name":["eb"]})").Match("name", "p_web_1"));
    EXPECT_TRUE(filters.Match("label", "x"));
}

TEST(Filters, FuzzyMatchAcceptsPrefixes) {
    const Filters filters = ParseFilters(R"({"id":["abc"]})");
    EXPECT_TRUE(filters.FuzzyMatch("id", "abcdef"));
    EXPECT_TRUE(filters.FuzzyMatch("id", "abc"));
    EXPECT_FALSE(filters.FuzzyMatch("id", "xabc"));
    EXPECT_FALSE(filters.FuzzyMatch("id", "ab"));
}

TEST(Filters, MatchKVListKeyMeansExistsAndKeyValueMeansEqual) {
    const Labels labels{{"com.docker.compose.project", "p"}, {"tier", ""}};
    EXPECT_TRUE(ParseFilters(R"({"label":["com.docker.compose.project"]})").MatchKVList("label", labels));
    EXPECT_TRUE(ParseFilters(R"({"label":["com.docker.compose.project=p"]})").MatchKVList("label", labels));
    EXPECT_FALSE(ParseFilters(R"({"label":["com.docker.compose.project=q"]})").MatchKVList("label", labels));
    EXPECT_FALSE(ParseFilters(R"({"label":["missing"]})").MatchKVList("label", labels));
    EXPECT_TRUE(ParseFilters(R"({"label":["tier="]})").MatchKVList("label", labels));
    EXPECT_FALSE(ParseFilters(R"({"label":["tier=x"]})").MatchKVList("label", labels));
    EXPECT_TRUE(ParseFilters(R"({"label":["a=b=c"]})").MatchKVList("label", Labels{{"a", "b=c"}}));
}

TEST(Filters, MatchKVListNeedsEveryValue) {
    const Filters filters = ParseFilters(R"({"label":{"a=1":true,"b":true}})");
    EXPECT_TRUE(filters.MatchKVList("label", Labels{{"a", "1"}, {"b", "2"}}));
    EXPECT_FALSE(filters.MatchKVList("label", Labels{{"a", "1"}}));
    EXPECT_FALSE(filters.MatchKVList("label", Labels{}));
    EXPECT_TRUE(filters.MatchKVList("other", Labels{}));
}

TEST(Filters, BoolOrDefaultFollowsGetBoolOrDefault) {
    EXPECT_TRUE(ParseFilters(R"({"dangling":["true"]})").BoolOrDefault("dangling", false));
    EXPECT_TRUE(ParseFilters(R"({"dangling":["1"]})").BoolOrDefault("dangling", false));
    EXPECT_FALSE(ParseFilters(R"({"dangling":["false"]})").BoolOrDefault("dangling", true));
    EXPECT_FALSE(ParseFilters(R"({"dangling":{"0":true}})").BoolOrDefault("dangling", true));
    EXPECT_TRUE(ParseFilters("{}").BoolOrDefault("dangling", true));
}

TEST(Filters, BoolOrDefaultRejectsUnclearValues) {
    const auto error_of = [](std::string_view json) {
        try {
            ParseFilters(json).BoolOrDefault("dangling", false);
        } catch (const Error& error) {
            EXPECT_EQ(error.code(), Errc::kInvalidArgument);
            return std::string(error.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(error_of(R"({"dangling":["maybe"]})"), "invalid filter 'dangling=[maybe]'");
    EXPECT_EQ(error_of(R"({"dangling":["true","0"]})"), "invalid filter 'dangling=[0 true]'");
    EXPECT_EQ(error_of(R"({"dangling":[]})"), "invalid filter 'dangling'");
}

TEST(Filters, ValidateNamesFirstUnknownKey) {
    const Filters filters = ParseFilters(R"({"label":["a"],"foo":["x"],"zed":["y"]})");
    try {
        filters.Validate({"label", "name"});
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        EXPECT_STREQ(error.what(), "invalid filter 'foo'");
    }
    constexpr std::array<std::string_view, 3> kAccepted{"label", "foo", "zed"};
    EXPECT_NO_THROW(filters.Validate(kAccepted));
    EXPECT_NO_THROW(ParseFilters("").Validate({}));
}

}  // namespace
}  // namespace engine::api
