#pragma once

#include <functional>
#include <string>

namespace engine::daemon {

/// A Docker-style random container name, "adjective_surname" ("eager_turing"), with a number
/// appended after a few collisions. `taken` says whether a name (without "/") is in use.
std::string GenerateContainerName(const std::function<bool(const std::string&)>& taken);

}  // namespace engine::daemon
