#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/cli/command_context.hpp"
#include "engine/cli/container_options.hpp"

namespace engine::cli {

/// docker's createContainer: POST /containers/create with `body`; when the daemon does not have
/// the image (404) and --pull is "missing", prints "Unable to find image 'busybox:latest'
/// locally" to stderr, pulls (progress to stderr unless --quiet) and creates again. --pull
/// "always" pulls first. Warnings go to stderr as "WARNING: ...". Returns the new ID. Throws
/// engine::Error from the daemon as is.
std::string CreateContainer(CommandContext& context, const ContainerOptions& options, const nlohmann::json& body);

/// The status error docker's run and create end with for a daemon error: "berth: <message>"
/// plus the help hint, code 125 (126 for permission problems, 127 for a missing executable).
ExitError RunError(std::string_view command, std::string_view message);

}  // namespace engine::cli
