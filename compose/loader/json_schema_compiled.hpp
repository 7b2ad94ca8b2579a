#pragma once

// Internal to the JSON Schema validator: the compiled form shared by json_schema_compiler.cpp (which
// builds it) and json_schema_eval.cpp (which walks it). Not for other users.

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "compose/loader/json_schema.hpp"
#include "compose/model/value.hpp"

namespace compose::loader::impl {

/// An ECMAScript regex, searched (not anchored) as JSON Schema says. The shapes the Compose
/// schema uses ("^x-", "^[a-zA-Z0-9._-]+$", ".+") are matched without std::regex, which is
/// slow; everything else goes through the regex compiled once here.
class SchemaPattern final {
  public:
    /// Throws std::runtime_error when `source` is not a valid ECMAScript regex.
    explicit SchemaPattern(std::string source);

    bool Matches(std::string_view text) const;
    const std::string& source() const { return source_; }

  private:
    enum class Kind { kRegex, kContains, kPrefix, kClassPlus, kAnyChar, kWholeLine };

    Kind kind_ = Kind::kRegex;
    std::string source_;
    std::string literal_;
    std::bitset<256> class_;
    std::regex regex_;
};

/// JSON Schema primitive types as bits, so a "type" keyword is one mask test.
enum TypeBit : std::uint8_t {
    kTypeNull = 1,
    kTypeBoolean = 2,
    kTypeInteger = 4,
    kTypeNumber = 8,
    kTypeString = 16,
    kTypeArray = 32,
    kTypeObject = 64,
};

struct SchemaNode;

struct PropertyRule final {
    std::string name;
    const SchemaNode* schema = nullptr;
};

struct PatternRule final {
    SchemaPattern pattern;
    const SchemaNode* schema = nullptr;
};

/// "dependencies" entry: either required names or a schema, applied when `property` exists.
struct DependencyRule final {
    std::string property;
    std::vector<std::string> required;
    const SchemaNode* schema = nullptr;
};

/// One compiled (sub)schema. Absent keywords are empty/null/nullopt. Pointers refer to nodes
/// owned by the same JsonSchema::Compiled and never dangle.
struct SchemaNode final {
    std::string location;                // JSON pointer in the schema document, for errors
    std::optional<bool> boolean_schema;  // true/false schema
    const SchemaNode* ref = nullptr;     // $ref target; siblings are ignored (draft-07)

    std::uint8_t type_mask = 0;  // 0: no "type" keyword
    std::vector<std::string_view> type_names;
    std::optional<std::vector<model::Value>> enum_values;
    std::string enum_text;  // the enum values as JSON, for messages
    std::optional<model::Value> const_value;
    std::string const_text;

    std::vector<PropertyRule> properties;  // sorted by name
    std::vector<PatternRule> pattern_properties;
    const SchemaNode* additional_properties = nullptr;
    std::vector<std::string> required;
    std::optional<std::size_t> min_properties, max_properties;
    std::vector<DependencyRule> dependencies;
    const SchemaNode* property_names = nullptr;

    const SchemaNode* items = nullptr;           // one schema for every item
    std::vector<const SchemaNode*> tuple_items;  // array form of "items"
    bool has_tuple_items = false;
    const SchemaNode* additional_items = nullptr;
    const SchemaNode* contains = nullptr;
    std::optional<std::size_t> min_items, max_items;
    bool unique_items = false;

    std::optional<double> minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of;
    std::optional<std::size_t> min_length, max_length;
    std::optional<SchemaPattern> pattern;

    std::vector<const SchemaNode*> all_of, any_of, one_of;
    const SchemaNode* not_schema = nullptr;
    const SchemaNode* if_schema = nullptr;
    const SchemaNode* then_schema = nullptr;
    const SchemaNode* else_schema = nullptr;
};

/// Fast check: no messages, stops at the first failure.
bool Matches(const SchemaNode& schema, const model::Value& instance);

/// All violations, unsorted.
std::vector<SchemaViolation> CollectViolations(const SchemaNode& schema, const model::Value& instance);

}  // namespace compose::loader::impl

namespace compose::loader {

struct JsonSchema::Compiled final {
    std::deque<impl::SchemaNode> nodes;  // deque: node addresses stay put while compiling
    const impl::SchemaNode* root = nullptr;
};

}  // namespace compose::loader

namespace compose::loader::impl {

/// Compiles a parsed schema document. Throws std::runtime_error as JsonSchema::Parse says.
std::shared_ptr<const JsonSchema::Compiled> CompileSchema(const nlohmann::json& document);

}  // namespace compose::loader::impl
