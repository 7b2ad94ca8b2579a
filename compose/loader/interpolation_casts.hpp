#pragma once

#include "compose/loader/warnings.hpp"
#include "compose/model/value.hpp"

namespace compose::loader {

/// After interpolation, turns the strings found at the paths the schema types as integer,
/// number or boolean (services.*.ports[*].target, services.*.read_only, networks.*.external, ...,
/// compose-go's interpolateTypeCastMapping) into those types, keeping each node's mark and tag.
/// Values that are not strings are left alone. Booleans accept true/false, yes/no, y/n, on/off in
/// any case; the YAML 1.1 spellings warn, as Docker Compose does.
/// Throws LoadError at the node ("services.web.read_only: \"maybe\" is not a boolean").
void CastTypedPaths(model::Value& root, Warnings& warnings);

}  // namespace compose::loader
