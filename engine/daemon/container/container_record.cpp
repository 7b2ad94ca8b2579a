#include "engine/daemon/container/container_record.hpp"

#include "engine/api/container_config_json.hpp"
#include "engine/api/container_create.hpp"
#include "engine/base/error.hpp"

namespace engine::daemon {
namespace {

using nlohmann::json;

json MountToJson(const MountRecord& mount) {
    return {{"Type", mount.type},
            {"Name", mount.name},
            {"Source", mount.source},
            {"Destination", mount.destination},
            {"RW", mount.rw},
            {"Mode", mount.mode},
            {"Propagation", mount.propagation},
            {"NonRecursive", mount.non_recursive},
            {"CopyData", mount.copy_data},
            {"Anonymous", mount.anonymous},
            {"TmpfsOptions", mount.tmpfs_options}};
}

MountRecord MountFromJson(const json& in) {
    MountRecord mount;
    mount.type = in.at("Type").get<std::string>();
    mount.name = in.value("Name", "");
    mount.source = in.value("Source", "");
    mount.destination = in.at("Destination").get<std::string>();
    mount.rw = in.value("RW", true);
    mount.mode = in.value("Mode", "");
    mount.propagation = in.value("Propagation", "");
    mount.non_recursive = in.value("NonRecursive", false);
    mount.copy_data = in.value("CopyData", true);
    mount.anonymous = in.value("Anonymous", false);
    mount.tmpfs_options = in.value("TmpfsOptions", "");
    return mount;
}

json HealthToJson(const api::HealthState& health) {
    json log = json::array();
    for (const api::HealthcheckResult& result : health.log) {
        log.push_back(
            {{"Start", result.start}, {"End", result.end}, {"ExitCode", result.exit_code}, {"Output", result.output}});
    }
    return {{"Status", health.status}, {"FailingStreak", health.failing_streak}, {"Log", log}};
}

api::HealthState HealthFromJson(const json& in) {
    api::HealthState health;
    health.status = in.at("Status").get<std::string>();
    health.failing_streak = in.value("FailingStreak", std::int64_t{0});
    for (const json& entry : in.value("Log", json::array())) {
        health.log.push_back({entry.at("Start").get<std::int64_t>(),
                              entry.at("End").get<std::int64_t>(),
                              entry.at("ExitCode").get<std::int64_t>(),
                              entry.at("Output").get<std::string>()});
    }
    return health;
}

json StateToJson(const api::ContainerState& state) {
    json out = {{"Running", state.running},
                {"Paused", state.paused},
                {"Restarting", state.restarting},
                {"OOMKilled", state.oom_killed},
                {"Dead", state.dead},
                {"Pid", state.pid},
                {"ExitCode", state.exit_code},
                {"Error", state.error},
                {"StartedAt", state.started_at},
                {"FinishedAt", state.finished_at}};
    if (state.health) {
        out["Health"] = HealthToJson(*state.health);
    }
    return out;
}

api::ContainerState StateFromJson(const json& in) {
    api::ContainerState state;
    state.running = in.value("Running", false);
    state.paused = in.value("Paused", false);
    state.restarting = in.value("Restarting", false);
    state.oom_killed = in.value("OOMKilled", false);
    state.dead = in.value("Dead", false);
    state.pid = in.value("Pid", std::int64_t{0});
    state.exit_code = in.value("ExitCode", std::int64_t{0});
    state.error = in.value("Error", "");
    state.started_at = in.value("StartedAt", std::int64_t{0});
    state.finished_at = in.value("FinishedAt", std::int64_t{0});
    if (in.contains("Health")) {
        state.health = HealthFromJson(in.at("Health"));
    }
    return state;
}

json SecurityToJson(const api::SecurityOptions& security) {
    return {{"NoNewPrivileges", security.no_new_privileges},
            {"SeccompProfile", security.seccomp_profile},
            {"AppArmorProfile", security.apparmor_profile},
            {"LabelOpts", security.label_opts}};
}

api::SecurityOptions SecurityFromJson(const json& in) {
    api::SecurityOptions security;
    security.no_new_privileges = in.value("NoNewPrivileges", false);
    security.seccomp_profile = in.value("SeccompProfile", "");
    security.apparmor_profile = in.value("AppArmorProfile", "");
    security.label_opts = in.value("LabelOpts", std::vector<std::string>{});
    return security;
}

json EndpointsToJson(const api::EndpointsConfig& endpoints) {
    json out = json::object();
    for (const auto& [name, settings] : endpoints) {
        out[name] = settings ? api::EndpointSettingsJson(*settings) : json(nullptr);
    }
    return out;
}

}  // namespace

json ContainerRecordToJson(const ContainerRecord& record) {
    json mounts = json::array();
    for (const MountRecord& mount : record.mounts) {
        mounts.push_back(MountToJson(mount));
    }
    return {{"Id", record.id},
            {"Name", record.name},
            {"Created", record.created},
            {"ImageRef", record.image_ref},
            {"ImageID", record.image_id},
            {"Config", api::ContainerConfigJson(record.config)},
            {"HostConfig", api::HostConfigJson(record.host_config)},
            {"Security", SecurityToJson(record.security)},
            {"Path", record.path},
            {"Args", record.args},
            {"Mounts", mounts},
            {"State", StateToJson(record.state)},
            {"RestartCount", record.restart_count},
            {"HasBeenStartedBefore", record.has_been_started_before},
            {"HasBeenManuallyStopped", record.manually_stopped},
            {"Runtime", record.runtime},
            {"Endpoints", EndpointsToJson(record.endpoints)},
            {"ExecIDs", record.exec_ids}};
}

ContainerRecord ContainerRecordFromJson(const json& in) {
    try {
        ContainerRecord record;
        record.id = in.at("Id").get<std::string>();
        record.name = in.at("Name").get<std::string>();
        record.created = in.at("Created").get<std::int64_t>();
        record.image_ref = in.value("ImageRef", "");
        record.image_id = in.at("ImageID").get<std::string>();
        // The create decoder reads Config at the top level and HostConfig inside it.
        json body = in.at("Config");
        body["HostConfig"] = in.at("HostConfig");
        body["NetworkingConfig"] = {{"EndpointsConfig", in.value("Endpoints", json::object())}};
        api::ContainerCreateRequest decoded = api::DecodeContainerCreate(body);
        record.config = std::move(decoded.config);
        record.host_config = std::move(decoded.host_config);
        record.endpoints = std::move(decoded.networking_config.endpoints_config);
        record.security = SecurityFromJson(in.value("Security", json::object()));
        record.path = in.value("Path", "");
        record.args = in.value("Args", std::vector<std::string>{});
        for (const json& mount : in.value("Mounts", json::array())) {
            record.mounts.push_back(MountFromJson(mount));
        }
        record.state = StateFromJson(in.at("State"));
        record.restart_count = in.value("RestartCount", std::int64_t{0});
        record.has_been_started_before = in.value("HasBeenStartedBefore", false);
        record.manually_stopped = in.value("HasBeenManuallyStopped", false);
        record.runtime = in.value("Runtime", "");
        record.exec_ids = in.value("ExecIDs", std::vector<std::string>{});
        return record;
    } catch (const Error& error) {
        throw error.Wrap("container record");
    } catch (const json::exception& error) {
        throw Error(Errc::kInvalidArgument, std::string("container record: ") + error.what());
    }
}

}  // namespace engine::daemon
