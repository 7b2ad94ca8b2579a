#pragma once

#include <string>
#include <vector>

namespace engine::runtime {

/// Docker's default capability set (moby oci/caps.DefaultCapabilities), in its order.
const std::vector<std::string>& DefaultCapabilities();

/// The capability list of a container as moby's caps.TweakCapabilities computes it.
/// Privileged: every capability in `available` (the daemon's own bounding set). Otherwise the
/// defaults minus `drop` plus `add`; "ALL" in `add` starts from `available` minus `drop`, "ALL"
/// in `drop` keeps only `add`. Names are case-insensitive, with or without "CAP_". Throws
/// Error(kInvalidArgument) for an unknown name (`unknown capability: "CAP_FOO"`) or one the
/// host lacks (`capability not supported by your kernel or not available in the current
/// environment: "CAP_X"`).
std::vector<std::string> TweakCapabilities(const std::vector<std::string>& add,
                                           const std::vector<std::string>& drop,
                                           bool privileged,
                                           const std::vector<std::string>& available);

}  // namespace engine::runtime
