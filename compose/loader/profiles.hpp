#pragma once

#include <string>
#include <vector>

#include "compose/loader/warnings.hpp"
#include "compose/model/value.hpp"

namespace compose::loader {

/// Every profile named by any service of `project`, sorted and unique.
std::vector<std::string> AllProfiles(const model::Value& project);

/// Removes the services that no active profile enables, as the Compose specification says: a
/// service without `profiles` is always enabled; "*" enables every profile; a service named on
/// the command line is enabled together with all services of its profiles. A disabled service
/// that an enabled one requires (depends_on with required: true, or network_mode/ipc/pid
/// "service:X", links, volumes_from) is an error naming both and the profiles that would
/// enable it; an optional one is dropped from depends_on with a warning. Runs on the merged,
/// not yet normalized tree, so disabled services are never normalized. Returns the active
/// profiles, sorted.
std::vector<std::string> ApplyProfiles(model::Value& project,
                                       std::vector<std::string> active,
                                       const std::vector<std::string>& named_services,
                                       Warnings& warnings);

}  // namespace compose::loader
