#pragma once

#include <string_view>

// The labels Docker Compose writes on what it creates (docker/compose pkg/api/labels.go).
// Writing the same set lets `down`, `ps`, `logs`, `start` and `stop` rebuild a project from
// the engine alone, and lets other Compose tools read our stacks and we theirs.
namespace compose::reconcile::labels {

inline constexpr std::string_view kProject = "com.docker.compose.project";
inline constexpr std::string_view kService = "com.docker.compose.service";
inline constexpr std::string_view kContainerNumber = "com.docker.compose.container-number";
inline constexpr std::string_view kOneoff = "com.docker.compose.oneoff";  // "True" / "False"
inline constexpr std::string_view kConfigHash = "com.docker.compose.config-hash";
/// "dep:condition:restart,..." e.g. "db:service_healthy:false".
inline constexpr std::string_view kDependsOn = "com.docker.compose.depends_on";
/// The image ID the container was created from (Docker Compose writes the digest).
inline constexpr std::string_view kImage = "com.docker.compose.image";
inline constexpr std::string_view kWorkingDir = "com.docker.compose.project.working_dir";
/// Comma-separated absolute paths.
inline constexpr std::string_view kConfigFiles = "com.docker.compose.project.config_files";
inline constexpr std::string_view kEnvironmentFile = "com.docker.compose.project.environment_file";
inline constexpr std::string_view kVersion = "com.docker.compose.version";
/// On a container created to replace another: the old container's ID.
inline constexpr std::string_view kReplace = "com.docker.compose.replace";
/// One-off containers (`run`): a random slug in the name and here.
inline constexpr std::string_view kSlug = "com.docker.compose.slug";
/// On networks and volumes: their key in the compose file.
inline constexpr std::string_view kNetwork = "com.docker.compose.network";
inline constexpr std::string_view kVolume = "com.docker.compose.volume";

/// What we write as com.docker.compose.version: the Compose version whose behaviour we follow.
inline constexpr std::string_view kComposeVersion = "2.29.0";

}  // namespace compose::reconcile::labels
