#include "engine/runtime/monitor/oom_count.hpp"

#include <charconv>
#include <optional>
#include <string_view>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"

namespace engine::runtime {
namespace {

std::optional<std::uint64_t> ReadCounter(const std::filesystem::path& file) {
    std::string content;
    try {
        content = ReadFile(file);
    } catch (const Error&) {
        return std::nullopt;
    }
    // "key value" lines; the key must start a line ("oom_kill_disable 0" comes first in v1).
    constexpr std::string_view kKey = "oom_kill ";
    for (std::size_t line = 0; line < content.size();) {
        const std::size_t next = content.find('\n', line);
        const std::string_view text =
            std::string_view(content).substr(line, next == std::string::npos ? std::string::npos : next - line);
        if (text.substr(0, kKey.size()) == kKey) {
            std::uint64_t value = 0;
            std::from_chars(text.data() + kKey.size(), text.data() + text.size(), value);
            return value;
        }
        line = next == std::string::npos ? content.size() : next + 1;
    }
    return std::nullopt;
}

}  // namespace

std::uint64_t ReadOomKillCount(const std::string& cgroups_path, const std::filesystem::path& cgroup_root) {
    if (cgroups_path.empty() || cgroups_path.find(':') != std::string::npos) {
        return 0;  // systemd "slice:prefix:name" paths are not used by berth
    }
    const std::filesystem::path relative = std::filesystem::path(cgroups_path).relative_path();
    // v1 memory controller first (hybrid hosts), then the unified hierarchy of v2 hosts.
    for (const std::filesystem::path& file : {cgroup_root / "memory" / relative / "memory.oom_control",
                                              cgroup_root / relative / "memory.events",
                                              cgroup_root / "unified" / relative / "memory.events"}) {
        if (const std::optional<std::uint64_t> count = ReadCounter(file)) {
            return *count;
        }
    }
    return 0;
}

}  // namespace engine::runtime
