#include "compose/model/value.hpp"

#include <sstream>

#include <gtest/gtest.h>

namespace compose::model {
namespace {

TEST(Value, EqualityIgnoresMarksAndTags) {
    Value a("x");
    Value b("x");
    a.mark.line = 3;
    b.tag = "!override";
    EXPECT_EQ(a, b);
    EXPECT_NE(a, Value("y"));
    EXPECT_NE(Value(1), Value(1.0));
}

TEST(Value, IndexingANullMakesAMapWithSortedKeys) {
    Value v;
    v["b"] = Value(2);
    v["a"] = Value(1);
    ASSERT_TRUE(v.IsMap());
    EXPECT_EQ(v.AsMap().begin()->first, "a");
    ASSERT_NE(v.Find("b"), nullptr);
    EXPECT_EQ(v.Find("b")->AsInt(), 2);
    EXPECT_EQ(v.Find("c"), nullptr);
    EXPECT_TRUE(v.Erase("a"));
    EXPECT_FALSE(v.Erase("a"));
}

TEST(Value, ScalarTextIsWhatAUserWouldWrite) {
    EXPECT_EQ(Value(true).ScalarText(), "true");
    EXPECT_EQ(Value(42).ScalarText(), "42");
    EXPECT_EQ(Value(0.5).ScalarText(), "0.5");
    EXPECT_EQ(Value().ScalarText(), "");
    EXPECT_EQ(Value("a b").ScalarText(), "a b");
}

TEST(Mark, FormatsFileLineColumn) {
    Mark m{std::make_shared<const std::string>("compose.yaml"), 4, 7};
    EXPECT_EQ(m.ToString(), "compose.yaml:4:7");
    EXPECT_EQ(Mark{}.ToString(), "");
}

}  // namespace
}  // namespace compose::model

namespace compose::model {
namespace {

TEST(Value, PrintsAsCanonicalJson) {
    Value v;
    v["b"] = Value(Value::Seq{Value(1), Value(true), Value()});
    v["a"] = Value("x\"y");
    std::ostringstream out;
    out << v;
    EXPECT_EQ(out.str(), R"({"a":"x\"y","b":[1,true,null]})");
}

}  // namespace
}  // namespace compose::model
