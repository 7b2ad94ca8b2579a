#pragma once

#include <string>
#include <vector>

#include "compose/loader/load_options.hpp"
#include "compose/loader/warnings.hpp"

namespace compose::loader {

/// The compose files of a project, absolute ("-" for stdin), in merge order.
///
/// -f wins; else COMPOSE_FILE from `environment` (split on COMPOSE_PATH_SEPARATOR, default
/// ":"), relative entries against the project directory (--project-directory, else the
/// working directory); else the first directory from there upward holding compose.yaml, compose.yml, docker-compose.yml
/// or docker-compose.yaml (several there: the first in that order, with a warning), plus its compose.override.yaml/.yml
/// (or docker-compose.override.*) on top. Throws LoadError when a named file is missing or nothing is found.
std::vector<std::string> FindConfigFiles(const LoadOptions& options,
                                         const std::map<std::string, std::string>& environment,
                                         Warnings& warnings);

}  // namespace compose::loader
