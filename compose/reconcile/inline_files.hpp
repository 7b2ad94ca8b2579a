#pragma once

#include <string>

#include "compose/model/project.hpp"

namespace compose::reconcile {

/// Writes the secrets and configs declared inline (`content`, or `environment`: the value of
/// that variable in project.environment) to files under `directory` (created with mode 0700
/// when missing; files are 0444, named secret_<key> / config_<key>, written atomically by a
/// temporary file and a rename), and rewrites each such definition to `file: <path>` without
/// the inline key, so container specs only see file-backed ones. A file that already holds
/// the same bytes is left untouched: a second `up` sees the same paths and hashes. Throws
/// std::runtime_error naming the secret or config when its variable is unset or a write fails.
void MaterializeInlineFiles(model::Project& project, const std::string& directory);

}  // namespace compose::reconcile
