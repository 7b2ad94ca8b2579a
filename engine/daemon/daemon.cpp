#include "engine/daemon/daemon.hpp"

#include <filesystem>
#include <optional>

#include <grp.h>

#include "engine/api/container_inspect_json.hpp"
#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/daemon/archive_routes.hpp"
#include "engine/daemon/container/container_files.hpp"
#include "engine/daemon/container/container_manager.hpp"
#include "engine/daemon/container_routes.hpp"
#include "engine/daemon/data_root_lock.hpp"
#include "engine/daemon/event_bus.hpp"
#include "engine/daemon/event_routes.hpp"
#include "engine/daemon/image_routes.hpp"
#include "engine/daemon/network/network_manager.hpp"
#include "engine/daemon/network_routes.hpp"
#include "engine/daemon/router.hpp"
#include "engine/daemon/system_routes.hpp"
#include "engine/daemon/volume_routes.hpp"
#include "engine/http/server.hpp"
#include "engine/image/image_store.hpp"
#include "engine/net/ipam/address_pools.hpp"
#include "engine/net/ipam/ip_address.hpp"
#include "engine/store/file_object_store.hpp"
#include "engine/sys/linux/cgroup.hpp"
#include "engine/volume/volume_store.hpp"

namespace engine::daemon {
namespace {

namespace fs = std::filesystem;

// Docker's daemon ID survives restarts; ours is a random UUID kept in the data root.
std::string LoadOrCreateEngineId(const fs::path& data_root) {
    const fs::path file = data_root / "engine-id";
    if (fs::exists(file)) {
        std::string id = ReadFile(file);
        while (!id.empty() && id.back() == '\n') {
            id.pop_back();
        }
        if (!id.empty()) {
            return id;
        }
    }
    const std::string hex = RandomHex(16);
    const std::string id = hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
                           hex.substr(16, 4) + "-" + hex.substr(20);
    WriteFileAtomically(file, id + "\n", 0600);
    return id;
}

int ResolveGroup(const std::string& group) {
    if (group.empty()) {
        return -1;
    }
    if (const struct group* entry = getgrnam(group.c_str())) {
        return static_cast<int>(entry->gr_gid);
    }
    throw Error(Errc::kInvalidArgument, "socket group \"" + group + "\" does not exist; create it or pass another -G");
}

// Uploads are spooled next to the image store so moving them in is a rename; leftovers of a
// crash are removed at start.
fs::path PrepareSpoolDirectory(const fs::path& data_root) {
    const fs::path spool = data_root / "tmp" / "uploads";
    std::error_code ignored;
    fs::remove_all(spool, ignored);
    fs::create_directories(spool);
    fs::permissions(data_root / "tmp", fs::perms::owner_all);
    return spool;
}

std::optional<http::TlsFiles> TlsFor(const DaemonOptions& options) {
    if (!options.tlsverify) {
        return std::nullopt;
    }
    for (const auto& [flag, path] : {std::pair{"--tlscacert", options.tlscacert},
                                     std::pair{"--tlscert", options.tlscert},
                                     std::pair{"--tlskey", options.tlskey}}) {
        if (path.empty()) {
            throw Error(Errc::kInvalidArgument, std::string("--tlsverify needs ") + flag);
        }
        if (!fs::exists(path)) {
            throw Error(Errc::kInvalidArgument, std::string(flag) + " " + path.string() + ": no such file");
        }
    }
    return http::TlsFiles{options.tlscacert, options.tlscert, options.tlskey};
}

// The rule for the network: TLS with client certificates, or loopback with an explicit flag.
void CheckTcpAllowed(const std::string& host, const http::ListenAddress& address, const DaemonOptions& options) {
    if (address.kind != http::ListenAddress::Kind::kTcp || options.tlsverify) {
        return;
    }
    if (http::IsLoopback(address) && options.allow_insecure_loopback_tcp) {
        return;
    }
    throw Error(Errc::kInvalidArgument,
                "refusing to listen on " + host +
                    " without TLS: pass --tlsverify with --tlscacert, --tlscert and --tlskey (client certificates "
                    "are required), or, for a loopback address only, --allow-insecure-loopback-tcp");
}

// The first executable called `name` in PATH (or the usual sbin directories); "" when none.
fs::path FindExecutable(const std::string& name) {
    std::string path = getenv("PATH") != nullptr ? getenv("PATH") : "";
    path += ":/usr/local/sbin:/usr/sbin:/sbin:/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find(':', start), path.size());
        const fs::path candidate = fs::path(path.substr(start, end - start)) / name;
        if (end > start && access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
        start = end + 1;
    }
    return {};
}

// Where one kind of object ("image", "volume", "container") publishes its events.
std::function<void(std::string, std::string, std::map<std::string, std::string>)> EventSinkFor(EventBus& events,
                                                                                               std::string type) {
    return [&events, type = std::move(type)](
               std::string action, std::string id, std::map<std::string, std::string> attributes) {
        Event event;
        event.type = type;
        event.action = std::move(action);
        event.actor_id = std::move(id);
        event.attributes.insert(attributes.begin(), attributes.end());
        events.Publish(std::move(event));
    };
}

// crun unless this host's cgroup layout stops it (DESIGN.md section 7); never changes the
// host's mounts, only says what to do.
ContainerManagerOptions ContainerOptionsFor(const DaemonOptions& options,
                                            Logger& logger,
                                            const sys::CgroupHost& cgroup_host,
                                            SystemRoutesContext& system,
                                            EventBus& events,
                                            ContainerNetworking& networking,
                                            const std::string& host_resolv_conf) {
    std::vector<std::string>& warnings = system.warnings;
    ContainerManagerOptions out;
    out.data_root = options.data_root;
    out.exec_root = options.exec_root;
    out.shim_binary = fs::read_symlink("/proc/self/exe").parent_path() / "berth-shim";
    out.cgroup_host = cgroup_host;
    for (const char* runtime : {"crun", "runc"}) {
        if (const fs::path found = FindExecutable(runtime); !found.empty()) {
            out.runtimes[runtime] = found;
        }
    }
    const bool crun_ok = out.runtimes.contains("crun") && out.cgroup_host.crun_usable;
    out.default_runtime = crun_ok ? "crun" : "runc";
    if (!options.default_runtime.empty()) {
        if (!out.runtimes.contains(options.default_runtime)) {
            throw Error(Errc::kInvalidArgument,
                        "--default-runtime " + options.default_runtime +
                            ": not installed (Berth runs crun or runc; install the Debian package of that name)");
        }
        if (options.default_runtime == "crun" && !out.cgroup_host.crun_usable) {
            throw Error(Errc::kInvalidArgument,
                        "--default-runtime crun: crun cannot run on this host: " + out.cgroup_host.crun_blocker);
        }
        out.default_runtime = options.default_runtime;
    } else if (out.runtimes.contains("crun") && !out.cgroup_host.crun_usable) {
        const std::string warning = "WARNING: crun cannot run on this host (" + out.cgroup_host.crun_blocker +
                                    "); containers use runc. Run scripts/setup-cgroups to let crun run.";
        warnings.push_back(warning);
        logger.Warn("crun cannot run here; using runc", {{"reason", out.cgroup_host.crun_blocker}});
    }
    if (out.runtimes.empty()) {
        warnings.push_back("WARNING: no OCI runtime (crun or runc) found: containers cannot start");
        logger.Error("no OCI runtime found (install crun or runc)");
    }
    for (const char* init : {"tini-static", "catatonit"}) {
        if (const fs::path found = FindExecutable(init); !found.empty()) {
            out.init_binary = found;
            break;
        }
    }
    out.host_limits = runtime::DetectHostLimits();
    out.host_config_defaults.cgroupns_mode = out.cgroup_host.version == sys::CgroupVersion::kV2 ? "private" : "host";
    out.cpu_count = static_cast<int>(sys::OnlineCpus());
    out.resolv_conf = ResolvConfForContainers(host_resolv_conf);
    if (!options.dns.empty()) {
        out.resolv_conf = ResolvConfWithNameservers(out.resolv_conf, options.dns);
    }
    out.networking = &networking;
    logger.Info("containers run with", {{"runtime", out.default_runtime}, {"shim", out.shim_binary.string()}});
    for (const auto& [name, path] : out.runtimes) {
        system.runtimes[name] = path.string();
    }
    system.default_runtime = out.default_runtime;
    system.init_binary = out.init_binary.string();
    out.emit_event = EventSinkFor(events, "container");
    return out;
}

// The host's /etc/resolv.conf, read once at start for containers and the embedded DNS; ""
// when there is none.
std::string ReadHostResolvConf() {
    try {
        return ReadFile("/etc/resolv.conf");
    } catch (const std::exception&) {
        return "";
    }
}

NetworkManagerOptions NetworkOptionsFor(const DaemonOptions& options,
                                        EventBus& events,
                                        const std::string& host_resolv_conf) {
    NetworkManagerOptions out;
    out.exec_root = options.exec_root;
    out.default_bridge = options.bridge;
    out.default_bridge_address = options.bip;
    if (!options.default_address_pools.empty()) {
        out.address_pools.clear();
        for (const std::string& pool : options.default_address_pools) {
            out.address_pools.push_back(net::ParseAddressPool(pool));
        }
    }
    out.firewall_table = options.nft_table;
    out.mtu = options.mtu;
    // The embedded DNS forwards to --dns-forward, else --dns, else the host's resolvers (as
    // Docker's does), loopback ones excepted: they would be the daemon's own host only.
    if (!options.dns_forward.empty()) {
        if (options.dns_forward != std::vector<std::string>{"none"}) {
            out.dns_upstreams = options.dns_forward;
        }
    } else if (!options.dns.empty()) {
        out.dns_upstreams = options.dns;
    } else {
        for (const std::string& server : ExternalNameservers(host_resolv_conf)) {
            if (net::IpAddress::TryParse(server)) {  // what is not an address cannot be asked
                out.dns_upstreams.push_back(server);
            }
        }
    }
    out.emit_event = EventSinkFor(events, "network");
    return out;
}

}  // namespace

struct Daemon::State {
    State(const DaemonOptions& daemon_options, Logger& daemon_logger)
        : options(daemon_options),
          logger(daemon_logger),
          lock(options.data_root),
          objects(options.data_root / "store"),
          images(options.data_root / "image"),
          volumes(options.data_root / "volumes"),
          cgroup_host(sys::DetectCgroupHost()),
          host_resolv_conf(ReadHostResolvConf()),
          networks(NetworkOptionsFor(options, events, host_resolv_conf), objects, logger),
          containers(ContainerOptionsFor(options, logger, cgroup_host, system, events, networks, host_resolv_conf),
                     objects,
                     images,
                     volumes,
                     logger),
          image_routes{.images = images},
          volume_routes{.volumes = volumes},
          container_routes{.containers = containers, .images = images},
          network_routes{.networks = networks, .containers = containers} {}

    DaemonOptions options;
    Logger& logger;
    DataRootLock lock;
    store::FileObjectStore objects;
    image::ImageStore images;
    // Both before `containers`, whose options fill the one and publish to the other.
    SystemRoutesContext system;
    EventBus events;
    volume::VolumeStore volumes;
    sys::CgroupHost cgroup_host;  // read once: the manager and the stats routes share it
    std::string host_resolv_conf;
    // Before `containers`, which joins and leaves networks until it is gone.
    NetworkManager networks;
    ContainerManager containers;
    ImageRoutesContext image_routes;
    VolumeRoutesContext volume_routes;
    ContainerRoutesContext container_routes;
    NetworkRoutesContext network_routes;
    Router router;
    std::unique_ptr<http::Server> server;
    std::unique_ptr<PidFile> pid_file;
    bool stopped = false;
};

Daemon::Daemon(const DaemonOptions& options, Logger& logger) : state_(std::make_unique<State>(options, logger)) {
    State& state = *state_;
    for (const std::string& key : options.unknown_config_keys) {
        logger.Warn("ignoring unknown config file key", {{"file", options.config_file.string()}, {"key", key}});
    }
    for (const fs::path& removed : state.objects.open_report().removed_temp_files) {
        logger.Warn("removed the leftover of an interrupted write", {{"path", removed.string()}});
    }
    for (const std::string& skipped : state.objects.open_report().skipped_records) {
        logger.Error("skipped an unreadable record", {{"record", skipped}});
    }
    fs::create_directories(options.exec_root);
    state.system.host = ReadHostFacts();
    state.system.engine_id = LoadOrCreateEngineId(options.data_root);
    state.system.data_root = options.data_root;
    state.system.log_level = options.log_level;
    for (const std::string& problem : state.images.open_problems()) {
        logger.Warn("repaired the image store", {{"problem", problem}});
    }

    const ImageEventSink publish_image_event = EventSinkFor(state.events, "image");
    state.image_routes.emit_event = publish_image_event;
    state.image_routes.default_architecture = GoArchitecture(state.system.host.architecture);
    state.system.image_count = [&images = state.images] { return images.Count(); };
    state.image_routes.container_uses = [&containers = state.containers](const std::string& image_id) {
        return containers.ImageUsers(image_id);
    };
    state.volume_routes.users = [&containers = state.containers](const std::string& name) {
        return containers.VolumeUsers(name);
    };
    state.volume_routes.emit_event = EventSinkFor(state.events, "volume");
    state.container_routes.emit_event = EventSinkFor(state.events, "container");
    state.container_routes.cgroup_host = state.cgroup_host;
    state.system.container_counts = [&containers = state.containers] {
        return std::array<std::size_t, 3>{containers.Count(), containers.CountRunning(), containers.CountPaused()};
    };
    state.system.container_disk_usage = [&containers = state.containers] {
        nlohmann::json list = nlohmann::json::array();
        const auto now =
            std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        for (const api::ContainerView& view : containers.List(true)) {
            list.push_back(api::ContainerSummaryJson(view, true, now));
        }
        return list;
    };
    state.system.volume_disk_usage = [&context = state.volume_routes] { return VolumeDiskUsage(context); };

    state.system.image_disk_usage = [&context = state.image_routes] { return ImageDiskUsage(context); };

    AddSystemRoutes(state.router, state.system);
    AddEventRoutes(state.router, state.events);
    AddArchiveRoutes(state.router,
                     MakeArchiveRoutesContext(state.images, options.data_root / "tmp", publish_image_event));
    AddImageRoutes(state.router, state.image_routes);
    AddVolumeRoutes(state.router, state.volume_routes);
    AddContainerRoutes(state.router, state.container_routes);
    state.network_routes.emit_event = EventSinkFor(state.events, "network");
    AddNetworkRoutes(state.router, state.network_routes);

    http::ServerOptions server_options;
    server_options.unix_group = ResolveGroup(options.group);
    server_options.spool_directory = PrepareSpoolDirectory(options.data_root);
    state.server = std::make_unique<http::Server>(server_options, state.router);
    const std::optional<http::TlsFiles> tls = TlsFor(options);
    const std::vector<std::string> hosts =
        options.hosts.empty() ? std::vector<std::string>{kDefaultHost} : options.hosts;
    for (const std::string& host : hosts) {
        const http::ListenAddress address = http::ParseListenAddress(host, "/run/berth/berthd.sock");
        CheckTcpAllowed(host, address, options);
        if (address.kind == http::ListenAddress::Kind::kUnix) {
            fs::create_directories(address.path.parent_path());
        }
        const http::ListenAddress bound =
            state.server->Listen(address, address.kind == http::ListenAddress::Kind::kTcp ? tls : std::nullopt);
        logger.Info("API listening", {{"address", http::ToString(bound)}, {"requested", host}});
    }
    state.pid_file = std::make_unique<PidFile>(options.pidfile);
    state.networks.Start();
    state.containers.Restore();
}

Daemon::~Daemon() {
    Stop();
}

void Daemon::Start() {
    state_->server->Start();
}

void Daemon::Stop() {
    State& state = *state_;
    if (state.stopped) {
        return;
    }
    state.stopped = true;
    state.containers.BeginShutdown();  // ends waits and attaches, so the server can drain
    state.events.Close();
    state.server->Stop();
    state.pid_file.reset();
}

}  // namespace engine::daemon
