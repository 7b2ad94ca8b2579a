#include "compose/loader/json_schema.hpp"

#include <limits>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "compose/loader/json_schema_compiled.hpp"
#include "compose/loader/json_value.hpp"

namespace compose::loader {
namespace {

using model::Value;

Value Json(std::string_view text) {
    return ValueFromJson(nlohmann::json::parse(text));
}

model::Mark At(int line, int column) {
    return model::Mark{nullptr, line, column};
}

std::vector<std::string> Messages(std::string_view schema, const Value& instance) {
    std::vector<std::string> out;
    for (const SchemaViolation& violation : JsonSchema::Parse(schema).Validate(instance)) {
        out.push_back(violation.message);
    }
    return out;
}

using Strings = std::vector<std::string>;

TEST(JsonSchema, TypeMismatchNamesEveryAllowedType) {
    const auto schema = R"({"properties": {"ports": {"items": {"type": ["string", "number", "object"]}}}})";
    EXPECT_EQ(Messages(schema, Json(R"({"ports": [true]})")),
              Strings{"ports[0]: must be a string or number or object, not a boolean"});
    const auto violations = JsonSchema::Parse(schema).Validate(Json(R"({"ports": ["80", null]})"));
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].path, "ports[1]");
    EXPECT_EQ(violations[0].message, "ports[1]: must be a string or number or object, not null");
}

TEST(JsonSchema, IntegerAcceptsWholeFloats) {
    const auto schema = JsonSchema::Parse(R"({"type": "integer"})");
    EXPECT_TRUE(schema.IsValid(Value(3)));
    EXPECT_TRUE(schema.IsValid(Value(3.0)));
    ASSERT_EQ(schema.Validate(Value(3.5)).size(), 1u);
    EXPECT_EQ(schema.Validate(Value(3.5))[0].message, "must be an integer, not a number");
    EXPECT_EQ(schema.Validate(Value("3"))[0].message, "must be an integer, not a string");
}

TEST(JsonSchema, AdditionalPropertyPointsAtKeyAndSuggestsName) {
    const auto schema = JsonSchema::Parse(
        R"({"properties": {"services": {"additionalProperties": {"$ref": "#/definitions/service"}}},
            "definitions": {"service": {"properties": {"image": {}, "ports": {}}, "additionalProperties": false}}})");
    Value project = Json(R"({"services": {"web": {"imgae": "nginx", "labels": {}}}})");
    Value& web = project["services"]["web"];
    web.mark = At(3, 5);
    web.AsMap().at("imgae").key_mark = At(4, 7);
    web.AsMap().at("imgae").mark = At(4, 14);
    web.AsMap().at("labels").key_mark = At(5, 7);
    const auto violations = schema.Validate(project);
    ASSERT_EQ(violations.size(), 2u);
    EXPECT_EQ(violations[0].path, "services.web");
    EXPECT_EQ(violations[0].mark.line, 4);
    EXPECT_EQ(violations[0].mark.column, 7);
    EXPECT_EQ(violations[0].message,
              "services.web: additional property \"imgae\" is not allowed (did you mean \"image\"?)");
    EXPECT_EQ(violations[1].mark.line, 5);
    EXPECT_EQ(violations[1].message, "services.web: additional property \"labels\" is not allowed");
}

TEST(JsonSchema, AdditionalPropertyNamesThePatternWhenOnlyPatternsExist) {
    const auto schema = R"({"patternProperties": {"^[a-z]+$": {}}, "additionalProperties": false})";
    EXPECT_EQ(Messages(schema, Json(R"({"web": 1, "my web": 2})")),
              Strings{"additional property \"my web\" is not allowed (names must match ^[a-z]+$)"});
}

TEST(JsonSchema, MissingRequiredPropertyPointsAtTheObject) {
    const auto schema = JsonSchema::Parse(R"({"properties": {"healthcheck": {"required": ["test", "interval"]}}})");
    Value instance = Json(R"({"healthcheck": {"interval": "5s"}})");
    instance["healthcheck"].mark = At(7, 9);
    const auto violations = schema.Validate(instance);
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].message, "healthcheck: missing required property \"test\"");
    EXPECT_EQ(violations[0].mark.line, 7);
}

TEST(JsonSchema, EnumAndConstShowAllowedAndActualValues) {
    EXPECT_EQ(Messages(R"({"enum": ["no", "always", 3]})", Value("sometimes")),
              Strings{"must be one of \"no\", \"always\", 3, not \"sometimes\""});
    EXPECT_EQ(Messages(R"({"enum": ["no"]})", Json("{}")), Strings{"must be \"no\", not an object"});
    EXPECT_EQ(Messages(R"({"const": false})", Value(0)), Strings{"must be false, not 0"});
    EXPECT_TRUE(JsonSchema::Parse(R"({"enum": [1]})").IsValid(Value(1.0)));
}

TEST(JsonSchema, PatternIsSearchedNotAnchored) {
    const auto schema = R"({"pattern": "b+"})";
    EXPECT_TRUE(Messages(schema, Value("abc")).empty());
    EXPECT_EQ(Messages(schema, Value("x\"z")), Strings{"\"x\\\"z\" does not match pattern b+"});
    EXPECT_TRUE(Messages(schema, Value(12)).empty());
}

constexpr auto kPortsSchema = R"({"items": {"oneOf": [
    {"type": "number"},
    {"type": "string"},
    {"type": "object", "properties": {"target": {"type": ["integer", "string"]}}, "additionalProperties": false}
]}})";

TEST(JsonSchema, OneOfReportsTheBranchWhoseTypeFits) {
    EXPECT_EQ(Messages(kPortsSchema, Json(R"([80, {"targt": 80}])")),
              Strings{"[1]: additional property \"targt\" is not allowed (did you mean \"target\"?)"});
    EXPECT_EQ(Messages(kPortsSchema, Json(R"([{"target": 1.5}])")),
              Strings{"[0].target: must be an integer or string, not a number"});
}

TEST(JsonSchema, OneOfWithoutFittingTypeListsTheBranchTypes) {
    EXPECT_EQ(Messages(kPortsSchema, Json("[true]")),
              Strings{"[0]: must be a number or string or object, not a boolean"});
}

TEST(JsonSchema, OneOfMatchingTwoBranchesIsAnError) {
    EXPECT_EQ(Messages(R"({"oneOf": [{"type": "integer"}, {"minimum": 0}]})", Value(3)),
              Strings{"must match exactly one of the allowed forms"});
}

TEST(JsonSchema, AnyOfWithSeveralFittingBranchesReportsTheClosest) {
    const auto schema =
        R"({"anyOf": [{"type": "object", "required": ["x", "y"]}, {"type": "object", "required": ["z"]}]})";
    EXPECT_EQ(Messages(schema, Json("{}")), Strings{"missing required property \"z\""});
}

TEST(JsonSchema, RecursiveRefValidatesNestedTrees) {
    const auto schema = R"({"$ref": "#/definitions/node", "definitions": {"node": {"type": "object",
        "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}},
        "additionalProperties": false}}})";
    const Value tree = Json(R"({"name": "a", "children": [{"children": [{"name": "b"}, {"name": 5}]}]})");
    EXPECT_EQ(Messages(schema, tree), Strings{"children[0].children[1].name: must be a string, not an integer"});
}

TEST(JsonSchema, RefPointersUnescapeTildeSlashAndPercent) {
    const auto schema =
        R"({"definitions": {"a/b": {"type": "string"}, "c~d": {"type": "integer"}, "e f": {"type": "null"}},
        "properties": {"x": {"$ref": "#/definitions/a~1b"}, "y": {"$ref": "#/definitions/c~0d"},
                       "z": {"$ref": "#/definitions/e%20f"}}})";
    EXPECT_EQ(Messages(schema, Json(R"({"x": 1, "y": "s", "z": 0})")),
              (Strings{"x: must be a string, not an integer",
                       "y: must be an integer, not a string",
                       "z: must be null, not an integer"}));
}

TEST(JsonSchema, ViolationsAreSortedByMarkThenPath) {
    const auto schema = JsonSchema::Parse(R"({"additionalProperties": {"type": "string"}})");
    Value instance = Json(R"({"a": 1, "b": 2, "c": 3})");
    instance["a"].mark = At(9, 3);
    instance["b"].mark = At(2, 8);
    instance["c"].mark = At(2, 4);
    const auto violations = schema.Validate(instance);
    ASSERT_EQ(violations.size(), 3u);
    EXPECT_EQ(violations[0].path, "c");
    EXPECT_EQ(violations[1].path, "b");
    EXPECT_EQ(violations[2].path, "a");
}

TEST(JsonSchema, UniqueItemsPointsAtTheDuplicate) {
    const auto schema = JsonSchema::Parse(R"({"uniqueItems": true})");
    Value list = Json(R"([1, 2, 1.0])");
    list.AsSeq()[2].mark = At(6, 5);
    const auto violations = schema.Validate(list);
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].path, "[2]");
    EXPECT_EQ(violations[0].mark.line, 6);
    EXPECT_EQ(violations[0].message, "[2]: duplicate of [0]; items must be unique");
}

TEST(JsonSchema, BoundsSayTheLimit) {
    EXPECT_EQ(Messages(R"({"minimum": 1})", Value(0)), Strings{"must be at least 1, not 0"});
    EXPECT_EQ(Messages(R"({"maximum": 1.5})", Value(2)), Strings{"must be at most 1.5, not 2"});
    EXPECT_EQ(Messages(R"({"exclusiveMinimum": 0})", Value(0)), Strings{"must be greater than 0, not 0"});
    EXPECT_EQ(Messages(R"({"exclusiveMaximum": 10})", Value(10.0)), Strings{"must be less than 10, not 10"});
    EXPECT_EQ(Messages(R"({"multipleOf": 2})", Value(3)), Strings{"must be a multiple of 2, not 3"});
    EXPECT_EQ(Messages(R"({"minLength": 2})", Value("é")), Strings{"must be at least 2 characters long"});
    EXPECT_EQ(Messages(R"({"maxLength": 1})", Value("ab")), Strings{"must be at most 1 character long"});
    EXPECT_EQ(Messages(R"({"minItems": 1})", Json("[]")), Strings{"must have at least 1 item (has 0)"});
    EXPECT_EQ(Messages(R"({"maxItems": 1})", Json("[1, 2]")), Strings{"must have at most 1 item (has 2)"});
    EXPECT_EQ(Messages(R"({"maxProperties": 1})", Json(R"({"a": 1, "b": 2})")),
              Strings{"must have at most 1 property (has 2)"});
    EXPECT_EQ(Messages(R"({"minProperties": 2})", Json("{}")), Strings{"must have at least 2 properties (has 0)"});
}

TEST(JsonSchema, KeysWithDotsArePrintedAsTheyAre) {
    EXPECT_EQ(Messages(R"({"additionalProperties": {"properties": {"c": {"type": "string"}}}})",
                       Json(R"({"a.b": {"c": 1}})")),
              Strings{"a.b.c: must be a string, not an integer"});
}

TEST(JsonSchema, FalseSchemaAcceptsNothing) {
    EXPECT_EQ(Messages("false", Value()), Strings{"no value is allowed here"});
    EXPECT_EQ(Messages(R"({"properties": {"old": false}})", Json(R"({"old": 1})")),
              Strings{"old: no value is allowed here"});
}

TEST(JsonSchema, PropertyNamesExplainsTheRule) {
    const auto schema = JsonSchema::Parse(R"({"propertyNames": {"pattern": "^[a-z]+$"}})");
    Value instance = Json(R"({"Foo": 1, "bar": 2})");
    instance.AsMap().at("Foo").key_mark = At(3, 1);
    const auto violations = schema.Validate(instance);
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].mark.line, 3);
    EXPECT_EQ(violations[0].message, "property name \"Foo\" is not allowed: \"Foo\" does not match pattern ^[a-z]+$");
}

TEST(JsonSchema, DependenciesNameTheMissingProperty) {
    EXPECT_EQ(Messages(R"({"dependencies": {"tls": ["cert"]}})", Json(R"({"tls": true})")),
              Strings{"property \"tls\" requires property \"cert\""});
}

TEST(JsonSchema, RejectsSchemasItCannotHonour) {
    const std::pair<const char*, const char*> cases[] = {
        {"{", "invalid JSON schema: "},
        {R"({"type": "strng"})", "invalid JSON schema at #: unknown type \"strng\""},
        {R"({"properties": {"a": {"$ref": "other.json#/x"}}})",
         "invalid JSON schema at #/properties/a: unsupported $ref \"other.json#/x\": only references within the "
         "document (\"#/...\") work"},
        {R"({"items": {"$ref": "#/definitions/nope"}})",
         "invalid JSON schema at #/items: $ref \"#/definitions/nope\" does not point to anything in the schema"},
        {R"({"pattern": "("})", "invalid JSON schema: bad pattern \"(\": "},
        {R"({"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}, "$ref": "#/definitions/a"})",
         "$ref cycle"},
        {R"({"minLength": -1})", "invalid JSON schema at #: \"minLength\" must be a non-negative integer"},
        {R"({"properties": {"a": 3}})",
         "invalid JSON schema at #/properties/a: a schema must be an object or a boolean"},
    };
    for (const auto& [schema, message] : cases) {
        try {
            JsonSchema::Parse(schema);
            ADD_FAILURE() << "accepted " << schema;
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
        }
    }
}

TEST(JsonSchema, RefMayNameTheDocumentById) {
    const auto schema =
        R"({"$id": "compose_spec.json", "properties": {"a": {"$ref": "compose_spec.json#/definitions/s"}},
        "definitions": {"s": {"type": "string"}}})";
    EXPECT_EQ(Messages(schema, Json(R"({"a": 1})")), Strings{"a: must be a string, not an integer"});
}

TEST(SchemaPattern, FastPathsAgreeWithStdRegex) {
    const char* patterns[] = {"^x-", "^[a-zA-Z0-9._-]+$", ".+", "^.+$", "^[a-z]+$", "p", "X_", "^a*$", "[0-9]{2,}"};
    const char* texts[] = {
        "", "x-", "x-foo", "ax-", "web", "my web", "a.b_c-1", "\n", "a\nb", "\r", "p", "X_y", "aaa", "12"};
    for (const char* source : patterns) {
        const impl::SchemaPattern pattern(source);
        const std::regex regex(source, std::regex::ECMAScript);
        for (const char* text : texts) {
            EXPECT_EQ(pattern.Matches(text), std::regex_search(text, regex)) << source << " on \"" << text << "\"";
        }
    }
}

TEST(JsonValue, ConvertsJsonKindsAndComparesNumbersByValue) {
    const Value v = Json(R"({"i": 1, "f": 1.0, "u": 18446744073709551615, "s": "x", "n": null, "b": true, "a": [1]})");
    EXPECT_TRUE(v.Find("i")->IsInt());
    EXPECT_TRUE(v.Find("f")->IsFloat());
    EXPECT_TRUE(v.Find("u")->IsFloat());
    EXPECT_EQ(v.Find("s")->AsString(), "x");
    EXPECT_TRUE(v.Find("n")->IsNull());
    EXPECT_TRUE(v.Find("b")->AsBool());
    EXPECT_EQ(v.Find("a")->AsSeq().size(), 1u);
    EXPECT_TRUE(JsonEqual(*v.Find("i"), *v.Find("f")));
    EXPECT_TRUE(JsonEqual(Json(R"({"a": [1]})"), Json(R"({"a": [1.0]})")));
    EXPECT_FALSE(JsonEqual(Value(false), Value(0)));
    EXPECT_FALSE(JsonEqual(Json(R"({"a": 1})"), Json(R"({"b": 1})")));
}

}  // namespace
}  // namespace compose::loader
