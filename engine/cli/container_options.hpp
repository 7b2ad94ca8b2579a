#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "engine/cli/command_context.hpp"

namespace engine::cli {

/// The flags `berth create` and `berth run` share (docker's containerOptions).
struct ContainerOptions {
    bool interactive = false;
    bool tty = false;
    bool auto_remove = false;
    bool read_only = false;
    bool privileged = false;
    bool no_healthcheck = false;
    bool quiet = false;
    std::optional<bool> init;
    std::string name;
    std::string workdir;
    std::string user;
    std::optional<std::string> entrypoint;
    std::string hostname;
    std::string network;
    std::string platform;
    std::string pull = "missing";
    std::string restart;
    std::string memory;
    std::string memory_swap;
    std::string memory_reservation;
    std::string shm_size;
    std::string cpus;
    std::int64_t cpu_shares = 0;
    std::string cpuset_cpus;
    std::optional<std::int64_t> pids_limit;
    std::string log_driver;
    std::string stop_signal;
    std::optional<int> stop_timeout;
    std::string health_cmd;
    std::string health_interval;
    std::string health_timeout;
    std::string health_start_period;
    std::string health_start_interval;
    int health_retries = 0;
    std::vector<std::string> attach;
    std::vector<std::string> env;
    std::vector<std::string> env_files;
    std::vector<std::string> labels;
    std::vector<std::string> label_files;
    std::vector<std::string> volumes;
    std::vector<std::string> mounts;
    std::vector<std::string> tmpfs;
    std::vector<std::string> cap_add;
    std::vector<std::string> cap_drop;
    std::vector<std::string> security_opt;
    std::vector<std::string> sysctls;
    std::vector<std::string> ulimits;
    std::vector<std::string> log_opts;
    std::vector<std::string> publish;
    std::vector<std::string> expose;
    bool publish_all = false;
    std::vector<std::string> network_aliases;
    std::string ipv4_address;
    std::string ipv6_address;
    std::vector<std::string> link_local_ips;
    std::vector<std::string> links;
    std::vector<std::string> dns;
    std::vector<std::string> dns_search;
    std::vector<std::string> dns_options;
    std::vector<std::string> add_hosts;
    std::string mac_address;
    /// "run" or "create": the verb docker's error hints name ("Run 'berth run --help' ...").
    std::string command_name;
};

/// Registers the shared flags on `command` (run or create); the image and command are left in
/// command->remaining() (the command is a prefix command).
void AddContainerOptions(CLI::App& command, ContainerOptions& options);

/// The POST /containers/create body for `options`, `image` and `args` (the command), as the
/// docker CLI builds it (Config fields, HostConfig, NetworkingConfig). `get_env` resolves
/// "-e NAME" without a value. Throws ExitError(125, "invalid argument ...") for a bad value.
nlohmann::json BuildCreateBody(const ContainerOptions& options,
                               const std::string& image,
                               const std::vector<std::string>& args,
                               const client::GetEnv& get_env);

/// HostConfig.Mounts for --mount values ("type=bind,source=/a,target=/b,readonly"): null when
/// there are none. Throws ExitError(125) for an unknown key or a missing target.
nlohmann::json MountsFromFlags(const std::vector<std::string>& specs);

/// Registers the network flags of run and create: --network-alias, --ip, --ip6,
/// --link-local-ip, --link, --dns, --dns-search, --dns-option, --add-host, --mac-address and
/// -P/--publish-all (--network, -p and --expose are with the others).
void AddNetworkFlags(CLI::App& command, ContainerOptions& options);

/// Puts the network flags into the create body as the docker CLI does: Config.MacAddress (the
/// API 1.41 place), HostConfig Dns/DnsSearch/DnsOptions ([] when none), ExtraHosts and Links
/// (null when none), PublishAllPorts, and NetworkingConfig.EndpointsConfig: an entry for
/// "default" when no --network was given, else one for the network only when --network-alias,
/// --ip, --ip6, --link-local-ip or (on a user-defined network) --link add something to it.
/// Throws ExitError: 125 with docker's flag texts for --add-host and --link, and RunError's
/// "network-scoped aliases are only supported for user-defined networks" and "x is not a
/// valid mac address".
void AddNetworkFields(const ContainerOptions& options, nlohmann::json& body);

/// docker's opts.ValidateExtraHost: "name:ip" or "name=ip" (the address may be in brackets,
/// or "host-gateway"), returned as "name:ip" for the API. Throws ExitError(125, "invalid
/// argument \"x\" for \"--add-host\" flag: bad format for add-host: \"x\"") or "... invalid IP
/// address in add-host: \"y\"".
std::string NormalizeExtraHost(const std::string& value);

/// docker's opts.ValidateLink for a --link value ("name" or "name:alias"). Throws
/// ExitError(125, "invalid argument \"a:b:c\" for \"--link\" flag: bad format for links: a:b:c").
void ValidateLinkFlag(const std::string& value);

/// True for the networks docker calls user-defined: not default, bridge, host, none or
/// container:<id>.
bool IsUserDefinedNetwork(const std::string& network);

/// Fills ExposedPorts ({"80/tcp": {}}) and HostConfig.PortBindings ({"80/tcp": [{"HostIp",
/// "HostPort"}]}) from -p ("[ip:][hostPort:]containerPort[/proto]", ranges "8080-8081:80-81")
/// and --expose. Throws ExitError(125) for a bad value.
void AddPorts(const ContainerOptions& options, nlohmann::json& exposed, nlohmann::json& bindings);

}  // namespace engine::cli
