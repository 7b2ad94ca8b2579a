#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace engine::image {

/// Applies the arguments of a HEALTHCHECK instruction to a container config as moby does:
/// "NONE" gives Test ["NONE"]; "[--interval=D] [--timeout=D] [--start-period=D] [--retries=N]
/// CMD <command>" gives Test ["CMD", args...] for the JSON form or ["CMD-SHELL", "<command>"]
/// for the shell form, durations as nanoseconds, zero fields left out (Go's omitempty).
/// Throws Error(kInvalidArgument) with moby's texts ("Unknown type \"X\" in HEALTHCHECK (try
/// CMD)", "Missing command after HEALTHCHECK CMD", "Unknown flag: x", ...).
void ApplyHealthcheckChange(nlohmann::json& config, std::string_view args);

}  // namespace engine::image
