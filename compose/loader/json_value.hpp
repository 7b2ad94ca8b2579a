#pragma once

#include <nlohmann/json_fwd.hpp>

#include "compose/model/value.hpp"

namespace compose::loader {

/// Converts a JSON document to a Value tree. Integers that fit int64 become Int, larger
/// unsigned integers and all floating-point numbers become Float; objects become (sorted)
/// maps. Marks stay unknown: JSON carries no positions.
model::Value ValueFromJson(const nlohmann::json& json);

/// JSON-Schema equality: numbers compare by value (1 == 1.0), maps by keys and values,
/// sequences element by element. Marks and tags are ignored.
bool JsonEqual(const model::Value& a, const model::Value& b);

}  // namespace compose::loader
