#pragma once

#include "compose/loader/load_options.hpp"
#include "compose/loader/warnings.hpp"
#include "compose/model/project.hpp"

namespace compose::loader {

/// Loads a Compose project the way Docker Compose does, in its order: find the files and the
/// project directory, read the environment (.env), then per file parse, interpolate, validate
/// against the pinned schema, resolve `extends` and `include`; merge the files; apply
/// profiles; normalize into the canonical tree; check consistency. Throws LoadError with
/// file:line:column for anything wrong; warnings go to `warnings`.
model::Project LoadProject(const LoadOptions& options, Warnings& warnings);

}  // namespace compose::loader
