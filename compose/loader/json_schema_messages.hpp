#pragma once

// Internal to the JSON Schema validator: the wording of violations, kept in one place so
// every message reads the same way.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "compose/loader/json_schema_compiled.hpp"
#include "compose/model/value.hpp"

namespace compose::loader::impl {

/// "path: message", or just the message at the root.
std::string WithPath(const std::string& path, std::string message);
/// "[3]".
std::string IndexText(std::size_t index);
/// {"string", "object"} -> "a string or object".
std::string TypeList(const std::vector<std::string_view>& names);
/// The instance's type with an article: "a boolean", "an object", "null".
std::string Describe(const model::Value& value);
/// A scalar as JSON ("\"x\"", 3, true, null); sequences and maps as Describe does.
std::string Show(const model::Value& value);
/// Double-quoted, with quotes, backslashes and control characters escaped as JSON does.
std::string Quote(std::string_view text);
/// Shortest text that reads back as `number` ("3", "0.5").
std::string NumberText(double number);
/// "1 item", "2 items", "2 properties".
std::string Plural(std::size_t count, std::string_view noun);
/// " (has 3)".
std::string Has(std::size_t count);
/// Why an additional property may be wrong: " (did you mean \"image\"?)" for a near miss of a
/// declared property, the name patterns when only patterns are declared, else "".
std::string Hint(const SchemaNode& node, std::string_view key);

}  // namespace compose::loader::impl
