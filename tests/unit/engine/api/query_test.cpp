#include "engine/api/query.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

std::string ParseError(std::string_view raw) {
    try {
        Query::Parse(raw);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    return "no error";
}

std::string IntError(std::string_view raw, std::string_view key) {
    try {
        Query::Parse(raw).Int64ValueOrDefault(key, 0);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    return "no error";
}

TEST(Query, DecodesPercentAndPlus) {
    const Query query = Query::Parse("filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D&name=my+app%2Bx");
    EXPECT_EQ(query.Get("filters"), "{\"label\":[\"a=b\"]}");
    EXPECT_EQ(query.Get("name"), "my app+x");
}

TEST(Query, KeysAreDecodedToo) {
    EXPECT_EQ(Query::Parse("a%20b=1").Get("a b"), "1");
}

TEST(Query, RepeatedKeysKeepEveryValueInOrder) {
    const Query query = Query::Parse("names=b&x=1&names=a&names=c");
    EXPECT_EQ(query.GetAll("names"), (std::vector<std::string>{"b", "a", "c"}));
    EXPECT_EQ(query.Get("names"), "b");
    ASSERT_EQ(query.items().size(), 4u);
    EXPECT_EQ(query.items()[1], (Query::Item{"x", "1"}));
}

TEST(Query, EmptyPairsSkippedAndBareKeyHasEmptyValue) {
    const Query query = Query::Parse("&&all&size=&=v");
    ASSERT_EQ(query.items().size(), 3u);
    EXPECT_EQ(query.items()[0], (Query::Item{"all", ""}));
    EXPECT_EQ(query.items()[1], (Query::Item{"size", ""}));
    EXPECT_EQ(query.items()[2], (Query::Item{"", "v"}));
    EXPECT_TRUE(query.Has("all"));
    EXPECT_FALSE(query.Has("limit"));
    EXPECT_EQ(query.Get("limit"), "");
    EXPECT_TRUE(query.GetAll("limit").empty());
}

TEST(Query, EmptyQueryHasNoItems) {
    EXPECT_TRUE(Query::Parse("").items().empty());
}

TEST(Query, BadEscapeQuotesAtMostThreeCharacters) {
    EXPECT_EQ(ParseError("a=%zz1"), "invalid URL escape \"%zz\"");
    EXPECT_EQ(ParseError("a=%4"), "invalid URL escape \"%4\"");
    EXPECT_EQ(ParseError("a=1%"), "invalid URL escape \"%\"");
    EXPECT_EQ(ParseError("%g1=1"), "invalid URL escape \"%g1\"");
}

TEST(Query, SemicolonIsRejected) {
    EXPECT_EQ(ParseError("a=1;b=2"), "invalid semicolon separator in query");
}

TEST(Query, BoolValueFollowsMoby) {
    const Query query = Query::Parse("a=1&b=true&c=True&d=False&e=0&f=no&g=NONE&h=&i=yes&j=%20false%20&k=2&l=off&bare");
    EXPECT_TRUE(query.BoolValue("a"));
    EXPECT_TRUE(query.BoolValue("b"));
    EXPECT_TRUE(query.BoolValue("c"));
    EXPECT_FALSE(query.BoolValue("d"));
    EXPECT_FALSE(query.BoolValue("e"));
    EXPECT_FALSE(query.BoolValue("f"));
    EXPECT_FALSE(query.BoolValue("g"));
    EXPECT_FALSE(query.BoolValue("h"));
    EXPECT_TRUE(query.BoolValue("i"));
    EXPECT_FALSE(query.BoolValue("j"));
    EXPECT_TRUE(query.BoolValue("k"));
    EXPECT_TRUE(query.BoolValue("l"));
    EXPECT_FALSE(query.BoolValue("bare"));
    EXPECT_FALSE(query.BoolValue("absent"));
}

TEST(Query, BoolValueUsesFirstValue) {
    EXPECT_TRUE(Query::Parse("all=1&all=0").BoolValue("all"));
}

TEST(Query, BoolValueOrDefaultOnlyDefaultsWhenAbsent) {
    const Query query = Query::Parse("stream=0&bare&on=1");
    EXPECT_TRUE(query.BoolValueOrDefault("absent", true));
    EXPECT_FALSE(query.BoolValueOrDefault("absent", false));
    EXPECT_FALSE(query.BoolValueOrDefault("stream", true));
    EXPECT_FALSE(query.BoolValueOrDefault("bare", true));
    EXPECT_TRUE(query.BoolValueOrDefault("on", false));
}

TEST(Query, Int64ParsesSignedDecimal) {
    const Query query = Query::Parse("t=10&n=-3&p=%2B7&big=9223372036854775807&small=-9223372036854775808&empty=");
    EXPECT_EQ(query.Int64ValueOrDefault("t", 0), 10);
    EXPECT_EQ(query.Int64ValueOrDefault("n", 0), -3);
    EXPECT_EQ(query.Int64ValueOrDefault("p", 0), 7);
    EXPECT_EQ(query.Int64ValueOrDefault("big", 0), INT64_MAX);
    EXPECT_EQ(query.Int64ValueOrDefault("small", 0), INT64_MIN);
    EXPECT_EQ(query.Int64ValueOrDefault("empty", 42), 42);
    EXPECT_EQ(query.Int64ValueOrDefault("absent", -1), -1);
}

TEST(Query, Int64ErrorsNameTheParameter) {
    EXPECT_EQ(IntError("t=abc", "t"), "invalid value for query parameter t: \"abc\" is not an integer");
    EXPECT_EQ(IntError("t=1.5", "t"), "invalid value for query parameter t: \"1.5\" is not an integer");
    EXPECT_EQ(IntError("t=-", "t"), "invalid value for query parameter t: \"-\" is not an integer");
    EXPECT_EQ(IntError("t=%201", "t"), "invalid value for query parameter t: \" 1\" is not an integer");
    EXPECT_EQ(IntError("limit=9223372036854775808", "limit"),
              "invalid value for query parameter limit: \"9223372036854775808\" is out of range");
    EXPECT_EQ(IntError("limit=-9223372036854775809", "limit"),
              "invalid value for query parameter limit: \"-9223372036854775809\" is out of range");
}

TEST(Query, UnescapeFunctionsDifferOnPlus) {
    EXPECT_EQ(QueryUnescape("a+b%2B"), "a b+");
    EXPECT_EQ(PathUnescape("a+b%2B"), "a+b+");
    EXPECT_EQ(PathUnescape("%e2%82%AC"), "\xe2\x82\xac");
}

}  // namespace
}  // namespace engine::api
