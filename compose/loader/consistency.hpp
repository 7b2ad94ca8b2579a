#pragma once

#include "compose/model/value.hpp"

namespace compose::loader {

/// Checks the cross-references of a normalized project tree (see normalize.hpp) holding only
/// the enabled services, and throws LoadError at the offending node for the first problem,
/// with a message that says how to fix it. Checked, service by service in name order:
/// - an image or a build;
/// - not both `network_mode` and `networks`;
/// - every network, named volume (a `type: volume` mount with a source), secret, config and
///   build secret it uses is declared at the top level;
/// - every required `depends_on` names a service of the tree (optional ones to missing
///   services are the caller's to drop, with a warning);
/// - `container_name` only with a scale of at most 1;
/// - no two `volumes`/`tmpfs` mounts on the same container path.
void CheckConsistency(const model::Value& project);

}  // namespace compose::loader
