#pragma once

#include <string>
#include <vector>

#include "compose/model/value.hpp"

namespace compose::loader {

/// One entry of a top-level `include:`, paths made absolute against the including file's
/// directory.
struct IncludeEntry final {
    std::vector<std::string> paths;
    /// The included project's directory: `project_directory`, else the first path's directory.
    std::string project_directory;
    /// `env_file`; empty means the included project's own `.env`, when present.
    std::vector<std::string> env_files;
    model::Mark mark;
};

/// Reads `include:` in its short (a path) and long ({path, project_directory, env_file}) forms.
std::vector<IncludeEntry> ParseIncludes(const model::Value& include, const std::string& base_dir);

/// Adds the services, networks, volumes, secrets and configs of an included project to
/// `project`. A resource defined on both sides with a different definition is an error (the
/// specification forbids overriding an included resource); an identical one is fine.
void AddIncluded(model::Value& project, const model::Value& included, const IncludeEntry& entry);

}  // namespace compose::loader
