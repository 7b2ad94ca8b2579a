#pragma once

// Leaves nothing behind after tests that ran real containers under a temporary daemon root:
// containers (and their shims, which outlive berthd by design) are killed through the state
// the shims keep in the exec root, and every mount under the root is detached, so the
// temporary directory can be removed.

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/mount.h>
#include <sys/types.h>

#include "tests/support/subprocess.hpp"

namespace engine::testing {

namespace cleanup_detail {

inline std::string ReadText(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Field 22 of /proc/<pid>/stat (start time in ticks); nullopt when the process is gone.
inline std::optional<unsigned long long> StartTime(pid_t pid) {
    const std::string stat = ReadText("/proc/" + std::to_string(pid) + "/stat");
    const std::size_t paren = stat.rfind(')');
    if (paren == std::string::npos) {
        return std::nullopt;
    }
    std::istringstream fields(stat.substr(paren + 2));
    std::string field;
    // After "pid (comm) " the state is field 3, so the start time is the 20th from here.
    for (int i = 3; i <= 22 && fields >> field; ++i) {
        if (i == 22) {
            return std::stoull(field);
        }
    }
    return std::nullopt;
}

/// Kills the process a shim.pid / init.pid file names ({"pid":N,"start_time":T}) when it is
/// still that process (a reused pid is left alone).
inline void KillRecordedProcess(const std::filesystem::path& file) {
    try {
        const nlohmann::json record = nlohmann::json::parse(ReadText(file));
        const pid_t pid = record.at("pid").get<pid_t>();
        const auto start = record.at("start_time").get<unsigned long long>();
        if (pid > 1 && StartTime(pid) == start) {
            ::kill(pid, SIGKILL);
        }
    } catch (const std::exception&) {
        // Not written yet or already gone: nothing to kill.
    }
}

}  // namespace cleanup_detail

/// Kills every container and shim recorded under `exec_root`: for each shim.json the runtime
/// deletes its container by force (which kills it), then the processes in shim.pid and
/// init.pid files are killed if they still run. Never throws.
inline void KillContainersUnder(const std::filesystem::path& exec_root) {
    namespace fs = std::filesystem;
    std::error_code error;
    std::vector<fs::path> shim_files;
    std::vector<fs::path> pid_files;
    for (fs::recursive_directory_iterator it(exec_root, error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (name == "shim.json") {
            shim_files.push_back(it->path());
        } else if (name == "shim.pid" || name == "init.pid") {
            pid_files.push_back(it->path());
        }
    }
    for (const fs::path& file : shim_files) {
        try {
            const nlohmann::json shim = nlohmann::json::parse(cleanup_detail::ReadText(file));
            if (shim.value("exec", false)) {
                continue;  // an exec dies with its container
            }
            const std::string runtime = shim.at("runtime_binary").get<std::string>();
            const std::string root = shim.at("runtime_root").get<std::string>();
            const std::string id = shim.at("container_id").get<std::string>();
            RunCommand({runtime, "--root", root, "delete", "--force", id}, {}, "", std::chrono::seconds(20));
        } catch (const std::exception&) {
            // A half-written record: the pid files below still get its processes.
        }
    }
    for (const fs::path& file : pid_files) {
        cleanup_detail::KillRecordedProcess(file);
    }
}

/// Detaches every mount at or below `root` (deepest first). Never throws.
inline void UnmountUnder(const std::filesystem::path& root) {
    const std::string prefix = root.string();
    std::vector<std::string> mounts;
    std::istringstream lines(cleanup_detail::ReadText("/proc/self/mountinfo"));
    for (std::string line; std::getline(lines, line);) {
        std::istringstream fields(line);
        std::string id, parent, device, source, mount_point;
        fields >> id >> parent >> device >> source >> mount_point;
        if (mount_point == prefix || mount_point.starts_with(prefix + "/")) {
            mounts.push_back(mount_point);
        }
    }
    std::sort(
        mounts.begin(), mounts.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const std::string& mount_point : mounts) {
        ::umount2(mount_point.c_str(), MNT_DETACH);
    }
}

}  // namespace engine::testing
