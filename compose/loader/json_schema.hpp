#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compose/model/mark.hpp"
#include "compose/model/value.hpp"

namespace compose::loader {

/// One way an instance breaks its schema.
struct SchemaViolation final {
    /// Where in the instance: "services.web.ports[0]" (dot before keys, [i] for indices);
    /// "" for the root. Keys are printed as they are, even with dots or spaces.
    std::string path;
    /// The offending node's mark; the key's mark for a property that is not allowed.
    model::Mark mark;
    /// The whole user-facing text, path first: "services.web: additional property \"imgae\"
    /// is not allowed (did you mean \"image\"?)". No path prefix for root violations.
    std::string message;
};

/// A compiled JSON Schema (the draft-07 vocabulary without remote references): compiled once,
/// then validates any number of instances. Immutable, cheap to copy, safe to share between
/// threads.
///
/// Supported: type, enum, const, properties, patternProperties, additionalProperties,
/// required, minProperties, maxProperties, dependencies, propertyNames, items (both forms),
/// additionalItems, contains, minItems, maxItems, uniqueItems, minimum, maximum,
/// exclusiveMinimum, exclusiveMaximum, multipleOf, minLength, maxLength, pattern, allOf,
/// anyOf, oneOf, not, if/then/else, boolean schemas, definitions and local $ref ("#",
/// "#/json/pointer" with ~0 ~1 and %-escapes, recursion allowed). Patterns are ECMAScript
/// regular expressions, searched (not anchored). Annotations (title, format, default, ...)
/// are ignored.
class JsonSchema final {
  public:
    /// Compiles `schema_json`. Throws std::runtime_error when it is not JSON, uses a keyword
    /// with a malformed value, an invalid regex, or a $ref that is not local or leads nowhere.
    static JsonSchema Parse(std::string_view schema_json);

    /// Every violation in `instance`, sorted by mark (line, column), then path; empty when
    /// the instance is valid. Under oneOf/anyOf only the most relevant branch is reported
    /// (the one whose type fits the instance), not every branch.
    std::vector<SchemaViolation> Validate(const model::Value& instance) const;

    /// True when Validate would return nothing; faster, since it builds no messages.
    bool IsValid(const model::Value& instance) const;

    struct Compiled;

  private:
    explicit JsonSchema(std::shared_ptr<const Compiled> compiled) : compiled_(std::move(compiled)) {}

    std::shared_ptr<const Compiled> compiled_;
};

/// The pinned Compose Specification schema (ComposeSpecSchemaText()), compiled on first use.
const JsonSchema& ComposeSpecJsonSchema();

}  // namespace compose::loader
