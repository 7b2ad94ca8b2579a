#include "engine/daemon/container/init_layer.hpp"

#include <array>
#include <fstream>
#include <string_view>

namespace engine::daemon {

void PrepareInitLayer(const std::filesystem::path& init_dir) {
    namespace fs = std::filesystem;
    if (fs::exists(init_dir)) {
        return;
    }
    const fs::path staged = init_dir.string() + ".partial";
    fs::remove_all(staged);
    constexpr std::array<std::string_view, 4> kDirectories{"dev/pts", "dev/shm", "proc", "sys"};
    constexpr std::array<std::string_view, 5> kFiles{
        "dev/console", "etc/hosts", "etc/hostname", "etc/resolv.conf", ".dockerenv"};
    for (const std::string_view dir : kDirectories) {
        fs::create_directories(staged / dir);
    }
    for (const std::string_view file : kFiles) {
        fs::create_directories((staged / file).parent_path());
        std::ofstream(staged / file).close();
    }
    fs::create_symlink("/proc/mounts", staged / "etc/mtab");
    fs::rename(staged, init_dir);
}

}  // namespace engine::daemon
