#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compose/loader/interpolation.hpp"

namespace compose::loader {

using EnvPairs = std::vector<std::pair<std::string, std::string>>;

/// Parses the text of a .env file (or an env_file) the way Docker Compose does: `KEY=VALUE`
/// lines, blank lines and `#` comments, an optional `export ` prefix, single quotes (literal),
/// double quotes (escapes \n \t \" \\ ..., may span lines), inline ` #` comments after unquoted
/// values, and ${VAR} interpolation in unquoted and double-quoted values, resolved first
/// through `lookup` and then against the variables defined earlier in the same file (the OS
/// environment wins, as in compose-go since compose-spec/compose-go#403). `KEY: VALUE` works
/// too. A later duplicate key overrides the value and keeps the first one's position.
/// A line `KEY` with no `=` takes its value from `lookup`, and is left out if that is unset.
/// Throws LoadError naming `file_name`:line:column for a malformed line.
EnvPairs ParseDotenv(std::string_view text, const std::string& file_name, const Lookup& lookup);

}  // namespace compose::loader
