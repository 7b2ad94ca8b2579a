#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/container_config.hpp"

namespace engine::api {

/// Nanoseconds since the Unix epoch, UTC. 0 stands for Go's zero time.Time ("never"), shown
/// as "0001-01-01T00:00:00Z".
using UnixNanos = std::int64_t;

/// One healthcheck probe.
struct HealthcheckResult final {
    UnixNanos start = 0;
    UnixNanos end = 0;
    std::int64_t exit_code = 0;
    std::string output;
};

/// State.Health, present only when the container has a healthcheck.
struct HealthState final {
    /// "starting", "healthy" or "unhealthy".
    std::string status;
    std::int64_t failing_streak = 0;
    std::vector<HealthcheckResult> log;
};

/// The run state as moby's container.State keeps it: flags, not one enum, because Docker
/// derives both the State word and the Status sentence from the flags.
struct ContainerState final {
    bool running = false;
    bool paused = false;
    bool restarting = false;
    bool oom_killed = false;
    bool dead = false;
    bool removal_in_progress = false;
    std::int64_t pid = 0;
    std::int64_t exit_code = 0;
    std::string error;
    UnixNanos started_at = 0;
    UnixNanos finished_at = 0;
    std::optional<HealthState> health;
};

/// moby's StateString: "running", "paused", "restarting", "removing", "dead", "created" (never
/// started) or "exited". The value of State.Status and of the list's State.
std::string StateString(const ContainerState& state);

/// moby's State.String() at `now`: "Up 5 seconds", "Up 2 minutes (healthy)", "Up 3 seconds
/// (health: starting)", "Up 3 hours (Paused)", "Restarting (1) 2 seconds ago", "Removal In
/// Progress", "Dead", "Created", "Exited (0) 3 minutes ago" (durations by HumanDuration).
std::string StatusString(const ContainerState& state, UnixNanos now);

/// The word the health filter matches: the health status, or "none" without a healthcheck.
std::string HealthString(const ContainerState& state);

/// A mount as inspect and the list show it (moby types.MountPoint).
struct MountPointView final {
    /// "bind", "volume" or "tmpfs".
    std::string type;
    /// Volume name; empty for binds.
    std::string name;
    std::string source;
    std::string destination;
    /// Volume driver ("local"); empty for binds.
    std::string driver;
    std::string mode;
    bool rw = true;
    std::string propagation;
};

/// NetworkSettings: the default-network fields at the top and one entry per network.
struct NetworkSettingsView final {
    std::string bridge;
    std::string sandbox_id;
    bool hairpin_mode = false;
    std::string link_local_ipv6_address;
    std::int64_t link_local_ipv6_prefix_len = 0;
    /// Published and exposed ports; moby shows {} for a container that never ran.
    PortMap ports = std::map<std::string, PortBindingList>{};
    std::string sandbox_key;
    std::string endpoint_id;
    std::string gateway;
    std::string global_ipv6_address;
    std::int64_t global_ipv6_prefix_len = 0;
    std::string ip_address;
    std::int64_t ip_prefix_len = 0;
    std::string ipv6_gateway;
    std::string mac_address;
    std::map<std::string, EndpointSettings> networks;
};

/// Everything GET /containers/{id}/json and GET /containers/json show about one container.
/// The daemon fills it from its records; rendering is pure.
struct ContainerView final {
    std::string id;
    UnixNanos created = 0;
    /// The process: entrypoint/command split into the executable and its arguments.
    std::string path;
    std::vector<std::string> args;
    ContainerState state;
    /// "sha256:..." of the image the container was created from.
    std::string image_id;
    /// The image for the list: the reference as the user gave it while it still names
    /// image_id, else image_id (the daemon decides, as moby's refreshImage).
    std::string image;
    std::string resolv_conf_path;
    std::string hostname_path;
    std::string hosts_path;
    std::string log_path;
    /// With the leading slash: "/web".
    std::string name;
    std::int64_t restart_count = 0;
    std::string driver = "overlay2";
    std::string platform = "linux";
    std::string mount_label;
    std::string process_label;
    std::string app_armor_profile;
    /// Exec instances of the container; shown as null when none.
    std::vector<std::string> exec_ids;
    HostConfig host_config;
    std::string graph_driver_name = "overlay2";
    /// LowerDir, MergedDir, UpperDir, WorkDir.
    std::map<std::string, std::string> graph_driver_data;
    std::vector<MountPointView> mounts;
    ContainerConfig config;
    NetworkSettingsView network_settings;
    /// Set only when sizes were asked for (?size=1).
    std::optional<std::int64_t> size_rw;
    std::optional<std::int64_t> size_root_fs;
};

}  // namespace engine::api
