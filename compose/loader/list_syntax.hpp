#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace compose::loader {

/// The non-empty items of a `separator`-joined list, in order: how COMPOSE_FILE (with
/// COMPOSE_PATH_SEPARATOR), COMPOSE_PROFILES and `config --hash a,b` are written.
std::vector<std::string> SplitList(std::string_view text, std::string_view separator);

}  // namespace compose::loader
