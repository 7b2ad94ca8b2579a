#pragma once

#include <span>
#include <string>

#include <nlohmann/json.hpp>

namespace engine::image {

/// The zero container config as moby serializes Go's container.Config: every field that has
/// no `omitempty` present with its zero value ("Env": null, "Cmd": null, "WorkingDir": "", ...).
/// `docker import` starts from it; image inspect shows it as ContainerConfig.
nlohmann::json EmptyContainerConfig();

/// Applies `docker import --change` instructions to `config` (an image config's "config"
/// object) as moby's dockerfile.BuildFromConfig does, in order. Accepted: CMD, ENTRYPOINT,
/// ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR, each in any
/// case, with the Dockerfile forms: JSON (exec) or shell form for CMD, ENTRYPOINT and
/// HEALTHCHECK CMD; "k=v ..." or legacy "k v" for ENV and LABEL; quotes, escapes and $VAR,
/// ${VAR}, ${VAR:-x}, ${VAR:+x} expanded from the config's Env for ENV, LABEL, EXPOSE, USER,
/// VOLUME, WORKDIR and STOPSIGNAL. Empty changes are skipped. Throws Error(kInvalidArgument)
/// with moby's texts: "from is not a valid change command", "ENV must have two arguments",
/// "invalid containerPort: x", "Invalid signal: x", ...
nlohmann::json ApplyChanges(nlohmann::json config, std::span<const std::string> changes);

}  // namespace engine::image
