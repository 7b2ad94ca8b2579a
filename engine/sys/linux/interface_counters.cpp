#include "engine/sys/linux/interface_counters.hpp"

#include <filesystem>
#include <string>

#include "engine/sys/linux/kernel_files.hpp"

namespace engine::sys {

std::optional<InterfaceCounters> ReadInterfaceCounters(std::string_view name) {
    // A name with a slash or a dot path would leave /sys/class/net.
    if (name.empty() || name.find('/') != std::string_view::npos || name == "." || name == "..") {
        return std::nullopt;
    }
    const std::filesystem::path directory = std::filesystem::path("/sys/class/net") / std::string(name) / "statistics";
    if (!std::filesystem::is_directory(directory)) {
        return std::nullopt;
    }
    InterfaceCounters counters;
    counters.rx_bytes = detail::ReadCounter(directory, "rx_bytes");
    counters.rx_packets = detail::ReadCounter(directory, "rx_packets");
    counters.rx_errors = detail::ReadCounter(directory, "rx_errors");
    counters.rx_dropped = detail::ReadCounter(directory, "rx_dropped");
    counters.tx_bytes = detail::ReadCounter(directory, "tx_bytes");
    counters.tx_packets = detail::ReadCounter(directory, "tx_packets");
    counters.tx_errors = detail::ReadCounter(directory, "tx_errors");
    counters.tx_dropped = detail::ReadCounter(directory, "tx_dropped");
    return counters;
}

InterfaceCounters PeerCounters(const InterfaceCounters& counters) {
    return {.rx_bytes = counters.tx_bytes,
            .rx_packets = counters.tx_packets,
            .rx_errors = counters.tx_errors,
            .rx_dropped = counters.tx_dropped,
            .tx_bytes = counters.rx_bytes,
            .tx_packets = counters.rx_packets,
            .tx_errors = counters.rx_errors,
            .tx_dropped = counters.rx_dropped};
}

}  // namespace engine::sys
