#include "engine/api/container_create_checks.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <tuple>

#include <arpa/inet.h>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

constexpr std::int64_t kMinMemory = 6 * 1024 * 1024;
constexpr std::int64_t kMinimumDuration = 1'000'000;  // 1ms, moby's containertypes.MinimumDuration

// moby's signal.SignalMap for Linux, without the "SIG" prefix.
constexpr std::array<std::string_view, 34> kSignalNames = {
    "ABRT", "ALRM", "BUS",  "CHLD", "CLD",  "CONT", "FPE",    "HUP",    "ILL",  "INT",  "IO",   "IOT",
    "KILL", "PIPE", "POLL", "PROF", "PWR",  "QUIT", "SEGV",   "STKFLT", "STOP", "SYS",  "TERM", "TRAP",
    "TSTP", "TTIN", "TTOU", "URG",  "USR1", "USR2", "VTALRM", "WINCH",  "XCPU", "XFSZ",
};

Error Invalid(std::string message) {
    return Error(Errc::kInvalidArgument, std::move(message));
}

std::optional<std::int64_t> ParseDecimal(std::string_view text) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data() + (text.starts_with('+') ? 1 : 0), end, value);
    if (text.empty() || ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return value;
}

// "RTMIN", "RTMIN+n" (n 1..15), "RTMAX-n" (n 1..14), "RTMAX".
bool IsRealtimeSignal(std::string_view name) {
    for (const auto& [base, sign, max] : {std::tuple{"RTMIN", '+', 15}, std::tuple{"RTMAX", '-', 14}}) {
        if (!name.starts_with(base)) {
            continue;
        }
        const std::string_view rest = name.substr(5);
        if (rest.empty()) {
            return true;
        }
        const std::optional<std::int64_t> n = rest.front() == sign ? ParseDecimal(rest.substr(1)) : std::nullopt;
        return n && rest.size() > 1 && std::isdigit(static_cast<unsigned char>(rest[1])) && *n >= 1 && *n <= max;
    }
    return false;
}

// moby's signal.ParseSignal: a non-zero number, or a name with or without "SIG".
bool IsValidSignal(std::string_view raw) {
    if (const std::optional<std::int64_t> number = ParseDecimal(raw)) {
        return *number != 0;
    }
    std::string name(raw);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
    const std::string_view bare = std::string_view(name).substr(name.starts_with("SIG") ? 3 : 0);
    return std::find(kSignalNames.begin(), kSignalNames.end(), bare) != kSignalNames.end() || IsRealtimeSignal(bare);
}

// nat.ParsePortRange for a host port: "", "8080" or "8000-8010" within uint16.
bool ValidHostPort(std::string_view port) {
    if (port.empty()) {
        return true;
    }
    const std::size_t dash = port.find('-');
    const std::optional<std::int64_t> start = ParseDecimal(port.substr(0, dash));
    const std::optional<std::int64_t> end =
        dash == std::string_view::npos ? start : ParseDecimal(port.substr(dash + 1));
    return start && end && *start >= 0 && *end <= 65535 && *end >= *start && !port.starts_with('+');
}

// nat.SplitProtoPort's port part.
std::string_view PortPart(std::string_view raw) {
    const std::size_t slash = raw.find('/');
    return slash == std::string_view::npos ? raw : raw.substr(0, slash);
}

// The memory half of verifyPlatformContainerResources.
void ValidateMemory(const Resources& r, bool update) {
    if (r.memory != 0 && r.memory < kMinMemory) {
        throw Invalid("Minimum memory limit allowed is 6MB");
    }
    if (r.memory > 0 && r.memory_swap > 0 && r.memory_swap < r.memory) {
        throw Invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    if (r.memory == 0 && r.memory_swap > 0 && !update) {
        throw Invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
    }
    // -1 is "not set" (the docker CLI always sends it), as moby's verifyPlatformContainerResources.
    if (r.memory_swappiness && *r.memory_swappiness != -1 && (*r.memory_swappiness < 0 || *r.memory_swappiness > 100)) {
        throw Invalid("Invalid value: " + std::to_string(*r.memory_swappiness) +
                      ", valid memory swappiness range is 0-100");
    }
    if (r.memory_reservation > 0 && r.memory_reservation < kMinMemory) {
        throw Invalid("Minimum memory reservation allowed is 6MB");
    }
    if (r.memory > 0 && r.memory_reservation > 0 && r.memory < r.memory_reservation) {
        throw Invalid("Minimum memory limit can not be less than memory reservation limit, see usage");
    }
}

// The CPU and block IO half of verifyPlatformContainerResources.
void ValidateCpu(const Resources& r, int cpu_count) {
    if (r.nano_cpus > 0 && r.cpu_period > 0) {
        throw Invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
    }
    if (r.nano_cpus > 0 && r.cpu_quota > 0) {
        throw Invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    }
    if (r.nano_cpus < 0 || r.nano_cpus > static_cast<std::int64_t>(cpu_count) * 1'000'000'000) {
        const std::string count = std::to_string(cpu_count);
        throw Invalid("Range of CPUs is from 0.01 to " + count + ".00, as there are only " + count + " CPUs available");
    }
    if (r.cpu_period != 0 && (r.cpu_period < 1000 || r.cpu_period > 1'000'000)) {
        throw Invalid("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
    }
    if (r.cpu_quota > 0 && r.cpu_quota < 1000) {
        throw Invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
    }
    if (r.blkio_weight > 0 && (r.blkio_weight < 10 || r.blkio_weight > 1000)) {
        throw Invalid("Range of blkio weight is from 10 to 1000");
    }
}

}  // namespace

void ValidateHealthConfig(const HealthConfig& health) {
    const auto check = [](std::int64_t value, std::string_view name) {
        if (value != 0 && value < kMinimumDuration) {
            throw Invalid(std::string(name) + " in Healthcheck cannot be less than 1ms");
        }
    };
    check(health.interval, "Interval");
    check(health.timeout, "Timeout");
    if (health.retries < 0) {
        throw Invalid("Retries in Healthcheck cannot be negative");
    }
    check(health.start_period, "StartPeriod");
    check(health.start_interval, "StartInterval");
}

void ValidateContainerConfig(const ContainerConfig& config) {
    if (!config.working_dir.empty() && config.working_dir.front() != '/') {
        throw Invalid("the working directory '" + config.working_dir + "' is invalid, it needs to be an absolute path");
    }
    if (!config.stop_signal.empty() && !IsValidSignal(config.stop_signal)) {
        throw Invalid("Invalid signal: " + config.stop_signal);
    }
    for (const std::string& entry : config.env.value_or(std::vector<std::string>{})) {
        if (entry.empty() || entry.front() == '=') {
            throw Invalid("invalid environment variable: " + entry);
        }
    }
    if (config.healthcheck) {
        ValidateHealthConfig(*config.healthcheck);
    }
}

void ValidateRestartPolicy(const RestartPolicy& policy) {
    const std::string& name = policy.name;
    if (name == "always" || name == "unless-stopped" || name == "no") {
        if (policy.maximum_retry_count != 0) {
            throw Invalid(
                std::string("invalid restart policy: maximum retry count can only be used with 'on-failure'") +
                (policy.maximum_retry_count < 0 ? " and cannot be negative" : ""));
        }
    } else if (name == "on-failure") {
        if (policy.maximum_retry_count < 0) {
            throw Invalid("invalid restart policy: maximum retry count cannot be negative");
        }
    } else if (!name.empty()) {
        throw Invalid("invalid restart policy: unknown policy '" + name +
                      "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
    }
}

void ValidateResources(const Resources& r, int cpu_count, bool update) {
    ValidateMemory(r, update);
    ValidateCpu(r, cpu_count);
}

std::optional<PortKey> ParsePortKey(std::string_view key) {
    const std::size_t slash = key.find('/');
    const std::string_view number = key.substr(0, slash);
    const std::optional<std::int64_t> value = ParseDecimal(number);
    if (!value || *value < 0 || *value > 65535 || number.starts_with('+')) {
        return std::nullopt;
    }
    const std::string_view proto = slash == std::string_view::npos ? "" : key.substr(slash + 1);
    return PortKey{static_cast<std::uint16_t>(*value), proto.empty() ? "tcp" : std::string(proto)};
}

void ValidatePortBindings(const PortMap& ports) {
    for (const auto& [port, bindings] : ports.value_or(std::map<std::string, PortBindingList>{})) {
        const std::string_view number = PortPart(port);
        if (!number.empty() && !ParsePortKey(number)) {
            throw Invalid("invalid port specification: \"" + std::string(number) + "\"");
        }
        for (const PortBinding& binding : bindings.value_or(std::vector<PortBinding>{})) {
            if (!ValidHostPort(PortPart(binding.host_port))) {
                throw Invalid("invalid port specification: \"" + binding.host_port + "\"");
            }
        }
    }
}

void ValidateNetworkingConfig(const NetworkingConfig& networking) {
    const EndpointsConfig& endpoints = networking.endpoints_config;
    if (endpoints.size() > 1) {
        std::string names;
        for (const auto& [name, endpoint] : endpoints) {
            names += (names.empty() ? "" : ", ") + name;
        }
        throw Invalid("Container cannot be connected to network endpoints: " + names);
    }
    for (const auto& [name, endpoint] : endpoints) {
        if (!endpoint) {
            throw Invalid("no EndpointSettings for " + name);
        }
        if (!endpoint->ipam_config) {
            continue;
        }
        std::array<unsigned char, 16> buffer{};
        const std::string& ipv4 = endpoint->ipam_config->ipv4_address;
        if (!ipv4.empty() && inet_pton(AF_INET, ipv4.c_str(), buffer.data()) != 1) {
            throw Invalid("invalid IPv4 address: " + ipv4);
        }
        // An IPv4 address (even IPv4-mapped) is not a valid IPv6 one here, as in Go's To4 check.
        const std::string& ipv6 = endpoint->ipam_config->ipv6_address;
        if (!ipv6.empty() &&
            (inet_pton(AF_INET6, ipv6.c_str(), buffer.data()) != 1 || ipv6.find('.') != std::string::npos)) {
            throw Invalid("invalid IPv6 address: " + ipv6);
        }
    }
}

void ValidateExtraHost(std::string_view entry) {
    const std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        throw Invalid("bad format for add-host: \"" + std::string(entry) + "\"");
    }
    const std::string address(entry.substr(colon + 1));
    if (address == "host-gateway") {
        return;
    }
    std::array<unsigned char, 16> buffer{};
    if (inet_pton(AF_INET, address.c_str(), buffer.data()) != 1 &&
        inet_pton(AF_INET6, address.c_str(), buffer.data()) != 1) {
        throw Invalid("invalid IP address in add-host: \"" + address + "\"");
    }
}

}  // namespace engine::api
