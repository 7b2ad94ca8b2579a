#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

namespace engine::runtime {

/// Writes `config` as `dir`/config.json atomically (a crash leaves the old file or the new
/// one), creating `dir` if needed, mode 0600 since it holds the container's environment.
/// Throws Error naming the path on failure.
void WriteBundle(const std::filesystem::path& dir, const nlohmann::json& config);

}  // namespace engine::runtime
