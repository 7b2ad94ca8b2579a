#include "engine/sys/linux/port_owner.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "engine/base/error.hpp"
#include "engine/sys/linux/kernel_files.hpp"

namespace engine::sys {
namespace {

// The socket state column of /proc/net/tcp: TCP_LISTEN from include/net/tcp_states.h.
constexpr std::string_view kTcpListen = "0A";

// Column positions in /proc/net/{tcp,udp}[6] (the same for all four files).
constexpr std::size_t kLocalAddressColumn = 1;
constexpr std::size_t kStateColumn = 3;
constexpr std::size_t kInodeColumn = 9;

template <typename Number>
std::optional<Number> ParseNumber(std::string_view text, int base) {
    Number value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// Inodes of the sockets in one /proc/net table whose local port is `port`. Only listening
// TCP sockets count: connections accepted from a listener share its port but are not what
// stops another bind. Any bound UDP socket counts. Inode 0 is a socket without a file
// (TIME_WAIT), which no process owns.
void CollectInodes(std::string_view table, std::uint16_t port, bool listening_only, std::set<std::uint64_t>& inodes) {
    bool header = true;
    for (const std::string_view line : detail::SplitFields(table, "\n")) {
        if (std::exchange(header, false)) {
            continue;
        }
        const std::vector<std::string_view> fields = detail::SplitFields(line);
        if (fields.size() <= kInodeColumn || (listening_only && fields[kStateColumn] != kTcpListen)) {
            continue;
        }
        const std::string_view local = fields[kLocalAddressColumn];
        const std::size_t colon = local.rfind(':');
        if (colon == std::string_view::npos || ParseNumber<std::uint16_t>(local.substr(colon + 1), 16) != port) {
            continue;
        }
        const std::optional<std::uint64_t> inode = ParseNumber<std::uint64_t>(fields[kInodeColumn], 10);
        if (inode && *inode != 0) {
            inodes.insert(*inode);
        }
    }
}

// The pids under `proc`, lowest first, so the answer does not depend on directory order.
std::vector<std::uint64_t> ListPids(const std::filesystem::path& proc) {
    std::vector<std::uint64_t> pids;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(proc, ec), end; !ec && it != end; it.increment(ec)) {
        if (const std::optional<std::uint64_t> pid = ParseNumber<std::uint64_t>(it->path().filename().native(), 10)) {
            pids.push_back(*pid);
        }
    }
    std::sort(pids.begin(), pids.end());
    return pids;
}

// True when one of the process's fds is a socket in `inodes`. Processes that exit meanwhile
// or whose fds we may not read are skipped: this is a best-effort hint for a message.
bool OwnsSocket(const std::filesystem::path& process, const std::set<std::uint64_t>& inodes) {
    std::error_code ec;
    for (std::filesystem::directory_iterator it(process / "fd", ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code link_error;
        const std::string target = std::filesystem::read_symlink(it->path(), link_error).native();
        constexpr std::string_view kPrefix = "socket:[";
        if (link_error || !target.starts_with(kPrefix) || !target.ends_with(']')) {
            continue;
        }
        const std::string_view digits =
            std::string_view(target).substr(kPrefix.size(), target.size() - kPrefix.size() - 1);
        const std::optional<std::uint64_t> inode = ParseNumber<std::uint64_t>(digits, 10);
        if (inode && inodes.contains(*inode)) {
            return true;
        }
    }
    return false;
}

std::string DescribeProcess(const std::filesystem::path& proc, std::uint64_t pid) {
    std::optional<std::string> name;
    try {
        name = detail::ReadIfExists(proc / std::to_string(pid), "comm");
    } catch (const Error&) {  // gone or unreadable: the pid alone still helps
    }
    while (name && !name->empty() && name->back() == '\n') {
        name->pop_back();
    }
    const std::string pid_text = "pid " + std::to_string(pid);
    return name && !name->empty() ? *name + ", " + pid_text : pid_text;
}

}  // namespace

std::optional<std::string> DescribePortHolder(std::string_view protocol,
                                              std::uint16_t port,
                                              const std::filesystem::path& proc) {
    if (protocol != "tcp" && protocol != "udp") {
        throw Error(Errc::kInvalidArgument,
                    "describe holder of port " + std::to_string(port) + "/" + std::string(protocol) +
                        ": protocol must be tcp or udp");
    }
    std::set<std::uint64_t> inodes;
    for (const std::string& table : {std::string(protocol), std::string(protocol) + "6"}) {
        if (const std::optional<std::string> text = detail::ReadIfExists(proc / "net", table)) {
            CollectInodes(*text, port, protocol == "tcp", inodes);
        }
    }
    if (inodes.empty()) {
        return std::nullopt;
    }
    for (const std::uint64_t pid : ListPids(proc)) {
        if (OwnsSocket(proc / std::to_string(pid), inodes)) {
            return DescribeProcess(proc, pid);
        }
    }
    return std::nullopt;
}

}  // namespace engine::sys
