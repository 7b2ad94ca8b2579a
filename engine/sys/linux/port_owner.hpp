#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace engine::sys {

/// Who holds a local port, for "address already in use" messages: "nginx, pid 1234" for the
/// process owning a listening TCP socket (protocol "tcp") or a bound UDP socket ("udp") on
/// `port`, on any local address, IPv4 or IPv6. Reads `proc`/net/{tcp,tcp6} or {udp,udp6} for
/// the socket inodes, then the `proc`/<pid>/fd links ("socket:[inode]") for their owner; when
/// several processes share the socket (a forked server) the lowest pid is named.
/// nullopt when nobody visible holds it: a socket in another network namespace (procfs shows
/// the caller's), or a process whose fds this user may not read. `proc` is the procfs mount,
/// replaceable in tests. Throws Error(kInvalidArgument) for another protocol.
std::optional<std::string> DescribePortHolder(std::string_view protocol,
                                              std::uint16_t port,
                                              const std::filesystem::path& proc = "/proc");

}  // namespace engine::sys
