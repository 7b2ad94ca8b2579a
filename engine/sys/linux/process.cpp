#include "engine/sys/linux/process.hpp"

#include <charconv>
#include <string>
#include <string_view>

#include <sys/syscall.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/sys/linux/kernel_files.hpp"

namespace engine::sys {

UniqueFd PidfdOpen(pid_t pid) {
    // The raw syscall: glibc 2.36's <sys/pidfd.h> declares pidfd_open without extern "C",
    // so C++ code cannot link against it.
    const int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (fd == -1) {
        const int saved_errno = errno;
        // ESRCH is "no such process": a caller asking about a container that is gone.
        if (saved_errno == ESRCH) {
            throw Error(Errc::kNotFound, "pidfd_open " + std::to_string(pid) + ": no such process");
        }
        ThrowErrno("pidfd_open " + std::to_string(pid), saved_errno);
    }
    return UniqueFd(fd);
}

std::optional<std::uint64_t> ProcessStartTime(pid_t pid, const std::filesystem::path& proc) {
    const std::optional<std::string> stat = detail::ReadIfExists(proc / std::to_string(pid), "stat");
    if (!stat) {
        return std::nullopt;
    }
    // The command name (field 2) is in parentheses and may hold spaces and ')': the fields
    // after it start behind the last ')'. Field 3 is then the first one, so 22 is the 20th.
    const std::size_t name_end = stat->rfind(')');
    if (name_end == std::string::npos) {
        throw Error(Errc::kInternal, (proc / std::to_string(pid) / "stat").string() + ": no command name");
    }
    const std::vector<std::string_view> fields = detail::SplitFields(std::string_view(*stat).substr(name_end + 1));
    constexpr std::size_t kStartTimeIndex = 22 - 3;
    std::uint64_t start_time = 0;
    if (fields.size() <= kStartTimeIndex ||
        std::from_chars(
            fields[kStartTimeIndex].data(), fields[kStartTimeIndex].data() + fields[kStartTimeIndex].size(), start_time)
                .ec != std::errc()) {
        throw Error(Errc::kInternal, (proc / std::to_string(pid) / "stat").string() + ": no start time field");
    }
    return start_time;
}

bool ProcessExists(pid_t pid, std::uint64_t start_time, const std::filesystem::path& proc) {
    const std::optional<std::uint64_t> actual = ProcessStartTime(pid, proc);
    return actual && *actual == start_time;
}

}  // namespace engine::sys
