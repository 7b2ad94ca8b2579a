#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "compose/model/value.hpp"

namespace compose::loader {

/// Bounds on what one compose file may cost to read, so hostile input fails fast with a clear
/// message instead of exhausting memory or the stack.
struct YamlLimits {
    std::size_t max_bytes = 8 * 1024 * 1024;
    /// Nested sequences and mappings; the root collection is level 1.
    int max_depth = 256;
    /// Nodes in the tree after alias expansion (keys and the copies kept for anchors count).
    std::size_t max_nodes = 2'000'000;
};

/// Parses one compose file's text (UTF-8, an optional BOM) into a Value tree. Every value
/// gets the 1-based `mark` of where it starts in `file_name`, and every map value the
/// `key_mark` of its key. The rules:
/// - exactly one YAML document; an empty text (or only comments) gives a null Value;
/// - plain scalars are typed by the YAML 1.2 core schema (yes/no/on/off stay strings), quoted
///   and block scalars are strings; mapping keys are the scalars' text;
/// - an alias is an independent deep copy of its anchor, carrying the alias's own mark;
/// - `<<` merge keys are resolved: explicit keys win, then earlier merged mappings;
/// - duplicate keys, non-scalar or null keys, unknown tags and anchors are errors;
/// - tags !reset and !override are kept in Value::tag; !!str, !!int, !!float, !!bool,
///   !!null, !!seq and !!map are applied; any other tag is an error.
/// Throws LoadError, with a mark when the problem has a place, for every problem.
model::Value ReadYaml(std::string_view text,
                      std::shared_ptr<const std::string> file_name,
                      const YamlLimits& limits = {});

}  // namespace compose::loader
