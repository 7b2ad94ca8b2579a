#pragma once

#include <string>
#include <string_view>

#include "compose/model/value.hpp"

namespace compose::loader {

struct WriteOptions final {
    /// Write every `$` in a string as `$$`, so that loading the output again (which
    /// interpolates) gives back the same strings. Off for --no-interpolate output, whose
    /// strings still hold their templates.
    bool escape_dollars = true;
};

/// `text` with every `$` doubled, the compose-file spelling of a literal dollar.
std::string EscapeDollars(std::string_view text);

/// Block-style YAML for a Value tree: keys in map order (sorted), strings quoted whenever a
/// plain scalar would read back as something else (a number, a bool, null, a YAML 1.1 bool
/// like `yes` for older tools) or would not parse. Deterministic: the same tree always gives
/// the same bytes.
std::string WriteYaml(const model::Value& value, const WriteOptions& options = {});

/// Pretty JSON (2-space indent) for a Value tree, keys sorted, ending in a newline.
std::string WriteJson(const model::Value& value, const WriteOptions& options = {});

}  // namespace compose::loader
