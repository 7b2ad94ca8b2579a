#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace engine::daemon {

/// Everything berthd is configured with, after flags and the config file were merged.
struct DaemonOptions {
    std::filesystem::path data_root = "/var/lib/berth";
    std::filesystem::path exec_root = "/run/berth";
    /// -H values; empty means the default socket (kDefaultHost).
    std::vector<std::string> hosts;
    std::filesystem::path pidfile;  ///< "" means <exec-root>/berthd.pid
    std::string log_level = "info";
    std::filesystem::path config_file;  ///< the file that was read, "" when none
    bool tlsverify = false;
    std::filesystem::path tlscacert;
    std::filesystem::path tlscert;
    std::filesystem::path tlskey;
    /// Plain-text TCP is refused unless the address is loopback and this is set.
    bool allow_insecure_loopback_tcp = false;
    /// Group owning the UNIX socket ("" keeps root's; "docker" lets that group's members in).
    std::string group;
    /// "crun" or "runc"; "" picks crun unless this host's cgroups stop it (then runc).
    std::string default_runtime;
    /// The default network's bridge (-b); "none" disables the default network.
    std::string bridge = "berth0";
    /// --bip: the default bridge's address and prefix ("172.17.0.1/16"); "" picks a free subnet.
    std::string bip;
    /// --default-address-pool "base=10.10.0.0/16,size=24" entries; empty means Docker's pools.
    std::vector<std::string> default_address_pools;
    /// MTU of new bridges and veths (0: the kernel's default).
    unsigned mtu = 0;
    /// --dns: resolvers for containers on the default bridge and for the embedded DNS to
    /// forward to; empty means the host's (/etc/resolv.conf without loopback ones).
    std::vector<std::string> dns;
    /// --dns-forward: where the embedded DNS forwards names it does not know ("ip[:port]"),
    /// overriding --dns for that purpose only; "none" turns forwarding off. Tests point it at a
    /// resolver of their own.
    std::vector<std::string> dns_forward;
    /// The nftables table (inet family) with NAT, isolation and published-port rules.
    std::string nft_table = "berth";
    /// Config-file keys Berth does not know; logged as warnings, not fatal, so a Docker
    /// daemon.json with extra settings still starts the daemon.
    std::vector<std::string> unknown_config_keys;
};

inline constexpr const char* kDefaultHost = "unix:///run/berth/berthd.sock";
inline constexpr const char* kDefaultConfigFile = "/etc/berth/daemon.json";

/// Parses berthd's command line and merges the JSON config file (--config-file, else
/// /etc/berth/daemon.json when it exists; keys as Docker's daemon.json: "data-root", "hosts",
/// ...). Flags win over the file. Returns nullopt after printing help or the version.
/// Throws Error(kInvalidArgument) naming the flag, file or key that is wrong.
std::optional<DaemonOptions> ParseDaemonOptions(int argc, char** argv);

}  // namespace engine::daemon
