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
