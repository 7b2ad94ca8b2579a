#include "engine/api/api_version.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::api {

// Readable gtest failure output.
void PrintTo(const ApiVersion& version, std::ostream* out) {
    *out << version.ToString();
}

namespace {

std::string CheckError(std::string_view version) {
    try {
        CheckApiVersion(version);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    return "no error";
}

TEST(ApiVersion, TargetSplitsVersionPathAndQuery) {
    const RequestTarget target = ParseRequestTarget("/v1.41/containers/json?all=1");
    EXPECT_EQ(target.version, "1.41");
    EXPECT_EQ(target.path, "/containers/json");
    EXPECT_EQ(target.query, "all=1");
}

TEST(ApiVersion, UnversionedTargetGetsDefaultVersion) {
    const RequestTarget target = ParseRequestTarget("/_ping");
    EXPECT_EQ(target.version, "1.41");
    EXPECT_EQ(target.path, "/_ping");
    EXPECT_EQ(target.query, "");
}

TEST(ApiVersion, OnlyFirstQuestionMarkSplitsQuery) {
    const RequestTarget target = ParseRequestTarget("/v1.24/images/json?a=1?b");
    EXPECT_EQ(target.version, "1.24");
    EXPECT_EQ(target.path, "/images/json");
    EXPECT_EQ(target.query, "a=1?b");
}

TEST(ApiVersion, NonNumericPrefixStaysInPathForA404) {
    const RequestTarget target = ParseRequestTarget("/vabc/containers/json");
    EXPECT_EQ(target.version, "1.41");
    EXPECT_EQ(target.path, "/vabc/containers/json");
    EXPECT_EQ(ParseRequestTarget("/v/x").path, "/v/x");
    EXPECT_EQ(ParseRequestTarget("/v1.41").path, "/v1.41");
    EXPECT_EQ(ParseRequestTarget("/version").path, "/version");
}

TEST(ApiVersion, PrefixWithOnlySlashLeavesRootPath) {
    const RequestTarget target = ParseRequestTarget("/v1.30/");
    EXPECT_EQ(target.version, "1.30");
    EXPECT_EQ(target.path, "/");
}

TEST(ApiVersion, PathIsPercentDecodedButPlusKept) {
    const RequestTarget target = ParseRequestTarget("/v1.41/images/localhost%3A5000%2Fa+b/push?tag=x%20y");
    EXPECT_EQ(target.path, "/images/localhost:5000/a+b/push");
    EXPECT_EQ(target.query, "tag=x%20y");
}

TEST(ApiVersion, BadPathEscapeIsInvalidArgument) {
    try {
        ParseRequestTarget("/v1.41/containers/%zz/json");
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        EXPECT_STREQ(error.what(), "invalid URL escape \"%zz\"");
    }
}

TEST(ApiVersion, ComparesNumericallyLikeMoby) {
    EXPECT_LT(*ApiVersion::Parse("1.9"), *ApiVersion::Parse("1.24"));
    EXPECT_EQ(*ApiVersion::Parse("1.41"), *ApiVersion::Parse("1.41.0"));
    EXPECT_EQ(*ApiVersion::Parse("1.041"), ApiVersion(1, 41));
    EXPECT_GT(*ApiVersion::Parse("1.41.1"), ApiVersion(1, 41));
    EXPECT_LT(*ApiVersion::Parse("1.41.1"), ApiVersion(1, 42));
    EXPECT_GT(*ApiVersion::Parse("1..2"), ApiVersion(1, 0));
    EXPECT_LT(*ApiVersion::Parse("1..2"), ApiVersion(1, 1));
    EXPECT_EQ(*ApiVersion::Parse("."), ApiVersion(0, 0));
    EXPECT_EQ(*ApiVersion::Parse("2"), ApiVersion(2, 0));
    EXPECT_GT(*ApiVersion::Parse("1.99999999999999999999999"), ApiVersion(1, 9223372036854775807 - 1));
    EXPECT_LT(kMinApiVersion, kDefaultApiVersion);
}

TEST(ApiVersion, ParseRejectsOtherCharacters) {
    EXPECT_FALSE(ApiVersion::Parse("").has_value());
    EXPECT_FALSE(ApiVersion::Parse("1.4a").has_value());
    EXPECT_FALSE(ApiVersion::Parse("v1.41").has_value());
}

TEST(ApiVersion, ToStringGivesMajorDotMinor) {
    EXPECT_EQ(kMinApiVersion.ToString(), "1.24");
    EXPECT_EQ(kDefaultApiVersion.ToString(), "1.41");
    EXPECT_EQ(ApiVersion::Parse("1.041")->ToString(), "1.41");
    EXPECT_EQ(ApiVersion::Parse("1.30.7")->ToString(), "1.30.1");
}

TEST(ApiVersion, SupportedRangeIsAccepted) {
    EXPECT_EQ(CheckApiVersion("1.24"), ApiVersion(1, 24));
    EXPECT_EQ(CheckApiVersion("1.30"), ApiVersion(1, 30));
    EXPECT_EQ(CheckApiVersion("1.41"), ApiVersion(1, 41));
    EXPECT_EQ(CheckApiVersion("1.41.0"), ApiVersion(1, 41));
}

TEST(ApiVersion, TooOldUsesMobyText) {
    EXPECT_EQ(CheckError("1.12"),
              "client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client to a "
              "newer version");
    EXPECT_EQ(CheckError("1..2"),
              "client version 1..2 is too old. Minimum supported API version is 1.24, please upgrade your client to a "
              "newer version");
}

TEST(ApiVersion, TooNewUsesMobyText) {
    EXPECT_EQ(CheckError("1.52"), "client version 1.52 is too new. Maximum supported API version is 1.41");
    EXPECT_EQ(CheckError("1.41.1"), "client version 1.41.1 is too new. Maximum supported API version is 1.41");
    EXPECT_EQ(CheckError("2.0"), "client version 2.0 is too new. Maximum supported API version is 1.41");
}

TEST(ApiVersion, NonVersionTextIsInvalidArgument) {
    EXPECT_EQ(CheckError("abc"), "invalid API version \"abc\": use digits and dots, such as 1.41");
}

}  // namespace
}  // namespace engine::api
