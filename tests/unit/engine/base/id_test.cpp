#include "engine/base/id.hpp"

#include <gtest/gtest.h>

namespace engine {
namespace {

TEST(Id, NewObjectIdIs64LowercaseHexAndFresh) {
    const std::string first = NewObjectId();
    const std::string second = NewObjectId();
    EXPECT_TRUE(IsObjectId(first)) << first;
    EXPECT_EQ(first.size(), 64u);
    EXPECT_NE(first, second);
}

TEST(Id, IsObjectIdRejectsOtherForms) {
    EXPECT_TRUE(IsObjectId(std::string(64, 'a')));
    EXPECT_FALSE(IsObjectId(std::string(63, 'a')));
    EXPECT_FALSE(IsObjectId(std::string(65, 'a')));
    EXPECT_FALSE(IsObjectId(std::string(64, 'A')));
    EXPECT_FALSE(IsObjectId(std::string(64, 'g')));
    EXPECT_FALSE(IsObjectId(""));
}

TEST(Id, ShortIdIsFirstTwelve) {
    EXPECT_EQ(ShortId("0123456789abcdef0123"), "0123456789ab");
    EXPECT_EQ(ShortId("abc"), "abc");
}

TEST(Id, RandomHexHasTwoDigitsPerByte) {
    EXPECT_EQ(RandomHex(8).size(), 16u);
}

}  // namespace
}  // namespace engine
