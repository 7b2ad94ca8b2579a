#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace engine::api {

// The typed form of Docker's container objects (moby api/types/container, v1.41 field set).
// Go's nil slices and maps are kept apart from empty ones (std::nullopt vs empty), because
// moby marshals them back as null and [] / {} respectively and clients see the difference.

/// Go []string: nullopt is nil (null in JSON).
using StringList = std::optional<std::vector<std::string>>;
/// Go map[string]string: nullopt is nil.
using StringMap = std::optional<std::map<std::string, std::string>>;
/// Go map[string]struct{} (ExposedPorts, Volumes): nullopt is nil.
using StringSet = std::optional<std::set<std::string>>;

/// Config.Healthcheck. Durations are nanoseconds as Go's time.Duration; 0 means "inherit".
struct HealthConfig final {
    StringList test;
    std::int64_t interval = 0;
    std::int64_t timeout = 0;
    std::int64_t start_period = 0;
    /// Newer than 1.41 (API 1.44) but accepted when a client sends it.
    std::int64_t start_interval = 0;
    std::int64_t retries = 0;
};

/// Config: what the container runs (moby container.Config).
struct ContainerConfig final {
    std::string hostname;
    std::string domainname;
    std::string user;
    bool attach_stdin = false;
    bool attach_stdout = false;
    bool attach_stderr = false;
    StringSet exposed_ports;
    bool tty = false;
    bool open_stdin = false;
    bool stdin_once = false;
    StringList env;
    StringList cmd;
    std::optional<HealthConfig> healthcheck;
    bool args_escaped = false;
    std::string image;
    StringSet volumes;
    std::string working_dir;
    StringList entrypoint;
    bool network_disabled = false;
    std::string mac_address;
    StringList on_build;
    StringMap labels;
    std::string stop_signal;
    std::optional<std::int64_t> stop_timeout;
    StringList shell;
};

/// One host binding of a container port.
struct PortBinding final {
    std::string host_ip;
    std::string host_port;
};

/// Go []PortBinding inside a nat.PortMap: nullopt is nil.
using PortBindingList = std::optional<std::vector<PortBinding>>;
/// nat.PortMap: "80/tcp" → bindings; nullopt is nil.
using PortMap = std::optional<std::map<std::string, PortBindingList>>;

struct RestartPolicy final {
    /// "", "no", "always", "unless-stopped" or "on-failure".
    std::string name;
    std::int64_t maximum_retry_count = 0;
};

struct LogConfig final {
    std::string type;
    StringMap config;
};

struct MountDriver final {
    std::string name;
    StringMap options;
};

struct BindOptions final {
    std::string propagation;
    bool non_recursive = false;
};

struct VolumeOptions final {
    bool no_copy = false;
    StringMap labels;
    std::optional<MountDriver> driver_config;
};

struct TmpfsOptions final {
    std::int64_t size_bytes = 0;
    /// os.FileMode bits.
    std::uint32_t mode = 0;
};

/// HostConfig.Mounts entry (moby mount.Mount).
struct Mount final {
    /// "bind", "volume" or "tmpfs".
    std::string type;
    std::string source;
    std::string target;
    bool read_only = false;
    std::string consistency;
    std::optional<BindOptions> bind_options;
    std::optional<VolumeOptions> volume_options;
    std::optional<TmpfsOptions> tmpfs_options;
};

struct DeviceMapping final {
    std::string path_on_host;
    std::string path_in_container;
    std::string cgroup_permissions;
};

struct Ulimit final {
    std::string name;
    std::int64_t hard = 0;
    std::int64_t soft = 0;
};

struct WeightDevice final {
    std::string path;
    std::uint16_t weight = 0;
};

struct ThrottleDevice final {
    std::string path;
    std::uint64_t rate = 0;
};

struct DeviceRequest final {
    std::string driver;
    std::int64_t count = 0;
    StringList device_ids;
    std::optional<std::vector<std::vector<std::string>>> capabilities;
    StringMap options;
};

/// HostConfig's embedded Resources (cgroup limits).
struct Resources final {
    std::int64_t cpu_shares = 0;
    std::int64_t memory = 0;
    std::int64_t nano_cpus = 0;
    std::string cgroup_parent;
    std::uint16_t blkio_weight = 0;
    std::optional<std::vector<WeightDevice>> blkio_weight_device;
    std::optional<std::vector<ThrottleDevice>> blkio_device_read_bps;
    std::optional<std::vector<ThrottleDevice>> blkio_device_write_bps;
    std::optional<std::vector<ThrottleDevice>> blkio_device_read_iops;
    std::optional<std::vector<ThrottleDevice>> blkio_device_write_iops;
    std::int64_t cpu_period = 0;
    std::int64_t cpu_quota = 0;
    std::int64_t cpu_realtime_period = 0;
    std::int64_t cpu_realtime_runtime = 0;
    std::string cpuset_cpus;
    std::string cpuset_mems;
    std::optional<std::vector<DeviceMapping>> devices;
    StringList device_cgroup_rules;
    std::optional<std::vector<DeviceRequest>> device_requests;
    std::int64_t kernel_memory = 0;
    std::int64_t kernel_memory_tcp = 0;
    std::int64_t memory_reservation = 0;
    std::int64_t memory_swap = 0;
    std::optional<std::int64_t> memory_swappiness;
    std::optional<bool> oom_kill_disable;
    std::optional<std::int64_t> pids_limit;
    std::optional<std::vector<Ulimit>> ulimits;
    std::int64_t cpu_count = 0;
    std::int64_t cpu_percent = 0;
    std::uint64_t io_maximum_iops = 0;
    std::uint64_t io_maximum_bandwidth = 0;
};

/// HostConfig: how the container is wired to the host (moby container.HostConfig).
struct HostConfig final {
    StringList binds;
    std::string container_id_file;
    LogConfig log_config;
    std::string network_mode;
    PortMap port_bindings;
    RestartPolicy restart_policy;
    bool auto_remove = false;
    std::string volume_driver;
    StringList volumes_from;
    StringList cap_add;
    StringList cap_drop;
    std::string cgroupns_mode;
    StringList dns;
    StringList dns_options;
    StringList dns_search;
    StringList extra_hosts;
    StringList group_add;
    std::string ipc_mode;
    std::string cgroup;
    StringList links;
    std::int64_t oom_score_adj = 0;
    std::string pid_mode;
    bool privileged = false;
    bool publish_all_ports = false;
    bool readonly_rootfs = false;
    StringList security_opt;
    StringMap storage_opt;
    StringMap tmpfs;
    std::string uts_mode;
    std::string userns_mode;
    std::int64_t shm_size = 0;
    StringMap sysctls;
    std::string runtime;
    /// Height and width; zeroed below API 1.42 as moby does.
    std::array<std::uint64_t, 2> console_size{0, 0};
    std::string isolation;
    Resources resources;
    std::optional<std::vector<Mount>> mounts;
    StringList masked_paths;
    StringList readonly_paths;
    std::optional<bool> init;
};

struct EndpointIpamConfig final {
    std::string ipv4_address;
    std::string ipv6_address;
    StringList link_local_ips;
};

/// One network attachment (moby network.EndpointSettings): configuration sent on create, and
/// the operational part (ids, addresses) the daemon fills once the container is connected.
struct EndpointSettings final {
    std::optional<EndpointIpamConfig> ipam_config;
    StringList links;
    StringList aliases;
    std::string network_id;
    std::string endpoint_id;
    std::string gateway;
    std::string ip_address;
    std::int64_t ip_prefix_len = 0;
    std::string ipv6_gateway;
    std::string global_ipv6_address;
    std::int64_t global_ipv6_prefix_len = 0;
    std::string mac_address;
    StringMap driver_opts;
};

/// NetworkingConfig.EndpointsConfig: network name → settings. A null entry is kept as
/// nullopt (Go's nil pointer).
using EndpointsConfig = std::map<std::string, std::optional<EndpointSettings>>;

struct NetworkingConfig final {
    EndpointsConfig endpoints_config;
};

/// SecurityOpt parsed as moby's parseSecurityOpt reads it.
struct SecurityOptions final {
    bool no_new_privileges = false;
    /// "" (the default profile), "unconfined", or a JSON profile.
    std::string seccomp_profile;
    std::string apparmor_profile;
    /// The "label=..." values (SELinux), in order.
    std::vector<std::string> label_opts;
};

/// One entry of Binds or Mounts after parsing, what the daemon turns into a mount point.
struct MountPointSpec final {
    /// "bind", "volume" or "tmpfs".
    std::string type;
    /// Volume name (empty for an anonymous volume) or absolute host path.
    std::string source;
    /// Cleaned absolute path in the container.
    std::string destination;
    bool read_write = true;
    /// The mode text of a bind spec ("ro,Z"), "" for Mounts. moby shows "z" in inspect for a
    /// Binds volume of the local driver given without a mode (setBindModeIfNull).
    std::string mode;
    std::string propagation;
    /// Copy the image's content into a new volume (false with "nocopy").
    bool copy_data = true;
    /// The Mounts entry (for Binds, the equivalent one) as given.
    Mount spec;
};

/// POST /containers/create after decoding, defaulting and validation.
struct ContainerCreateRequest final {
    ContainerConfig config;
    HostConfig host_config;
    NetworkingConfig networking_config;
    SecurityOptions security;
    /// Binds first, then Mounts, in request order; destinations are unique.
    std::vector<MountPointSpec> mount_points;
};

}  // namespace engine::api
