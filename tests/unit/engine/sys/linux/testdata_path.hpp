#pragma once

#include <filesystem>
#include <string_view>

namespace engine::sys::testing {

/// The fixture folder tests/unit/engine/sys/linux/testdata/<name> of the source tree.
inline std::filesystem::path Testdata(std::string_view name) {
    return std::filesystem::path(BERTH_SOURCE_DIR) / "tests/unit/engine/sys/linux/testdata" / name;
}

}  // namespace engine::sys::testing
