#pragma once

#include <functional>
#include <string>

#include "compose/model/value.hpp"

namespace compose::loader {

/// Gives the raw (interpolated, validated) tree of a compose file by absolute path; throws
/// LoadError if it cannot be read or is invalid. Callers cache, since many services may
/// extend from one file.
using FileTreeLoader = std::function<const model::Value&(const std::string& path)>;

/// Replaces every service of `project` (the tree of the file at `file_path`) that has
/// `extends` by its base merged with the service's own keys (the service wins, by the merge
/// rules), recursively, as the Compose specification says. The base may live in the same
/// file or another (`extends.file`, relative to the extending file); paths inside a base from
/// another file are made absolute against that file's directory. Throws LoadError for an
/// unknown base service or file, and for a cycle ("extends cycle: a -> b -> a").
void ApplyExtends(model::Value& project, const std::string& file_path, const FileTreeLoader& load_file);

}  // namespace compose::loader
