#include "engine/daemon/container/container_manager.hpp"

#include <algorithm>
#include <chrono>

#include "engine/api/container_defaults.hpp"
#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/daemon/container/container_manager_impl.hpp"
#include "engine/daemon/container/image_config_merge.hpp"
#include "engine/daemon/container/name_generator.hpp"
#include "engine/runtime/spec/command.hpp"
#include "engine/runtime/spec/container_spec.hpp"

namespace engine::daemon {
namespace {

api::ContainerState CreatedState() {
    return api::ContainerState{};
}

std::string NoSuchContainer(std::string_view ref) {
    return "No such container: " + std::string(ref);
}

// moby refuses log drivers it does not know at create; Berth reads and writes json-file only.
void CheckLogDriver(const api::LogConfig& log) {
    if (log.type != "json-file" && log.type != "none") {
        throw Error(Errc::kInvalidArgument,
                    "logger: no log driver named '" + log.type + "' is registered (Berth has json-file and none)");
    }
}

std::uint64_t DirectorySize(const fs::path& dir) {
    std::uint64_t total = 0;
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, error);
         !error && it != fs::recursive_directory_iterator();
         it.increment(error)) {
        if (it->is_regular_file(error) && !it->is_symlink(error)) {
            total += it->file_size(error);
        }
    }
    return total;
}

}  // namespace

std::int64_t NowNanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

ContainerManager::Impl::Impl(ContainerManagerOptions opts,
                             store::ObjectStore& object_store,
                             image::ImageStore& image_store,
                             volume::VolumeStore& volume_store,
                             Logger& log)
    : options(std::move(opts)), objects(object_store), images(image_store), volumes(volume_store), logger(log) {}

fs::path ContainerManager::Impl::RuntimeBinary(const std::string& runtime) const {
    const auto it = options.runtimes.find(runtime.empty() ? options.default_runtime : runtime);
    if (it == options.runtimes.end()) {
        throw Error(Errc::kInvalidArgument, "Unknown runtime specified " + runtime);
    }
    return it->second;
}

std::shared_ptr<ContainerEntry> ContainerManager::Impl::FindLocked(std::string_view ref) const {
    if (const auto it = containers.find(ref); it != containers.end()) {
        return it->second;
    }
    std::string id;
    try {
        id = objects.Resolve(store::Kind::kContainer, ref);
    } catch (const Error& error) {
        if (error.code() == Errc::kNotFound) {
            throw Error(Errc::kNotFound, NoSuchContainer(ref));
        }
        throw;
    }
    const auto it = containers.find(id);
    if (it == containers.end()) {
        throw Error(Errc::kNotFound, NoSuchContainer(ref));
    }
    return it->second;
}

std::shared_ptr<ContainerEntry> ContainerManager::Impl::Find(std::string_view ref) const {
    std::lock_guard lock(mutex);
    return FindLocked(ref);
}

void ContainerManager::Impl::PersistLocked(const ContainerRecord& record) {
    objects.Put(store::Kind::kContainer, {record.id, record.name, ContainerRecordToJson(record).dump()});
}

void ContainerManager::Impl::Emit(const ContainerRecord& record,
                                  std::string action,
                                  std::map<std::string, std::string> extra) {
    if (!options.emit_event) {
        return;
    }
    std::map<std::string, std::string> attributes;
    if (record.config.labels) {
        attributes.insert(record.config.labels->begin(), record.config.labels->end());
    }
    attributes["image"] = record.image_ref.empty() ? record.image_id : record.image_ref;
    attributes["name"] = record.name.substr(record.name.starts_with('/') ? 1 : 0);
    for (auto& [key, value] : extra) {
        attributes[key] = std::move(value);
    }
    options.emit_event(std::move(action), record.id, std::move(attributes));
}

ContainerManager::Impl::ImageFacts ContainerManager::Impl::FactsOf(const std::string& image_id) const {
    ImageFacts facts;
    try {
        const image::ImageDetails details = images.Inspect(image_id);
        for (const fs::path& layer : LayerDirectories(details)) {
            facts.lower_dirs += (facts.lower_dirs.empty() ? "" : ":") + layer.string();
        }
        facts.size = static_cast<std::int64_t>(details.size);
    } catch (const Error&) {
        // The image is gone (force-removed): the view shows no layers.
    }
    return facts;
}

std::vector<fs::path> ContainerManager::Impl::LayerDirectories(const image::ImageDetails& image) const {
    std::vector<fs::path> layers;
    for (auto it = image.layers.rbegin(); it != image.layers.rend(); ++it) {
        layers.push_back(images.layers().DiffDirectory(it->chain_id));
    }
    return layers;
}

std::vector<fs::path> ContainerManager::Impl::LowerDirectories(const ContainerRecord& record) const {
    std::vector<fs::path> lowers{ContainerDirectory(record.id) / "init"};
    const std::vector<fs::path> layers = LayerDirectories(images.Inspect(record.image_id));
    lowers.insert(lowers.end(), layers.begin(), layers.end());
    return lowers;
}

std::vector<std::string> ContainerManager::Impl::VolumeUsersLocked(const std::string& name) const {
    std::vector<std::string> users;
    for (const auto& [id, entry] : containers) {
        for (const MountRecord& mount : entry->record.mounts) {
            if (mount.type == "volume" && mount.name == name) {
                users.push_back(id);
                break;
            }
        }
    }
    return users;
}

std::string ContainerManager::Impl::ShownImage(const ContainerRecord& record) const {
    if (!record.image_ref.empty()) {
        try {
            if (images.Resolve(record.image_ref) == record.image_id) {
                return record.image_ref;
            }
        } catch (const Error&) {
            // The reference moved or is gone: moby then shows the image ID.
        }
    }
    return record.image_id;
}

api::ContainerView ContainerManager::Impl::ViewOf(const ContainerRecord& record,
                                                  bool with_size,
                                                  const ImageFacts& image,
                                                  const std::string& shown_image) const {
    api::ContainerView view;
    view.id = record.id;
    view.created = record.created;
    view.path = record.path;
    view.args = record.args;
    view.state = record.state;
    view.image_id = record.image_id;
    view.image = shown_image;
    const fs::path dir = ContainerDirectory(record.id);
    if (record.has_been_started_before) {
        view.resolv_conf_path = (dir / "resolv.conf").string();
        view.hostname_path = (dir / "hostname").string();
        view.hosts_path = (dir / "hosts").string();
    }
    view.log_path = record.host_config.log_config.type == "json-file" ? LogFile(record.id).string() : "";
    view.name = record.name;
    view.restart_count = record.restart_count;
    view.exec_ids = record.exec_ids;
    view.host_config = record.host_config;
    view.config = record.config;
    if (with_size) {
        view.size_root_fs = image.size;
    }
    view.graph_driver_data = {{"LowerDir", image.lower_dirs},
                              {"MergedDir", (dir / "merged").string()},
                              {"UpperDir", (dir / "diff").string()},
                              {"WorkDir", (dir / "work").string()}};
    for (const MountRecord& mount : record.mounts) {
        api::MountPointView point;
        point.type = mount.type;
        point.name = mount.name;
        point.destination = mount.destination;
        point.mode = mount.mode;
        point.rw = mount.rw;
        point.propagation = mount.propagation;
        if (mount.type == "volume") {
            point.driver = "local";
            point.source = (volumes.root() / mount.name / "_data").string();
        } else {
            point.source = mount.source;
        }
        view.mounts.push_back(std::move(point));
    }
    FillNetworkSettings(view, record);
    if (with_size) {
        view.size_rw = static_cast<std::int64_t>(DirectorySize(dir / "diff"));
        view.size_root_fs = view.size_root_fs.value_or(0) + *view.size_rw;
    }
    return view;
}

void ContainerManager::Impl::InBackground(std::function<void(std::stop_token)> work) {
    std::lock_guard lock(mutex);
    if (shutting_down) {
        return;
    }
    std::erase_if(background, [](std::jthread& thread) { return !thread.joinable(); });
    background.emplace_back(std::move(work));
}

ContainerManager::ContainerManager(ContainerManagerOptions options,
                                   store::ObjectStore& objects,
                                   image::ImageStore& images,
                                   volume::VolumeStore& volumes,
                                   Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(options), objects, images, volumes, logger)) {
    Impl& impl = *impl_;
    for (const store::Record& stored : objects.List(store::Kind::kContainer)) {
        try {
            auto entry = std::make_shared<ContainerEntry>();
            entry->record = ContainerRecordFromJson(nlohmann::json::parse(stored.json));
            impl.containers.emplace(entry->record.id, std::move(entry));
        } catch (const std::exception& error) {
            logger.Error("skipped an unreadable container record", {{"id", stored.id}, {"error", error.what()}});
        }
    }
    impl.exit_worker = std::jthread([&impl](std::stop_token stop) {
        for (;;) {
            std::string key;
            {
                std::unique_lock lock(impl.mutex);
                impl.exit_queue_changed.wait(lock, stop, [&] { return !impl.exit_queue.empty(); });
                if (stop.stop_requested()) {
                    return;
                }
                key = std::move(impl.exit_queue.front());
                impl.exit_queue.pop_front();
            }
            try {
                impl.OnExit(key);
            } catch (const std::exception& error) {
                impl.logger.Error("handling an exit failed", {{"key", key}, {"error", error.what()}});
            }
        }
    });
    impl.watcher = std::make_unique<ExitWatcher>([&impl](const std::string& key) {
        std::lock_guard lock(impl.mutex);
        impl.exit_queue.push_back(key);
        impl.exit_queue_changed.notify_one();
    });
}

void ContainerManager::BeginShutdown() {
    std::lock_guard lock(impl_->mutex);
    impl_->shutting_down = true;
    for (auto& [id, entry] : impl_->containers) {
        if (entry->restart) {
            entry->restart->Cancel();
        }
    }
    impl_->changed.notify_all();
}

ContainerManager::~ContainerManager() {
    Impl& impl = *impl_;
    std::vector<std::shared_ptr<ContainerEntry>> entries;
    {
        std::lock_guard lock(impl.mutex);
        impl.shutting_down = true;
        for (auto& [id, entry] : impl.containers) {
            entries.push_back(entry);
            if (entry->restart) {
                entry->restart->Cancel();
            }
        }
        impl.changed.notify_all();
    }
    for (const auto& entry : entries) {
        impl.StopHealthMonitor(*entry);
    }
    impl.watcher.reset();
    impl.exit_worker.request_stop();
    impl.exit_queue_changed.notify_all();
    if (impl.exit_worker.joinable()) {
        impl.exit_worker.join();
    }
    std::vector<std::jthread> background;
    {
        std::lock_guard lock(impl.mutex);
        background.swap(impl.background);
    }
    background.clear();  // joins: restart waits were canceled above
}

api::CreateHostFacts ContainerManager::CreateFacts() const {
    api::CreateHostFacts facts;
    facts.cpu_count = impl_->options.cpu_count;
    facts.bind_source_exists = [](const std::string& path) {
        std::error_code error;
        return fs::exists(path, error);
    };
    return facts;
}

ContainerManager::Created ContainerManager::Create(const api::ContainerCreateRequest& request,
                                                   const std::string& name) {
    Impl& impl = *impl_;
    ContainerRecord record;
    record.id = RandomHex(32);
    record.created = NowNanos();
    record.image_ref = request.config.image;
    record.image_id = impl.images.Resolve(request.config.image);
    const image::ImageDetails image = impl.images.Inspect(record.image_id);
    const api::ContainerConfig image_config = ImageContainerConfig(*image.config);

    record.config = request.config;
    MergeImageConfig(record.config, image_config);
    const runtime::ResolvedCommand command =
        runtime::ResolveCommand({image_config.entrypoint, image_config.cmd, image_config.env},
                                {request.config.entrypoint, request.config.cmd, request.config.env});
    record.config.entrypoint = command.entrypoint;
    record.config.cmd = command.cmd;
    record.config.env = command.env;
    record.path = command.argv.front();
    record.args.assign(command.argv.begin() + 1, command.argv.end());

    record.host_config = request.host_config;
    api::ApplyHostConfigDefaults(record.host_config, impl.options.host_config_defaults);
    CheckLogDriver(record.host_config.log_config);
    record.runtime = record.host_config.runtime.empty() ? impl.options.default_runtime : record.host_config.runtime;
    impl.RuntimeBinary(record.runtime);
    record.security = request.security;
    const std::string& network = record.host_config.network_mode;
    if (network.starts_with("container:")) {
        Resolve(std::string_view(network).substr(10));
    }
    impl.ResolveCreateEndpoints(record, request.networking_config.endpoints_config);
    if (record.host_config.init.value_or(false) && impl.options.init_binary.empty()) {
        throw Error(Errc::kInvalidArgument,
                    "--init needs tini-static (Debian package tini), which is not installed on the daemon's host");
    }

    // Mounts: what the request names, then the image's (and Config.Volumes') anonymous volumes.
    std::set<std::string> destinations;
    for (const api::MountPointSpec& spec : request.mount_points) {
        MountRecord mount;
        mount.type = spec.type;
        mount.destination = spec.destination;
        mount.rw = spec.read_write;
        mount.mode = spec.mode;
        mount.propagation = spec.propagation;
        mount.copy_data = spec.copy_data;
        if (spec.type == "bind") {
            mount.source = spec.source;
            mount.non_recursive = spec.spec.bind_options && spec.spec.bind_options->non_recursive;
        } else if (spec.type == "volume") {
            mount.name = spec.source;
            mount.anonymous = spec.source.empty();
        } else if (spec.type == "tmpfs") {
            const api::TmpfsOptions tmpfs = spec.spec.tmpfs_options.value_or(api::TmpfsOptions{});
            mount.tmpfs_options = runtime::TmpfsOptionsText(tmpfs.size_bytes, tmpfs.mode, !spec.read_write);
        }
        destinations.insert(mount.destination);
        record.mounts.push_back(std::move(mount));
    }
    if (record.host_config.tmpfs) {
        for (const auto& [destination, options] : *record.host_config.tmpfs) {
            destinations.insert(destination);
        }
    }
    for (const std::string& destination : record.config.volumes.value_or(std::set<std::string>{})) {
        if (destinations.insert(destination).second) {
            MountRecord mount;
            mount.type = "volume";
            mount.destination = destination;
            mount.anonymous = true;
            record.mounts.push_back(std::move(mount));
        }
    }
    for (std::size_t i = 0; i < record.mounts.size(); ++i) {
        MountRecord& mount = record.mounts[i];
        if (mount.type != "volume") {
            continue;
        }
        volume::CreateOptions options;
        options.name = mount.name;
        options.anonymous = mount.anonymous;
        if (i < request.mount_points.size() && request.mount_points[i].spec.volume_options) {
            const api::VolumeOptions& given = *request.mount_points[i].spec.volume_options;
            const auto convert = [](const api::StringMap& in) -> std::optional<volume::StringMap> {
                if (!in) {
                    return std::nullopt;
                }
                return volume::StringMap(in->begin(), in->end());
            };
            options.labels = convert(given.labels);
            if (given.driver_config) {
                options.driver = given.driver_config->name;
                options.driver_options = convert(given.driver_config->options);
            }
        }
        mount.name = impl.volumes.Create(options).volume.name;
    }

    std::lock_guard lock(impl.mutex);
    record.name = "/" + (name.empty() ? GenerateContainerName([&](const std::string& candidate) {
                      try {
                          return impl.objects.Resolve(store::Kind::kContainer, "/" + candidate) != "";
                      } catch (const Error&) {
                          return false;
                      }
                  })
                                      : std::string(name.starts_with('/') ? name.substr(1) : name));
    record.state = CreatedState();
    try {
        impl.PersistLocked(record);
    } catch (const Error& error) {
        if (error.code() == Errc::kConflict) {
            const std::string other = impl.objects.Resolve(store::Kind::kContainer, record.name);
            throw Error(Errc::kConflict,
                        "Conflict. The container name \"" + record.name + "\" is already in use by container \"" +
                            other + "\". You have to remove (or rename) that container to be able to reuse that name.");
        }
        throw;
    }
    auto entry = std::make_shared<ContainerEntry>();
    entry->record = record;
    impl.containers.emplace(record.id, entry);
    impl.Emit(record, "create");
    return {record.id, {}};
}

std::string ContainerManager::Resolve(std::string_view ref) const {
    return impl_->Find(ref)->record.id;
}

api::ContainerView ContainerManager::View(std::string_view ref, bool with_size) const {
    const std::shared_ptr<ContainerEntry> entry = impl_->Find(ref);
    ContainerRecord record;
    {
        std::lock_guard lock(impl_->mutex);
        record = entry->record;
    }
    return impl_->ViewOf(record, with_size, impl_->FactsOf(record.image_id), impl_->ShownImage(record));
}

std::vector<api::ContainerView> ContainerManager::List(bool with_size) const {
    std::vector<ContainerRecord> records;
    {
        std::lock_guard lock(impl_->mutex);
        for (const auto& [id, entry] : impl_->containers) {
            records.push_back(entry->record);
        }
    }
    std::vector<api::ContainerView> views;
    views.reserve(records.size());
    // Most containers share a few images: each is asked about once.
    std::map<std::string, Impl::ImageFacts> facts;
    std::map<std::pair<std::string, std::string>, std::string> shown;
    for (const ContainerRecord& record : records) {
        auto fact = facts.find(record.image_id);
        if (fact == facts.end()) {
            fact = facts.emplace(record.image_id, impl_->FactsOf(record.image_id)).first;
        }
        auto image = shown.find({record.image_ref, record.image_id});
        if (image == shown.end()) {
            image = shown.emplace(std::pair{record.image_ref, record.image_id}, impl_->ShownImage(record)).first;
        }
        views.push_back(impl_->ViewOf(record, with_size, fact->second, image->second));
    }
    std::sort(views.begin(), views.end(), [](const api::ContainerView& a, const api::ContainerView& b) {
        return a.created != b.created ? a.created > b.created : a.id < b.id;
    });
    return views;
}

fs::path ContainerManager::LogPath(std::string_view ref) const {
    return impl_->LogFile(impl_->Find(ref)->record.id);
}

std::string ContainerManager::LogDriver(std::string_view ref) const {
    const auto entry = impl_->Find(ref);
    std::lock_guard lock(impl_->mutex);
    return entry->record.host_config.log_config.type;
}

bool ContainerManager::IsRunning(std::string_view ref) const {
    const auto entry = impl_->Find(ref);
    std::lock_guard lock(impl_->mutex);
    return entry->record.state.running;
}

RunningContainer ContainerManager::Running(std::string_view ref) const {
    const auto entry = impl_->Find(ref);
    std::lock_guard lock(impl_->mutex);
    const ContainerRecord& record = entry->record;
    if (!record.state.running) {
        throw Error(Errc::kConflict, "Container " + record.id + " is not running");
    }
    return {record.id, record.state.pid, CgroupsPath(record)};
}

void ContainerManager::Rename(std::string_view ref, const std::string& new_name) {
    Impl& impl = *impl_;
    const auto entry = impl.Find(ref);
    std::unique_lock lock(impl.mutex);
    ContainerRecord record = entry->record;
    const std::string old_name = record.name;
    record.name = new_name.starts_with('/') ? new_name : "/" + new_name;
    if (record.name == old_name) {
        throw Error(Errc::kInvalidArgument, "Renaming a container with the same name as its current name");
    }
    try {
        impl.PersistLocked(record);
    } catch (const Error& error) {
        if (error.code() == Errc::kConflict) {
            throw Error(Errc::kConflict,
                        "Error when allocating new name: Conflict. The container name \"" + record.name +
                            "\" is already in use by container \"" +
                            impl.objects.Resolve(store::Kind::kContainer, record.name) +
                            "\". You have to remove (or rename) that container to be able to reuse that name.");
        }
        throw;
    }
    entry->record = record;
    impl.Emit(record, "rename", {{"oldName", old_name}});
    lock.unlock();
    if (impl.options.networking) {
        try {
            impl.options.networking->Rename(record.id, record.name.substr(1));
        } catch (const Error& error) {
            // The rename stands; only the DNS answers keep the old name until the next start.
            impl.logger.Warn("renamed container keeps its old DNS name",
                             {{"container", record.id}, {"error", error.what()}});
        }
    }
}

std::map<std::string, std::string> ContainerManager::HostInterfaces(std::string_view ref) const {
    if (!impl_->options.networking) {
        return {};
    }
    return impl_->options.networking->HostInterfaces(Resolve(ref));
}

std::vector<image::ContainerUse> ContainerManager::ImageUsers(const std::string& image_id) const {
    std::vector<image::ContainerUse> uses;
    std::lock_guard lock(impl_->mutex);
    for (const auto& [id, entry] : impl_->containers) {
        if (entry->record.image_id == image_id) {
            uses.push_back({id, entry->record.state.running});
        }
    }
    return uses;
}

std::vector<std::string> ContainerManager::VolumeUsers(const std::string& volume_name) const {
    std::lock_guard lock(impl_->mutex);
    return impl_->VolumeUsersLocked(volume_name);
}

std::size_t ContainerManager::Count() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->containers.size();
}

std::size_t ContainerManager::CountRunning() const {
    std::lock_guard lock(impl_->mutex);
    return static_cast<std::size_t>(
        std::count_if(impl_->containers.begin(), impl_->containers.end(), [](const auto& it) {
            return it.second->record.state.running && !it.second->record.state.paused;
        }));
}

std::size_t ContainerManager::CountPaused() const {
    std::lock_guard lock(impl_->mutex);
    return static_cast<std::size_t>(std::count_if(impl_->containers.begin(),
                                                  impl_->containers.end(),
                                                  [](const auto& it) { return it.second->record.state.paused; }));
}

ContainerManager::PruneResult ContainerManager::Prune(const std::function<bool(const api::ContainerView&)>& select) {
    PruneResult result;
    for (const api::ContainerView& view : List(true)) {
        if (view.state.running || !select(view)) {
            continue;
        }
        try {
            Remove(view.id, false, false);
            result.deleted.push_back(view.id);
            result.space_reclaimed += static_cast<std::uint64_t>(view.size_rw.value_or(0));
        } catch (const Error& error) {
            impl_->logger.Warn("prune could not remove a container", {{"id", view.id}, {"error", error.what()}});
        }
    }
    return result;
}

fs::path ContainerManager::UpperDirectory(std::string_view ref) const {
    return impl_->ContainerDirectory(impl_->Find(ref)->record.id) / "diff";
}

std::vector<fs::path> ContainerManager::LowerDirectories(std::string_view ref) const {
    const std::shared_ptr<ContainerEntry> entry = impl_->Find(ref);
    ContainerRecord record;
    {
        std::lock_guard lock(impl_->mutex);
        record = entry->record;
    }
    return impl_->LowerDirectories(record);
}

}  // namespace engine::daemon
