#pragma once

#include <string>

#include "compose/model/project.hpp"
#include "compose/reconcile/observed_state.hpp"
#include "engine/client/engine_api.hpp"

namespace compose::reconcile {

/// Reads the project's state from the engine: its containers (one-offs too) by the
/// com.docker.compose.project label, its networks and volumes by the same label, plus, when
/// `desired` is given, every network and volume it names (external ones, or ones made
/// without labels) that exists. Health and exit codes come from the container list's
/// Status text or, when that cannot tell, from inspect. Throws engine::Error from the API.
ObservedState Observe(engine::client::EngineApi& api, const std::string& project, const model::Project* desired);

}  // namespace compose::reconcile
