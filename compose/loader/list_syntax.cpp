#include "compose/loader/list_syntax.hpp"

namespace compose::loader {

std::vector<std::string> SplitList(std::string_view text, std::string_view separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        std::string_view part =
            text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!part.empty()) {
            parts.emplace_back(part);
        }
        if (end == std::string_view::npos || separator.empty()) {
            return parts;
        }
        start = end + separator.size();
    }
}

}  // namespace compose::loader
