#pragma once

#include <string>
#include <string_view>

namespace engine::sys {

/// Runs an nft script (the `nft -f` language) through libnftables as one transaction: either
/// every command applies or none does. Returns what the commands printed (list commands);
/// throws Error(kInternal) carrying nft's own error text, which names the failing line.
/// A context per call keeps no state between calls.
std::string RunNftScript(std::string_view script);

}  // namespace engine::sys
