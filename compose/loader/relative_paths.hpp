#pragma once

#include <string>
#include <string_view>

#include "compose/model/value.hpp"

namespace compose::loader {

/// `path` made absolute against `base_dir` and lexically normalized ("/a/b/../c" → "/a/c");
/// absolute paths are only normalized. A trailing slash is dropped.
std::string AbsolutePath(std::string_view base_dir, std::string_view path);

/// True for a build context that is a remote URL (git or http), which stays as written.
bool IsRemoteContext(std::string_view context);

/// Makes the relative file paths of one raw (not yet normalized) service absolute against
/// `base_dir`: build context, env_file, label_file, bind-mount sources (short "./x:/y" and long
/// form) and extends.file. Used for services that come from another directory (extends of
/// another file, included projects), whose paths are relative to their own file, not to the
/// project directory.
void ResolveServicePaths(model::Value& service, std::string_view base_dir);

/// ResolveServicePaths for every service, plus the `file` of top-level secrets and configs.
void ResolveProjectPaths(model::Value& project, std::string_view base_dir);

}  // namespace compose::loader
