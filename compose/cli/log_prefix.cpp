#include "compose/cli/log_prefix.hpp"

#include <algorithm>
#include <array>

namespace compose::cli {
namespace {

// Docker Compose's rotation of prefix colours.
constexpr std::array<std::string_view, 10> kColors = {"\x1b[36m",
                                                      "\x1b[33m",
                                                      "\x1b[32m",
                                                      "\x1b[35m",
                                                      "\x1b[34m",
                                                      "\x1b[96m",
                                                      "\x1b[93m",
                                                      "\x1b[92m",
                                                      "\x1b[95m",
                                                      "\x1b[94m"};

}  // namespace

std::string_view LogColor(std::size_t index) {
    return kColors[index % kColors.size()];
}

std::vector<std::string> LogPrefixes(const std::vector<std::string>& names, bool color) {
    std::size_t width = 0;
    for (const std::string& name : names) {
        width = std::max(width, name.size());
    }
    std::vector<std::string> prefixes;
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::string name = names[i];
        name.append(width + 1 - name.size(), ' ');
        prefixes.push_back(color ? std::string(LogColor(i)) + name + " |" + std::string(kLogColorReset) + " "
                                 : name + " | ");
    }
    return prefixes;
}

}  // namespace compose::cli
