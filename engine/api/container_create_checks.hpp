#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/api/container_config.hpp"

namespace engine::api {

// The checks moby runs on a create (and, for resources and restart policy, on an update),
// one function per moby check, each throwing Error(kInvalidArgument) with moby's text.

/// validateContainerConfig: WorkingDir absolute ("the working directory 'x' is invalid, it
/// needs to be an absolute path"), StopSignal known ("Invalid signal: FOO"), every Env entry
/// with a name ("invalid environment variable: =x"), then the healthcheck.
void ValidateContainerConfig(const ContainerConfig& config);

/// validateHealthCheck: each duration 0 or at least 1ms ("Interval in Healthcheck cannot be
/// less than 1ms"), Retries not negative ("Retries in Healthcheck cannot be negative").
void ValidateHealthConfig(const HealthConfig& health);

/// ValidateRestartPolicy as moby v25+ words it: "invalid restart policy: unknown policy 'x';
/// use one of 'no', 'always', 'on-failure', or 'unless-stopped'", "invalid restart policy:
/// maximum retry count cannot be negative", "invalid restart policy: maximum retry count can
/// only be used with 'on-failure'".
void ValidateRestartPolicy(const RestartPolicy& policy);

/// verifyPlatformContainerResources' checks: memory ("Minimum memory limit allowed is 6MB",
/// "Minimum memoryswap limit should be larger than memory limit, see usage", ...), swappiness,
/// reservation, CPUs ("Conflicting options: Nano CPUs and CPU Period cannot both be set",
/// "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available"), CFS period and
/// quota, blkio weight. `update` relaxes the swap-without-memory rule as moby does.
void ValidateResources(const Resources& resources, int cpu_count, bool update);

/// A port key of ExposedPorts or PortBindings ("80/tcp"; "80" means tcp), as nat.Port reads it.
struct PortKey final {
    std::uint16_t port = 0;
    std::string proto;
};

/// Parses "80", "80/tcp", "53/udp"; nullopt when the number is not a port.
std::optional<PortKey> ParsePortKey(std::string_view key);

/// verifyNetworkingConfig for API < 1.44: at most one endpoint ("Container cannot be connected
/// to network endpoints: a, b"), none null ("no EndpointSettings for x"), and IPAM addresses
/// of the right family ("invalid IPv4 address: x", "invalid IPv6 address: x").
void ValidateNetworkingConfig(const NetworkingConfig& networking);

/// validatePortBindings: container ports "80", "80/tcp" and host ports "8080" or ranges
/// "8000-8010" ("invalid port specification: \"x\"").
void ValidatePortBindings(const PortMap& ports);

/// opts.ValidateExtraHost: "name:ip" where ip is an address or "host-gateway" ("bad format for
/// add-host: \"x\"", "invalid IP address in add-host: \"x\"").
void ValidateExtraHost(std::string_view entry);

/// The log driver and its options: only "json-file" (the default, also for "") and "none" are
/// supported here; other Docker drivers are refused by name, unknown ones with moby's "logger:
/// no log driver named 'x' is registered". json-file options are checked as moby's json-file
/// logger does when it starts (max-size, max-file, compress), but at create time.
void ValidateLogConfig(const LogConfig& log_config);

/// moby's parseSecurityOpt: "no-new-privileges[=|:true|false]", "seccomp=unconfined|<json>",
/// "apparmor=<profile>", "label=<opt>", "disable". Throws "invalid --security-opt 1: \"x\""
/// for an entry without '=' or ':', "invalid --security-opt 2: \"x\"" for an unknown key or a
/// bad boolean.
SecurityOptions ParseSecurityOpt(const StringList& security_opt);

}  // namespace engine::api
