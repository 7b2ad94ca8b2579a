#pragma once

#include <string_view>

namespace compose::loader {

/// The Compose Specification JSON Schema pinned in schema/compose-spec.json, compiled in.
std::string_view ComposeSpecSchemaText();

}  // namespace compose::loader
