#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace compose::cli {

/// The "name  | " prefix of each container's log lines, as Docker Compose prints them: names
/// padded to the longest, coloured in Docker Compose's rotation when `color`. Shared by `logs`
/// and attached `up`, so both look the same.
std::vector<std::string> LogPrefixes(const std::vector<std::string>& names, bool color);

/// The colour of the `index`th container's prefix, and the code that ends it.
std::string_view LogColor(std::size_t index);
inline constexpr std::string_view kLogColorReset = "\x1b[0m";

}  // namespace compose::cli
