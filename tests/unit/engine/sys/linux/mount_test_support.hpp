#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

#include "engine/sys/linux/mount.hpp"

namespace engine::sys::testing {

/// Unmounts everything under a directory when the test ends, also when an assertion fails.
/// Declare it after the TempDir it guards, so it runs before the directory is removed.
class MountGuard final {
  public:
    explicit MountGuard(std::filesystem::path path) : path_(std::move(path)) {}
    MountGuard(const MountGuard&) = delete;
    MountGuard& operator=(const MountGuard&) = delete;
    ~MountGuard() {
        try {
            UnmountAllUnder(path_);
        } catch (...) {  // a destructor must not throw; a leftover mount shows in the next run
        }
    }

  private:
    std::filesystem::path path_;
};

inline void WriteText(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

inline std::string ReadText(const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace engine::sys::testing

#define BERTH_SKIP_UNLESS_ROOT()                   \
    do {                                           \
        if (::geteuid() != 0) {                    \
            GTEST_SKIP() << "needs root to mount"; \
        }                                          \
    } while (false)
