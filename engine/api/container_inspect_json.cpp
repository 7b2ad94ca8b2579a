#include "engine/api/container_inspect_json.hpp"

#include <charconv>

#include "engine/api/container_config_json.hpp"
#include "engine/api/container_time.hpp"

namespace engine::api {
namespace {

using Json = nlohmann::json;

Json HealthJson(const HealthState& health) {
    Json log = nullptr;  // a nil slice until the first probe
    for (const HealthcheckResult& result : health.log) {
        log.push_back({{"Start", FormatGoTime(result.start)},
                       {"End", FormatGoTime(result.end)},
                       {"ExitCode", result.exit_code},
                       {"Output", result.output}});
    }
    return {{"Status", health.status}, {"FailingStreak", health.failing_streak}, {"Log", log}};
}

Json StateJson(const ContainerState& state) {
    Json out = {
        {"Status", StateString(state)},
        {"Running", state.running},
        {"Paused", state.paused},
        {"Restarting", state.restarting},
        {"OOMKilled", state.oom_killed},
        {"Dead", state.dead},
        {"Pid", state.pid},
        {"ExitCode", state.exit_code},
        {"Error", state.error},
        {"StartedAt", FormatGoTime(state.started_at)},
        {"FinishedAt", FormatGoTime(state.finished_at)},
    };
    if (state.health) {
        out["Health"] = HealthJson(*state.health);
    }
    return out;
}

Json MountPointsJson(const std::vector<MountPointView>& mounts) {
    Json out = Json::array();
    for (const MountPointView& mount : mounts) {
        Json item = {{"Source", mount.source},
                     {"Destination", mount.destination},
                     {"Mode", mount.mode},
                     {"RW", mount.rw},
                     {"Propagation", mount.propagation}};
        for (const auto& [key, value] :
             {std::pair{"Type", &mount.type}, {"Name", &mount.name}, {"Driver", &mount.driver}}) {
            if (!value->empty()) {
                item[key] = *value;
            }
        }
        out.push_back(std::move(item));
    }
    return out;
}

Json NetworksJson(const std::map<std::string, EndpointSettings>& networks) {
    Json out = Json::object();
    for (const auto& [name, endpoint] : networks) {
        out[name] = EndpointSettingsJson(endpoint);
    }
    return out;
}

Json NetworkSettingsJson(const NetworkSettingsView& n) {
    return {
        {"Bridge", n.bridge},
        {"SandboxID", n.sandbox_id},
        {"HairpinMode", n.hairpin_mode},
        {"LinkLocalIPv6Address", n.link_local_ipv6_address},
        {"LinkLocalIPv6PrefixLen", n.link_local_ipv6_prefix_len},
        {"Ports", PortMapJson(n.ports)},
        {"SandboxKey", n.sandbox_key},
        {"SecondaryIPAddresses", nullptr},
        {"SecondaryIPv6Addresses", nullptr},
        {"EndpointID", n.endpoint_id},
        {"Gateway", n.gateway},
        {"GlobalIPv6Address", n.global_ipv6_address},
        {"GlobalIPv6PrefixLen", n.global_ipv6_prefix_len},
        {"IPAddress", n.ip_address},
        {"IPPrefixLen", n.ip_prefix_len},
        {"IPv6Gateway", n.ipv6_gateway},
        {"MacAddress", n.mac_address},
        {"Networks", NetworksJson(n.networks)},
    };
}

// nat.ParsePort: "" is 0; anything unparsable is 0 too (moby would fail the whole list).
std::uint64_t ParsePort(std::string_view text) {
    std::uint64_t port = 0;
    std::from_chars(text.data(), text.data() + text.size(), port);
    return port;
}

}  // namespace

std::string StateString(const ContainerState& state) {
    if (state.running) {
        return state.paused ? "paused" : state.restarting ? "restarting" : "running";
    }
    if (state.removal_in_progress) {
        return "removing";
    }
    if (state.dead) {
        return "dead";
    }
    return state.started_at == 0 ? "created" : "exited";
}

std::string StatusString(const ContainerState& state, UnixNanos now) {
    if (state.running) {
        const std::string up = "Up " + HumanDuration(now - state.started_at);
        if (state.paused) {
            return up + " (Paused)";
        }
        if (state.restarting) {
            return "Restarting (" + std::to_string(state.exit_code) + ") " + HumanDuration(now - state.finished_at) +
                   " ago";
        }
        if (state.health) {
            return up + " (" + (state.health->status == "starting" ? "health: starting" : state.health->status) + ")";
        }
        return up;
    }
    if (state.removal_in_progress) {
        return "Removal In Progress";
    }
    if (state.dead) {
        return "Dead";
    }
    if (state.started_at == 0) {
        return "Created";
    }
    if (state.finished_at == 0) {
        return "";
    }
    return "Exited (" + std::to_string(state.exit_code) + ") " + HumanDuration(now - state.finished_at) + " ago";
}

std::string HealthString(const ContainerState& state) {
    return state.health ? state.health->status : "none";
}

Json ContainerInspectJson(const ContainerView& v) {
    Json out = {
        {"Id", v.id},
        {"Created", FormatGoTime(v.created)},
        {"Path", v.path},
        {"Args", v.args},
        {"State", StateJson(v.state)},
        {"Image", v.image_id},
        {"ResolvConfPath", v.resolv_conf_path},
        {"HostnamePath", v.hostname_path},
        {"HostsPath", v.hosts_path},
        {"LogPath", v.log_path},
        {"Name", v.name},
        {"RestartCount", v.restart_count},
        {"Driver", v.driver},
        {"Platform", v.platform},
        {"MountLabel", v.mount_label},
        {"ProcessLabel", v.process_label},
        {"AppArmorProfile", v.app_armor_profile},
        {"ExecIDs", v.exec_ids.empty() ? Json(nullptr) : Json(v.exec_ids)},
        {"HostConfig", HostConfigJson(v.host_config)},
        {"GraphDriver", {{"Name", v.graph_driver_name}, {"Data", v.graph_driver_data}}},
        {"Mounts", MountPointsJson(v.mounts)},
        {"Config", ContainerConfigJson(v.config)},
        {"NetworkSettings", NetworkSettingsJson(v.network_settings)},
    };
    if (v.size_rw) {
        out["SizeRw"] = *v.size_rw;
    }
    if (v.size_root_fs) {
        out["SizeRootFs"] = *v.size_root_fs;
    }
    return out;
}

Json SummaryPortsJson(const PortMap& ports) {
    Json out = Json::array();
    for (const auto& [port, bindings] : ports.value_or(std::map<std::string, PortBindingList>{})) {
        const std::size_t slash = port.find('/');
        const std::uint64_t private_port = ParsePort(std::string_view(port).substr(0, slash));
        const std::string type =
            slash == std::string::npos || slash + 1 == port.size() ? "tcp" : port.substr(slash + 1);
        if (!bindings || bindings->empty()) {
            out.push_back({{"PrivatePort", private_port}, {"Type", type}});
            continue;
        }
        for (const PortBinding& binding : *bindings) {
            Json item = {{"PrivatePort", private_port}, {"Type", type}};
            if (!binding.host_ip.empty()) {
                item["IP"] = binding.host_ip;
            }
            if (const std::uint64_t public_port = ParsePort(binding.host_port); public_port != 0) {
                item["PublicPort"] = public_port;
            }
            out.push_back(std::move(item));
        }
    }
    return out;
}

std::string SummaryCommand(const ContainerView& view) {
    std::string command = view.path;
    for (std::size_t i = 0; i < view.args.size(); ++i) {
        const std::string& arg = view.args[i];
        command += " " + (arg.find(' ') != std::string::npos ? "'" + arg + "'" : arg);
    }
    return command;
}

Json ContainerSummaryJson(const ContainerView& v, bool size, UnixNanos now) {
    std::int64_t created = v.created / 1'000'000'000;
    if (v.created < 0 && v.created % 1'000'000'000 != 0) {
        --created;
    }
    Json host_config = Json::object();
    if (!v.host_config.network_mode.empty()) {
        host_config["NetworkMode"] = v.host_config.network_mode;
    }
    Json out = {
        {"Id", v.id},
        {"Names", Json::array({v.name})},
        {"Image", v.image},
        {"ImageID", v.image_id},
        {"Command", SummaryCommand(v)},
        {"Created", created},
        {"Ports", SummaryPortsJson(v.network_settings.ports)},
        {"Labels", v.config.labels ? Json(*v.config.labels) : Json(nullptr)},
        {"State", StateString(v.state)},
        {"Status", StatusString(v.state, now)},
        {"HostConfig", host_config},
        {"NetworkSettings", {{"Networks", NetworksJson(v.network_settings.networks)}}},
        {"Mounts", MountPointsJson(v.mounts)},
    };
    if (size && v.size_rw.value_or(0) != 0) {
        out["SizeRw"] = *v.size_rw;
    }
    if (size && v.size_root_fs.value_or(0) != 0) {
        out["SizeRootFs"] = *v.size_root_fs;
    }
    return out;
}

}  // namespace engine::api
