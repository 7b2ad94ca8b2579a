// Runs the official JSON-Schema-Test-Suite (Debian's json-schema-test-suite package) against
// JsonSchema for every draft-07 keyword the validator implements.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "compose/loader/json_schema.hpp"
#include "compose/loader/json_value.hpp"

namespace compose::loader {
namespace {

constexpr std::string_view kSuiteDir = "/usr/share/json-schema-test-suite/tests/draft7";

struct SkippedCase final {
    std::string_view file;
    std::string_view description;
    std::string_view reason;
};

// Only cases that need documents from the network or $id-based base URIs, which the Compose
// schema never uses. Every entry must still exist in the suite (checked below).
constexpr SkippedCase kSkipped[] = {
    {"ref.json", "remote ref, containing refs itself", "$ref to the draft-07 meta-schema at json-schema.org"},
    {"ref.json", "Recursive references between schemas", "relative $refs resolved against nested $id URIs"},
    {"definitions.json", "valid definition", "$ref to the draft-07 meta-schema at json-schema.org"},
    {"definitions.json", "invalid definition", "$ref to the draft-07 meta-schema at json-schema.org"},
};

const SkippedCase* FindSkip(std::string_view file, std::string_view description) {
    for (const SkippedCase& skip : kSkipped) {
        if (skip.file == file && skip.description == description) {
            return &skip;
        }
    }
    return nullptr;
}

class JsonSchemaSuite : public testing::TestWithParam<std::string_view> {};

TEST_P(JsonSchemaSuite, Draft7) {
    const std::filesystem::path path = std::filesystem::path(kSuiteDir) / GetParam();
    if (!std::filesystem::exists(path)) {
        const char* ci = std::getenv("CI");
        if (ci != nullptr && std::string_view(ci) == "true") {
            FAIL() << path << " is missing: install the json-schema-test-suite package";
        }
        GTEST_SKIP() << path << " is missing (install json-schema-test-suite)";
    }
    std::ifstream in(path);
    const auto groups = nlohmann::json::parse(in);
    int skipped = 0;
    int checked = 0;
    for (const auto& group : groups) {
        const auto description = group.at("description").get<std::string>();
        if (FindSkip(GetParam(), description) != nullptr) {
            ++skipped;
            continue;
        }
        std::optional<JsonSchema> schema;
        try {
            schema = JsonSchema::Parse(group.at("schema").dump());
        } catch (const std::exception& e) {
            ADD_FAILURE() << GetParam() << ": " << description << ": schema rejected: " << e.what();
            continue;
        }
        for (const auto& test : group.at("tests")) {
            const model::Value instance = ValueFromJson(test.at("data"));
            const auto violations = schema->Validate(instance);
            const bool expected = test.at("valid").get<bool>();
            EXPECT_EQ(violations.empty(), expected)
                << GetParam() << ": " << description << " / " << test.at("description").get<std::string>()
                << (violations.empty() ? "" : " (first violation: " + violations.front().message + ")");
            EXPECT_EQ(schema->IsValid(instance), expected)
                << GetParam() << ": " << description << " / " << test.at("description").get<std::string>()
                << " (fast pass)";
            ++checked;
        }
    }
    std::size_t expected_skips = 0;
    for (const SkippedCase& skip : kSkipped) {
        expected_skips += skip.file == GetParam() ? 1 : 0;
    }
    EXPECT_EQ(static_cast<std::size_t>(skipped), expected_skips) << "a skip-list entry no longer names a case";
    EXPECT_GT(checked + skipped, 0);
}

std::string TestName(const testing::TestParamInfo<std::string_view>& info) {
    std::string name(info.param.substr(0, info.param.find('.')));
    for (char& c : name) {
        c = c == '-' ? '_' : c;
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Keywords,
                         JsonSchemaSuite,
                         testing::Values("type.json",
                                         "boolean_schema.json",
                                         "enum.json",
                                         "const.json",
                                         "properties.json",
                                         "patternProperties.json",
                                         "additionalProperties.json",
                                         "required.json",
                                         "minProperties.json",
                                         "maxProperties.json",
                                         "dependencies.json",
                                         "propertyNames.json",
                                         "items.json",
                                         "additionalItems.json",
                                         "contains.json",
                                         "minItems.json",
                                         "maxItems.json",
                                         "uniqueItems.json",
                                         "minimum.json",
                                         "maximum.json",
                                         "exclusiveMinimum.json",
                                         "exclusiveMaximum.json",
                                         "multipleOf.json",
                                         "minLength.json",
                                         "maxLength.json",
                                         "pattern.json",
                                         "allOf.json",
                                         "anyOf.json",
                                         "oneOf.json",
                                         "not.json",
                                         "if-then-else.json",
                                         "ref.json",
                                         "definitions.json",
                                         "default.json"),
                         TestName);

}  // namespace
}  // namespace compose::loader
