#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace engine::runtime {

/// One mount the container gets on top of its rootfs (Docker's container.Mount after volumes,
/// binds and --tmpfs were resolved). Volumes arrive as binds of the volume's host directory.
struct MountSpec final {
    enum class Type { kBind, kTmpfs };

    Type type = Type::kBind;
    /// Host path for a bind; ignored for tmpfs.
    std::filesystem::path source;
    /// Absolute path in the container.
    std::string destination;
    bool read_only = false;
    /// "", "private", "rprivate", "shared", "rshared", "slave" or "rslave". Docker gives binds
    /// "rprivate" when the user names none and volumes "".
    std::string propagation;
    /// BindOptions.NonRecursive: "bind" instead of "rbind".
    bool non_recursive = false;
    /// tmpfs only: the comma-separated options the user gave ("size=64m,mode=1777", see
    /// TmpfsOptionsText for the Mounts API form). Merged over "noexec,nosuid,nodev,rprivate".
    std::string tmpfs_options;
};

/// One host device the container gets (Docker --device, or every host device when privileged).
struct DeviceSpec final {
    /// Path in the container.
    std::string path;
    /// 'c' or 'b'.
    char type = 'c';
    std::int64_t major = 0;
    std::int64_t minor = 0;
    /// Permission bits of the device node (e.g. 0666).
    std::uint32_t file_mode = 0666;
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    /// Device cgroup access, any of "rwm".
    std::string cgroup_permissions = "rwm";
};

/// A resource limit (Docker --ulimit name=soft:hard). Names are Docker's: "nofile", "nproc",
/// "core", "memlock", "stack", ... (the RLIMIT_ suffix in lowercase).
struct UlimitSpec final {
    std::string name;
    std::int64_t soft = 0;
    std::int64_t hard = 0;
};

/// cgroup limits (moby container.Resources, the part that reaches the OCI spec). Zero / nullopt
/// means "not set", as in the Docker API.
struct ResourcesSpec final {
    std::int64_t memory = 0;
    /// memory + swap; -1 is unlimited swap.
    std::int64_t memory_swap = 0;
    std::int64_t memory_reservation = 0;
    std::optional<std::int64_t> memory_swappiness;
    std::optional<bool> oom_kill_disable;
    /// CPUs in units of 1e-9 (--cpus 1.5 is 1500000000); becomes quota over a 100ms period.
    std::int64_t nano_cpus = 0;
    std::int64_t cpu_quota = 0;
    std::int64_t cpu_period = 0;
    std::int64_t cpu_shares = 0;
    std::string cpuset_cpus;
    std::string cpuset_mems;
    /// nullopt: unset; zero or negative: explicitly unlimited (-1 in the spec).
    std::optional<std::int64_t> pids_limit;
    std::uint16_t blkio_weight = 0;
};

/// Network namespace: Docker's NetworkMode after the daemon wired it up.
enum class NetworkMode {
    /// A new empty namespace with only loopback (--network none).
    kNone,
    /// The host's namespace (--network host).
    kHost,
    /// Join `network_namespace_path`, the container's own sandbox the network code prepared
    /// (bridge networks). Counts as a private network (default sysctls, net.* sysctls allowed).
    kSandbox,
    /// Join `network_namespace_path` of another container (--network container:x).
    kContainer,
};

/// IPC namespace (Docker's IpcMode).
enum class IpcMode {
    kPrivate,
    /// Private namespace whose /dev/shm is `shm_path`, so other containers can join it.
    kShareable,
    kHost,
    /// Private namespace without /dev/shm.
    kNone,
    /// Join `ipc_namespace_path` and bind `shm_path` (--ipc container:x).
    kContainer,
};

enum class PidMode { kPrivate, kHost };
enum class UtsMode { kPrivate, kHost };
/// kDefault follows Docker's daemon default: host on cgroup v1, private on cgroup v2.
enum class CgroupnsMode { kDefault, kHost, kPrivate };

/// A resolved container: everything BuildOciSpec needs, with images, volumes, networks and
/// users already looked up by the daemon. Field names follow Docker's Config and HostConfig.
struct ContainerSpec final {
    std::string id;
    /// Config.Hostname (Docker defaults it to the first 12 characters of the id).
    std::string hostname;
    std::string domainname;

    /// The final argv (ResolveCommand), before any --init prefix.
    std::vector<std::string> args;
    /// Config.Env: image and container env merged (ResolveCommand). The process gets PATH,
    /// HOSTNAME (and TERM with a tty) in front, overridden by these.
    std::vector<std::string> env;
    /// "" means "/".
    std::string working_dir;
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    /// Supplementary groups from /etc/group and --group-add (ResolveUser), primary gid excluded.
    std::vector<std::uint32_t> additional_gids;
    bool terminal = false;

    std::filesystem::path rootfs;
    bool read_only_rootfs = false;
    std::vector<MountSpec> mounts;
    /// Per-container files bind-mounted over /etc/resolv.conf, /etc/hostname and /etc/hosts
    /// (empty: not mounted). Read-only when the rootfs is, like Docker.
    std::filesystem::path resolv_conf_path;
    std::filesystem::path hostname_path;
    std::filesystem::path hosts_path;

    std::vector<std::string> cap_add;
    std::vector<std::string> cap_drop;
    bool privileged = false;
    bool no_new_privileges = false;
    /// "" is Docker's default profile, "unconfined" none, anything else a profile's JSON text.
    std::string seccomp;
    /// HostConfig.MaskedPaths / ReadonlyPaths when the client set them (replace the defaults).
    std::optional<std::vector<std::string>> masked_paths;
    std::optional<std::vector<std::string>> readonly_paths;
    std::map<std::string, std::string> sysctls;
    std::vector<UlimitSpec> ulimits;
    ResourcesSpec resources;
    /// HostConfig.OomScoreAdj, -1000..1000.
    int oom_score_adj = 0;
    /// Size of the private /dev/shm tmpfs in bytes; Docker's default is 64 MiB.
    std::int64_t shm_size = 64 * 1024 * 1024;
    /// Host path of a static init (tini-static) to run as pid 1 (`/sbin/docker-init --`);
    /// empty for none. Only used with a private pid namespace, as in Docker.
    std::filesystem::path init_path;

    NetworkMode network = NetworkMode::kNone;
    std::string network_namespace_path;
    PidMode pid = PidMode::kPrivate;
    IpcMode ipc = IpcMode::kPrivate;
    std::string ipc_namespace_path;
    /// Host directory mounted at /dev/shm for kShareable / kContainer ("/dev/shm" for kHost).
    std::filesystem::path shm_path;
    UtsMode uts = UtsMode::kPrivate;
    CgroupnsMode cgroupns = CgroupnsMode::kDefault;
    /// linux.cgroupsPath, e.g. "/berth/<id>".
    std::string cgroups_path;

    std::map<std::string, std::string> annotations;
    std::vector<DeviceSpec> devices;
    /// --device-cgroup-rule values ("c 42:* rmw"); ignored when privileged.
    std::vector<std::string> device_cgroup_rules;
};

/// Docker's text form of a Mounts API tmpfs (ConvertTmpfsOptions): "size=<n>[gmk]" with the
/// largest unit dividing the size, "mode=<octal>", and "ro"; zero values are left out.
std::string TmpfsOptionsText(std::int64_t size_bytes, std::uint32_t mode, bool read_only);

}  // namespace engine::runtime
