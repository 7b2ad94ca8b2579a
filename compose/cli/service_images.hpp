#pragma once

#include <map>
#include <string>
#include <vector>

#include "compose/model/project.hpp"
#include "engine/client/engine_api.hpp"

namespace compose::cli {

/// The image reference a service runs: its `image`, or "{project}-{service}" for a service
/// that only has `build` (the name Docker Compose builds it under).
std::string ServiceImageReference(const model::Project& project, const std::string& service);

/// `--pull` for up and run: "missing" (default) and "never" both use local images only,
/// because no registry is reachable yet; "always" is refused with that reason.
enum class PullPolicy { kMissing, kNever };

/// Parses --pull; throws std::invalid_argument naming the value for anything else.
PullPolicy ParsePullPolicy(const std::string& value);

/// Looks up every service's image in the engine and returns image IDs by service. Checks all
/// of them before returning, so `up` stops before touching anything; throws
/// std::runtime_error listing each service whose image is missing, with what to do (build it,
/// or load it with `berth image load`).
std::map<std::string, std::string> ResolveServiceImages(engine::client::EngineApi& api,
                                                        const model::Project& project,
                                                        const std::vector<std::string>& services);

}  // namespace compose::cli
