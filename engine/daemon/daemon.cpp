#include "engine/daemon/daemon.hpp"

#include <filesystem>
#include <optional>

#include <grp.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/daemon/archive_routes.hpp"
#include "engine/daemon/data_root_lock.hpp"
#include "engine/daemon/event_bus.hpp"
#include "engine/daemon/event_routes.hpp"
#include "engine/daemon/image_routes.hpp"
#include "engine/daemon/router.hpp"
#include "engine/daemon/system_routes.hpp"
#include "engine/http/server.hpp"
#include "engine/image/image_store.hpp"
#include "engine/store/file_object_store.hpp"

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

}  // namespace

struct Daemon::State {
    State(const DaemonOptions& daemon_options, Logger& daemon_logger)
        : options(daemon_options),
          logger(daemon_logger),
          lock(options.data_root),
          objects(options.data_root / "store"),
          images(options.data_root / "image"),
          image_routes{.images = images} {}

    DaemonOptions options;
    Logger& logger;
    DataRootLock lock;
    store::FileObjectStore objects;
    image::ImageStore images;
    EventBus events;
    ImageRoutesContext image_routes;
    SystemRoutesContext system;
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

    const ImageEventSink publish_image_event =
        [&events = state.events](std::string action, std::string id, std::map<std::string, std::string> attributes) {
            Event event;
            event.type = "image";
            event.action = std::move(action);
            event.actor_id = std::move(id);
            event.attributes.insert(attributes.begin(), attributes.end());
            events.Publish(std::move(event));
        };
    state.image_routes.emit_event = publish_image_event;
    state.image_routes.default_architecture = GoArchitecture(state.system.host.architecture);
    state.system.image_count = [&images = state.images] { return images.Count(); };
    state.system.image_disk_usage = [&context = state.image_routes] { return ImageDiskUsage(context); };

    AddSystemRoutes(state.router, state.system);
    AddEventRoutes(state.router, state.events);
    AddArchiveRoutes(state.router,
                     MakeArchiveRoutesContext(state.images, options.data_root / "tmp", publish_image_event));
    AddImageRoutes(state.router, state.image_routes);

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
    state.events.Close();
    state.server->Stop();
    state.pid_file.reset();
}

}  // namespace engine::daemon
