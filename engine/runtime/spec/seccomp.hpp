#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/runtime/spec/host_limits.hpp"

namespace engine::runtime {

/// Docker's default seccomp profile (seccomp_default.json, compiled in), in Docker's format.
std::string_view DefaultSeccompProfileText();

/// The OCI linux.seccomp object for a container, translated from a profile in Docker's format
/// as moby's profiles/seccomp setupSeccomp does: architectures from the archMap entry of the
/// host's arch, and only the syscall rules whose includes match (all listed caps in
/// `bounding`, the host arch, kernel >= minKernel) and whose excludes do not. Returns null
/// JSON when the profile disables seccomp (no defaultAction and no syscalls). Throws
/// Error(kInvalidArgument) for a profile that is not valid JSON or mixes
/// architectures/archMap or name/names.
nlohmann::json TranslateSeccompProfile(std::string_view profile_text,
                                       const std::vector<std::string>& bounding,
                                       const HostLimits& host);

}  // namespace engine::runtime
