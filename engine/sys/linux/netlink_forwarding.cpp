#include <filesystem>
#include <optional>

#include <fcntl.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/sys/linux/kernel_files.hpp"
#include "engine/sys/linux/netlink.hpp"
#include "engine/sys/linux/unique_fd.hpp"

// Forwarding is a sysctl rather than a netlink request, but it belongs with the rest of the
// namespace's routing set-up. /proc/sys/net shows the namespace of the thread that opens it,
// so this follows the same rule as the netlink calls.
namespace engine::sys {
namespace {

void EnableSysctl(const std::filesystem::path& file, std::string_view missing_hint) {
    const std::string what = "enable forwarding: " + file.string();
    const std::optional<std::string> value = detail::ReadIfExists(file.parent_path(), file.filename().string());
    if (!value) {
        throw Error(Errc::kUnavailable, what + " does not exist; " + std::string(missing_hint));
    }
    if (detail::SplitFields(*value) == std::vector<std::string_view>{"1"}) {
        return;
    }
    const UniqueFd fd(CheckSyscall(::open(file.c_str(), O_WRONLY | O_CLOEXEC), what + ": open"));
    CheckSyscall(::write(fd.get(), "1\n", 2), what + ": write");
}

}  // namespace

void EnableIpForwarding(bool ipv6) {
    EnableSysctl("/proc/sys/net/ipv4/ip_forward", "is /proc mounted?");
    if (ipv6) {
        EnableSysctl("/proc/sys/net/ipv6/conf/all/forwarding",
                     "IPv6 is disabled in this kernel (ipv6.disable=1); enable it or drop IPv6 from the network");
    }
}

}  // namespace engine::sys
