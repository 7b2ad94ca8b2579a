#include "compose/loader/list_syntax.hpp"

#include <gtest/gtest.h>

namespace compose::loader {
namespace {

using List = std::vector<std::string>;

TEST(ListSyntax, SplitsOnTheSeparatorAndDropsEmptyItems) {
    EXPECT_EQ(SplitList("a.yaml:b.yaml", ":"), (List{"a.yaml", "b.yaml"}));
    EXPECT_EQ(SplitList("dev,,debug,", ","), (List{"dev", "debug"}));
    EXPECT_EQ(SplitList("a::b", "::"), (List{"a", "b"}));
    EXPECT_EQ(SplitList("", ","), List{});
    EXPECT_EQ(SplitList("single", ";"), List{"single"});
}

}  // namespace
}  // namespace compose::loader
