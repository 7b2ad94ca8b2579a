#include "engine/base/digest.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine {
namespace {

// FIPS 180-2 / well-known SHA-256 values.
constexpr const char* kEmpty = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kAbc = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST(Digest, Sha256OfKnownValues) {
    EXPECT_EQ(Sha256Of("").String(), kEmpty);
    EXPECT_EQ(Sha256Of("abc").String(), kAbc);
}

TEST(Digest, StreamingEqualsOneShot) {
    Sha256 hasher;
    hasher.Update("a");
    hasher.Update("");
    hasher.Update("bc");
    EXPECT_EQ(hasher.Finish(), Digest::Parse(kAbc));
    EXPECT_THROW(hasher.Finish(), Error);
}

TEST(Digest, ParseKeepsParts) {
    const Digest digest = Digest::Parse(kAbc);
    EXPECT_EQ(digest.algorithm(), "sha256");
    EXPECT_EQ(digest.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(digest.String(), kAbc);
}

std::string ParseError(std::string_view text) {
    try {
        Digest::Parse(text);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kInvalidArgument);
        return e.what();
    }
    return "no error";
}

TEST(Digest, ParseErrorsNameTextAndExpectedForm) {
    const std::string expected = "; expected \"sha256:\" followed by 64 lowercase hex digits";
    EXPECT_EQ(ParseError("abc"), "invalid digest \"abc\": no algorithm" + expected);
    EXPECT_EQ(ParseError("md5:abc"), "invalid digest \"md5:abc\": unsupported algorithm \"md5\"" + expected);
    EXPECT_EQ(ParseError("sha256:abc"), "invalid digest \"sha256:abc\": the hex part has 3 characters" + expected);
    const std::string upper = "sha256:" + std::string(64, 'A');
    EXPECT_EQ(ParseError(upper),
              "invalid digest \"" + upper + "\": the hex part has a character that is not lowercase hex" + expected);
}

}  // namespace
}  // namespace engine
