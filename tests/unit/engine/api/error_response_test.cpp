#include "engine/api/error_response.hpp"

#include <gtest/gtest.h>

namespace engine::api {
namespace {

TEST(ErrorResponse, EveryErrcHasItsStatus) {
    const std::vector<std::pair<Errc, unsigned>> expected{
        {Errc::kNotFound, 404},
        {Errc::kAlreadyExists, 409},
        {Errc::kInvalidArgument, 400},
        {Errc::kConflict, 409},
        {Errc::kUnavailable, 503},
        {Errc::kInternal, 500},
    };
    // The enum's values are 1..6; walking the range catches a code added without a mapping.
    for (int value = static_cast<int>(Errc::kNotFound); value <= static_cast<int>(Errc::kInternal); ++value) {
        const auto code = static_cast<Errc>(value);
        const auto found =
            std::find_if(expected.begin(), expected.end(), [code](const auto& entry) { return entry.first == code; });
        ASSERT_NE(found, expected.end()) << "no expectation for Errc " << value;
        EXPECT_EQ(HttpStatus(code), found->second) << ErrcName(code);
        const ErrorResponse response = MakeErrorResponse(Error(code, "x"));
        EXPECT_EQ(response.status, found->second);
        EXPECT_EQ(response.content_type, "application/json");
        EXPECT_EQ(response.body, "{\"message\":\"x\"}\n");
    }
    EXPECT_EQ(HttpStatus(static_cast<Errc>(99)), 500u);
}

TEST(ErrorResponse, NotFoundBodyMatchesMoby) {
    const ErrorResponse response = MakeErrorResponse(Error(Errc::kNotFound, "No such image: busybox:local"));
    EXPECT_EQ(response.status, 404u);
    EXPECT_EQ(response.content_type, "application/json");
    EXPECT_EQ(response.body, "{\"message\":\"No such image: busybox:local\"}\n");
}

TEST(ErrorResponse, StatusAndMessageOverload) {
    const ErrorResponse response = MakeErrorResponse(404, "page not found");
    EXPECT_EQ(response.status, 404u);
    EXPECT_EQ(response.body, "{\"message\":\"page not found\"}\n");
}

TEST(ErrorResponse, QuoteEscapesLikeGoWithoutHtmlEscaping) {
    EXPECT_EQ(JsonQuote(""), "\"\"");
    EXPECT_EQ(JsonQuote("say \"hi\" \\ now"), "\"say \\\"hi\\\" \\\\ now\"");
    EXPECT_EQ(JsonQuote("<a href='x'>&</a>"), "\"<a href='x'>&</a>\"");
    EXPECT_EQ(JsonQuote("a\nb\rc\td\be\ff"), "\"a\\nb\\rc\\td\\be\\ff\"");
    EXPECT_EQ(JsonQuote(std::string_view("\x00\x01\x1f\x7f", 4)), "\"\\u0000\\u0001\\u001f\x7f\"");
}

TEST(ErrorResponse, QuoteKeepsUtf8AndEscapesLineSeparators) {
    EXPECT_EQ(JsonQuote("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3"), "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3\"");
    EXPECT_EQ(JsonQuote("a\xe2\x80\xa8"
                        "b\xe2\x80\xa9"),
              "\"a\\u2028b\\u2029\"");
}

TEST(ErrorResponse, QuoteReplacesEachInvalidByte) {
    EXPECT_EQ(JsonQuote("a\xff"
                        "b"),
              "\"a\\ufffdb\"");
    // Overlong '/', a UTF-16 surrogate, a truncated sequence and a code point above U+10FFFF.
    EXPECT_EQ(JsonQuote("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
    EXPECT_EQ(JsonQuote("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
    EXPECT_EQ(JsonQuote("\xe2\x82"), "\"\\ufffd\\ufffd\"");
    EXPECT_EQ(JsonQuote("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

}  // namespace
}  // namespace engine::api
