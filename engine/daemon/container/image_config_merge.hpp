#pragma once

#include <nlohmann/json.hpp>

#include "engine/api/container_config.hpp"

namespace engine::daemon {

/// The "config" object of an image config document as a typed container Config (absent or
/// null: the zero Config). Throws Error(kInvalidArgument) when a field has the wrong type.
api::ContainerConfig ImageContainerConfig(const nlohmann::json& image_config_document);

/// moby's merge(userConf, imageConf) at container create: the image fills what the user left
/// unset (User, WorkingDir, StopSignal, Cmd/Entrypoint by Docker's rules), and adds its
/// ExposedPorts, Volumes, Labels and Env entries whose keys the user did not set; a user
/// healthcheck inherits each zero field from the image's.
void MergeImageConfig(api::ContainerConfig& user, const api::ContainerConfig& image);

}  // namespace engine::daemon
