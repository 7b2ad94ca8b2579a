#pragma once

// A stateful in-memory EngineApi for the executor's tests: containers (names, labels, states,
// health and its log, exit codes), networks and volumes, enough for create, start, stop,
// remove, rename, connect and the dependency conditions. Every call is recorded as a line of
// text with a sequence number and begin/end ticks, so tests can ask what ran, in which order
// and what overlapped. Thread-safe: the executor calls it from several workers.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/client/engine_api.hpp"

namespace compose::reconcile::testing {

struct FakeContainer final {
    std::string id;
    std::string name;
    std::map<std::string, std::string, std::less<>> labels;
    std::string state = "created";
    int exit_code = 0;
    bool healthcheck = false;
    std::string health;  ///< "", starting, healthy, unhealthy
    std::vector<std::string> health_log;
    nlohmann::json host_config = nlohmann::json::object();
    std::set<std::string> networks;
    int inspections = 0;  ///< since the last start
};

/// One recorded call. Ticks count call begins and ends; two calls overlapped when each began
/// before the other ended.
struct FakeCall final {
    std::size_t sequence = 0;
    std::string text;  ///< "ContainerStart id-demo-web-1"
    std::size_t begin = 0;
    std::size_t end = 0;  ///< 0 while running
};

class FakeEngine final : public engine::client::EngineApi {
  public:
    // --- set-up ------------------------------------------------------------------------------

    /// Adds a container of `project`/`service` (non-one-off) and returns its ID ("id-<name>"
    /// unless `container.id` is set).
    std::string AddContainer(FakeContainer container,
                             const std::string& project = "",
                             const std::string& service = "") {
        const std::lock_guard lock(mutex_);
        if (container.id.empty()) {
            container.id = "id-" + container.name;
        }
        if (!project.empty()) {
            container.labels["com.docker.compose.project"] = project;
            container.labels["com.docker.compose.service"] = service;
            container.labels["com.docker.compose.oneoff"] = "False";
        }
        containers_[container.id] = container;
        return container.id;
    }
    void AddNetwork(const std::string& name) {
        const std::lock_guard lock(mutex_);
        networks_[name] = {};
    }
    void AddVolume(const std::string& name) {
        const std::lock_guard lock(mutex_);
        volumes_.insert(name);
    }
    /// The container named `name` (when it runs) turns `status` on its `inspections`-th
    /// inspection after its start, with `output` as the newest health log entry.
    void SetHealthAfter(const std::string& name, int inspections, std::string status, std::string output = "") {
        const std::lock_guard lock(mutex_);
        health_changes_[name] = HealthChange{inspections, std::move(status), std::move(output)};
    }
    /// Starting the container named `name` makes it exit at once with `code`.
    void ExitOnStart(const std::string& name, int code) {
        const std::lock_guard lock(mutex_);
        exit_on_start_[name] = code;
    }
    /// Calls of `method` on `target` (an ID, a container's name, a network or volume name; "":
    /// any) throw `error`.
    void Fail(const std::string& method, const std::string& target, engine::Error error) {
        const std::lock_guard lock(mutex_);
        failures_.insert_or_assign(method + " " + target, std::move(error));
    }
    /// Calls whose text starts with `prefix` ("ContainerStart", "ContainerCreate demo-db-1")
    /// take `delay`; the longest matching prefix wins.
    void SetDelay(const std::string& prefix, std::chrono::milliseconds delay) {
        const std::lock_guard lock(mutex_);
        delays_[prefix] = delay;
    }
    /// Delayed calls first wait (up to a second) until `count` calls are in flight, so a test
    /// of parallelism does not depend on how threads happen to be scheduled.
    void SetRendezvous(std::size_t count) {
        const std::lock_guard lock(mutex_);
        rendezvous_ = count;
    }

    // --- inspection --------------------------------------------------------------------------

    std::vector<FakeCall> Calls() const {
        const std::lock_guard lock(mutex_);
        return calls_;
    }
    /// The texts of the calls whose text starts with `prefix`, in order.
    std::vector<std::string> CallTexts(const std::string& prefix = "") const {
        std::vector<std::string> texts;
        for (const FakeCall& call : Calls()) {
            if (call.text.starts_with(prefix)) {
                texts.push_back(call.text);
            }
        }
        return texts;
    }
    /// The first call whose text starts with `prefix`.
    std::optional<FakeCall> Find(const std::string& prefix) const {
        for (const FakeCall& call : Calls()) {
            if (call.text.starts_with(prefix)) {
                return call;
            }
        }
        return std::nullopt;
    }
    /// The most calls that were in flight at once.
    std::size_t MaxConcurrency() const {
        const std::lock_guard lock(mutex_);
        return max_in_flight_;
    }
    static bool Overlap(const FakeCall& a, const FakeCall& b) { return a.begin < b.end && b.begin < a.end; }
    std::optional<FakeContainer> Container(const std::string& id_or_name) const {
        const std::lock_guard lock(mutex_);
        const FakeContainer* container = FindContainer(id_or_name);
        return container != nullptr ? std::optional<FakeContainer>(*container) : std::nullopt;
    }
    bool HasNetwork(const std::string& name) const {
        const std::lock_guard lock(mutex_);
        return networks_.contains(name);
    }
    bool HasVolume(const std::string& name) const {
        const std::lock_guard lock(mutex_);
        return volumes_.contains(name);
    }

    // --- the calls the executor makes ----------------------------------------------------------

    nlohmann::json ContainerCreate(std::string_view name, std::string_view, const nlohmann::json& body) override {
        const Scope scope(*this, "ContainerCreate " + std::string(name), std::string(name));
        const std::lock_guard lock(mutex_);
        if (FindContainer(std::string(name)) != nullptr) {
            throw engine::Error(engine::Errc::kConflict,
                                "Error response from daemon: Conflict. The container name \"/" + std::string(name) +
                                    "\" is already in use");
        }
        FakeContainer container;
        container.id = "id-" + std::string(name);
        container.name = name;
        const nlohmann::json labels = body.value("Labels", nlohmann::json::object());
        for (const auto& [key, value] : labels.items()) {
            container.labels[key] = value.get<std::string>();
        }
        const nlohmann::json check = body.value("Healthcheck", nlohmann::json());
        container.healthcheck = check.is_object() && check.value("Test", nlohmann::json::array()) != R"(["NONE"])"_json;
        container.host_config = body.value("HostConfig", nlohmann::json::object());
        const nlohmann::json endpoints =
            body.value("NetworkingConfig", nlohmann::json::object()).value("EndpointsConfig", nlohmann::json::object());
        for (const auto& [network, endpoint] : endpoints.items()) {
            container.networks.insert(network);
        }
        containers_[container.id] = container;
        return {{"Id", container.id}, {"Warnings", nlohmann::json::array()}};
    }
    void ContainerStart(std::string_view id) override {
        const Scope scope(*this, "ContainerStart " + std::string(id), std::string(id));
        const std::lock_guard lock(mutex_);
        FakeContainer& container = MustFind(id);
        container.inspections = 0;
        if (const auto exit = exit_on_start_.find(container.name); exit != exit_on_start_.end()) {
            container.state = "exited";
            container.exit_code = exit->second;
            return;
        }
        container.state = "running";
        container.health = container.healthcheck ? "starting" : "";
    }
    void ContainerStop(std::string_view id, std::optional<int> timeout, std::string_view) override {
        const Scope scope(*this,
                          "ContainerStop " + std::string(id) + (timeout ? " t=" + std::to_string(*timeout) : ""),
                          std::string(id));
        const std::lock_guard lock(mutex_);
        MustFind(id).state = "exited";
    }
    void ContainerRemove(std::string_view id, bool force, bool volumes) override {
        const Scope scope(
            *this,
            "ContainerRemove " + std::string(id) + " force=" + std::to_string(force) + " v=" + std::to_string(volumes),
            std::string(id));
        const std::lock_guard lock(mutex_);
        FakeContainer& container = MustFind(id);
        if (container.state == "running" && !force) {
            throw engine::Error(engine::Errc::kConflict, "Error response from daemon: container is running");
        }
        containers_.erase(container.id);
    }
    void ContainerRename(std::string_view id, std::string_view new_name) override {
        const Scope scope(*this, "ContainerRename " + std::string(id) + " " + std::string(new_name), std::string(id));
        const std::lock_guard lock(mutex_);
        MustFind(id).name = new_name;
    }
    nlohmann::json ContainerInspect(std::string_view id, bool) override {
        const Scope scope(*this, "ContainerInspect " + std::string(id), std::string(id));
        const std::lock_guard lock(mutex_);
        FakeContainer& container = MustFind(id);
        AdvanceHealth(container);
        nlohmann::json state = {
            {"Status", container.state}, {"Running", container.state == "running"}, {"ExitCode", container.exit_code}};
        nlohmann::json config = {{"Labels", container.labels}};
        if (container.healthcheck) {
            config["Healthcheck"] = {{"Test", {"CMD", "true"}}};
            nlohmann::json log = nlohmann::json::array();
            for (const std::string& output : container.health_log) {
                log.push_back({{"ExitCode", container.health == "healthy" ? 0 : 1}, {"Output", output}});
            }
            state["Health"] = {{"Status", container.health}, {"FailingStreak", 0}, {"Log", log}};
        }
        return {{"Id", container.id},
                {"Name", "/" + container.name},
                {"Config", config},
                {"State", state},
                {"HostConfig", container.host_config}};
    }
    nlohmann::json ContainerList(const engine::client::ContainerListOptions& options) override {
        const Scope scope(*this, "ContainerList all=" + std::to_string(options.all) + Labels(options.filters), "");
        const std::lock_guard lock(mutex_);
        nlohmann::json list = nlohmann::json::array();
        for (const auto& [id, container] : containers_) {
            if ((options.all || container.state == "running") &&
                options.filters.MatchKVList("label", container.labels)) {
                list.push_back({{"Id", id},
                                {"Names", {"/" + container.name}},
                                {"Labels", container.labels},
                                {"State", container.state}});
            }
        }
        return list;
    }
    nlohmann::json NetworkCreate(const nlohmann::json& body) override {
        const std::string name = body.value("Name", "");
        const Scope scope(*this, "NetworkCreate " + name, name);
        const std::lock_guard lock(mutex_);
        if (networks_.contains(name)) {
            throw engine::Error(engine::Errc::kConflict,
                                "Error response from daemon: network with name " + name + " already exists");
        }
        networks_[name] = {};
        return {{"Id", "net-" + name}, {"Warning", ""}};
    }
    void NetworkRemove(std::string_view id) override {
        const Scope scope(*this, "NetworkRemove " + std::string(id), std::string(id));
        const std::lock_guard lock(mutex_);
        const std::string name = NetworkName(id);
        for (const auto& [container_id, container] : containers_) {
            if (container.networks.contains(name)) {
                throw engine::Error(engine::Errc::kConflict,
                                    "Error response from daemon: error while removing network: network " + name +
                                        " has active endpoints (" + container.name + ")");
            }
        }
        networks_.erase(name);
    }
    void NetworkConnect(std::string_view id, const nlohmann::json& body) override {
        const std::string container_id = body.value("Container", "");
        const Scope scope(*this, "NetworkConnect " + std::string(id) + " " + container_id, std::string(id));
        const std::lock_guard lock(mutex_);
        const std::string name = NetworkName(id);
        MustFind(container_id).networks.insert(name);
    }
    void NetworkDisconnect(std::string_view id, std::string_view container, bool force) override {
        const Scope scope(
            *this,
            "NetworkDisconnect " + std::string(id) + " " + std::string(container) + " force=" + std::to_string(force),
            std::string(id));
        const std::lock_guard lock(mutex_);
        const std::string name = NetworkName(id);
        MustFind(container).networks.erase(name);
    }
    nlohmann::json VolumeCreate(const nlohmann::json& body) override {
        const std::string name = body.value("Name", "");
        const Scope scope(*this, "VolumeCreate " + name, name);
        const std::lock_guard lock(mutex_);
        volumes_.insert(name);
        return {{"Name", name}, {"Driver", "local"}};
    }
    void VolumeRemove(std::string_view name, bool force) override {
        const Scope scope(
            *this, "VolumeRemove " + std::string(name) + " force=" + std::to_string(force), std::string(name));
        const std::lock_guard lock(mutex_);
        if (volumes_.erase(std::string(name)) == 0) {
            throw engine::Error(engine::Errc::kNotFound,
                                "Error response from daemon: get " + std::string(name) + ": no such volume");
        }
    }

    // --- calls the executor never makes: they fail loudly ---------------------------------------

    engine::client::PingResult Ping() override { Unsupported("Ping"); }
    nlohmann::json Version() override { Unsupported("Version"); }
    nlohmann::json Info() override { Unsupported("Info"); }
    void Events(const engine::client::EventsOptions&, const engine::client::JsonCallback&) override {
        Unsupported("Events");
    }
    nlohmann::json ImageList(bool, const engine::api::Filters&) override { Unsupported("ImageList"); }
    nlohmann::json ImageInspect(std::string_view) override { Unsupported("ImageInspect"); }
    nlohmann::json ImageHistory(std::string_view) override { Unsupported("ImageHistory"); }
    void ImageTag(std::string_view, std::string_view, std::string_view) override { Unsupported("ImageTag"); }
    nlohmann::json ImageRemove(std::string_view, bool, bool) override { Unsupported("ImageRemove"); }
    void ImageImport(const engine::client::ImageImportOptions&, const engine::client::JsonCallback&) override {
        Unsupported("ImageImport");
    }
    void ImageLoad(int, bool, const engine::client::JsonCallback&) override { Unsupported("ImageLoad"); }
    void ImageSave(const std::vector<std::string>&, int) override { Unsupported("ImageSave"); }
    nlohmann::json ImagePrune(bool, const engine::api::Filters&) override { Unsupported("ImagePrune"); }
    nlohmann::json SystemDf() override { Unsupported("SystemDf"); }
    void ImagePull(std::string_view, std::string_view, const engine::client::JsonCallback&) override {
        Unsupported("ImagePull");
    }
    void ContainerRestart(std::string_view, std::optional<int>, std::string_view) override {
        Unsupported("ContainerRestart");
    }
    void ContainerKill(std::string_view, std::string_view) override { Unsupported("ContainerKill"); }
    void ContainerPause(std::string_view) override { Unsupported("ContainerPause"); }
    void ContainerUnpause(std::string_view) override { Unsupported("ContainerUnpause"); }
    nlohmann::json ContainerWait(std::string_view, std::string_view) override { Unsupported("ContainerWait"); }
    void ContainerLogs(std::string_view,
                       const engine::client::LogsOptions&,
                       bool,
                       const engine::client::OutputCallback&) override {
        Unsupported("ContainerLogs");
    }
    nlohmann::json ContainerTop(std::string_view, std::string_view) override { Unsupported("ContainerTop"); }
    nlohmann::json ContainerChanges(std::string_view) override { Unsupported("ContainerChanges"); }
    std::unique_ptr<engine::client::RawStream> ContainerAttach(std::string_view,
                                                               const engine::client::AttachOptions&) override {
        Unsupported("ContainerAttach");
    }
    std::unique_ptr<engine::client::PendingWait> ContainerWaitBegin(std::string_view, std::string_view) override {
        Unsupported("ContainerWaitBegin");
    }
    void ContainerResize(std::string_view, int, int) override { Unsupported("ContainerResize"); }
    nlohmann::json ExecCreate(std::string_view, const nlohmann::json&) override { Unsupported("ExecCreate"); }
    std::unique_ptr<engine::client::RawStream> ExecStart(std::string_view, bool, bool) override {
        Unsupported("ExecStart");
    }
    nlohmann::json ExecInspect(std::string_view) override { Unsupported("ExecInspect"); }
    void ExecResize(std::string_view, int, int) override { Unsupported("ExecResize"); }
    void ContainerExport(std::string_view, int) override { Unsupported("ContainerExport"); }
    nlohmann::json ContainerArchiveGet(std::string_view,
                                       std::string_view,
                                       const engine::client::DataCallback&) override {
        Unsupported("ContainerArchiveGet");
    }
    nlohmann::json ContainerArchiveStat(std::string_view, std::string_view) override {
        Unsupported("ContainerArchiveStat");
    }
    void ContainerArchivePut(std::string_view, std::string_view, int, bool, bool) override {
        Unsupported("ContainerArchivePut");
    }
    void ContainerStats(std::string_view, bool, const engine::client::JsonCallback&) override {
        Unsupported("ContainerStats");
    }
    nlohmann::json ContainerPrune(const engine::api::Filters&) override { Unsupported("ContainerPrune"); }
    nlohmann::json NetworkList(const engine::api::Filters&) override { Unsupported("NetworkList"); }
    nlohmann::json NetworkInspect(std::string_view, bool) override { Unsupported("NetworkInspect"); }
    nlohmann::json NetworkPrune(const engine::api::Filters&) override { Unsupported("NetworkPrune"); }
    nlohmann::json BuildCachePrune(bool, const engine::api::Filters&) override { Unsupported("BuildCachePrune"); }
    nlohmann::json VolumeList(const engine::api::Filters&) override { Unsupported("VolumeList"); }
    nlohmann::json VolumeInspect(std::string_view) override { Unsupported("VolumeInspect"); }
    nlohmann::json VolumePrune(const engine::api::Filters&) override { Unsupported("VolumePrune"); }

  private:
    struct HealthChange final {
        int inspections = 0;
        std::string status;
        std::string output;
    };

    /// Records a call for its lifetime, applies the failure and delay set up for it.
    class Scope final {
      public:
        Scope(FakeEngine& engine, std::string text, const std::string& target) : engine_(engine) {
            index_ = engine_.Begin(std::move(text), target);
        }
        ~Scope() { engine_.End(index_); }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

      private:
        FakeEngine& engine_;
        std::size_t index_;
    };

    [[noreturn]] static void Unsupported(const std::string& method) {
        throw engine::Error(engine::Errc::kInternal, "fake engine: " + method + " is not supported");
    }

    std::size_t Begin(std::string text, const std::string& target) {
        std::unique_lock lock(mutex_);
        const std::size_t index = calls_.size();
        calls_.push_back(FakeCall{index + 1, text, ++tick_, 0});
        max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
        cv_.notify_all();
        std::chrono::milliseconds delay{0};
        std::size_t best = 0;
        for (const auto& [prefix, value] : delays_) {
            if (text.starts_with(prefix) && prefix.size() >= best) {
                best = prefix.size();
                delay = value;
            }
        }
        if (delay.count() > 0) {
            cv_.wait_for(lock, std::chrono::seconds(1), [this] { return in_flight_ >= rendezvous_; });
            lock.unlock();
            std::this_thread::sleep_for(delay);  // the work a real daemon would do
            lock.lock();
        }
        const std::string method = text.substr(0, text.find(' '));
        for (const std::string& key : {method + " " + target, method + " " + ContainerNameOf(target), method + " "}) {
            if (const auto failure = failures_.find(key); failure != failures_.end()) {
                End(index, lock);
                throw failure->second;
            }
        }
        return index;
    }
    void End(std::size_t index) {
        std::unique_lock lock(mutex_);
        End(index, lock);
    }
    void End(std::size_t index, std::unique_lock<std::mutex>&) {
        if (calls_[index].end == 0) {
            calls_[index].end = ++tick_;
            --in_flight_;
        }
    }

    std::string ContainerNameOf(const std::string& id_or_name) const {
        const FakeContainer* container = FindContainer(id_or_name);
        return container != nullptr ? container->name : id_or_name;
    }
    const FakeContainer* FindContainer(std::string_view id_or_name) const {
        return const_cast<FakeEngine*>(this)->FindMutable(id_or_name);
    }
    FakeContainer* FindMutable(std::string_view id_or_name) {
        if (const auto exact = containers_.find(std::string(id_or_name)); exact != containers_.end()) {
            return &exact->second;
        }
        for (auto& [id, container] : containers_) {
            if (container.name == id_or_name) {
                return &container;
            }
        }
        return nullptr;
    }
    FakeContainer& MustFind(std::string_view id_or_name) {
        FakeContainer* container = FindMutable(id_or_name);
        if (container == nullptr) {
            throw engine::Error(engine::Errc::kNotFound,
                                "Error response from daemon: No such container: " + std::string(id_or_name));
        }
        return *container;
    }
    std::string NetworkName(std::string_view id) const {
        const std::string name = std::string(id).starts_with("net-") ? std::string(id).substr(4) : std::string(id);
        if (!networks_.contains(name)) {
            throw engine::Error(engine::Errc::kNotFound,
                                "Error response from daemon: network " + std::string(id) + " not found");
        }
        return name;
    }
    void AdvanceHealth(FakeContainer& container) {
        if (container.state != "running") {
            return;
        }
        ++container.inspections;
        const auto change = health_changes_.find(container.name);
        if (change != health_changes_.end() && container.inspections >= change->second.inspections &&
            container.health != change->second.status) {
            container.health = change->second.status;
            container.health_log.push_back(change->second.output);
        }
    }
    static std::string Labels(const engine::api::Filters& filters) {
        std::string text;
        for (const std::string& label : filters.Values("label")) {
            text += " " + label;
        }
        return text;
    }

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::map<std::string, FakeContainer> containers_;
    std::map<std::string, std::set<std::string>> networks_;
    std::set<std::string> volumes_;
    std::map<std::string, HealthChange> health_changes_;
    std::map<std::string, int> exit_on_start_;
    std::map<std::string, engine::Error> failures_;
    std::map<std::string, std::chrono::milliseconds> delays_;
    std::size_t rendezvous_ = 0;
    std::vector<FakeCall> calls_;
    std::size_t tick_ = 0;
    std::size_t in_flight_ = 0;
    std::size_t max_in_flight_ = 0;
};

}  // namespace compose::reconcile::testing
