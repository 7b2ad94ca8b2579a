#pragma once

#include <map>
#include <string>
#include <vector>

#include "compose/loader/load_options.hpp"

namespace compose::loader {

/// The variables a project is interpolated with, and the .env files they came from.
struct ProjectEnvironment final {
    std::map<std::string, std::string> variables;
    std::vector<std::string> env_files;
};

/// OS environment over the .env files: --env-file ones in order (a later file overrides an
/// earlier one; relative to the working directory; each must exist), else `.env` in
/// `project_dir` when it exists, unless COMPOSE_DISABLE_ENV_FILE is set to a true value in the
/// OS environment. The OS environment always wins, and a .env file sees the OS environment and
/// its own earlier lines when it interpolates.
ProjectEnvironment LoadProjectEnvironment(const LoadOptions& options, const std::string& project_dir);

/// Docker Compose's project-name normalization: lowercase, only [a-z0-9_-] kept, leading '_'
/// and '-' dropped ("My App!" → "myapp").
std::string NormalizeProjectName(const std::string& name);

/// Throws LoadError naming `source` ("-p", "COMPOSE_PROJECT_NAME", ...) when `name` is not
/// already normal.
void CheckProjectName(const std::string& name, const std::string& source);

}  // namespace compose::loader
