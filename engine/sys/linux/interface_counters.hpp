#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace engine::sys {

/// Traffic counters of one network interface, as the kernel keeps them.
struct InterfaceCounters {
    std::uint64_t rx_bytes = 0;
    std::uint64_t rx_packets = 0;
    std::uint64_t rx_errors = 0;
    std::uint64_t rx_dropped = 0;
    std::uint64_t tx_bytes = 0;
    std::uint64_t tx_packets = 0;
    std::uint64_t tx_errors = 0;
    std::uint64_t tx_dropped = 0;

    friend bool operator==(const InterfaceCounters&, const InterfaceCounters&) = default;
};

/// The counters of interface `name` in the caller's network namespace
/// (/sys/class/net/<name>/statistics); nullopt when there is no such interface.
std::optional<InterfaceCounters> ReadInterfaceCounters(std::string_view name);

/// What the other end of a veth pair counts: one end's transmit is the other's receive. Lets
/// the daemon report a container's traffic from the host end without entering its namespace.
InterfaceCounters PeerCounters(const InterfaceCounters& counters);

}  // namespace engine::sys
