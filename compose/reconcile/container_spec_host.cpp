// HostConfig: how the engine sets the container up on the host (ports, restart, limits,
// namespaces, devices, logging). Mounts and networks have their own files.

#include <cmath>

#include "compose/reconcile/container_spec_internal.hpp"

namespace compose::reconcile::container_spec {
namespace {

using model::Value;

nlohmann::json PortBindings(const ServiceView& view) {
    nlohmann::json bindings = nlohmann::json::object();
    const Value* ports = view.Find("ports");
    if (ports == nullptr || !ports->IsSeq()) {
        return bindings;
    }
    for (const Value& port : ports->AsSeq()) {
        const std::optional<std::string> target = Text(port.Find("target"));
        if (!target) {
            continue;
        }
        const std::string key = *target + "/" + Text(port.Find("protocol")).value_or("tcp");
        // An empty HostPort lets the engine pick one; a range "8000-8005" is the engine's to choose from.
        bindings[key].push_back({{"HostIp", Text(port.Find("host_ip")).value_or("")},
                                 {"HostPort", Text(port.Find("published")).value_or("")}});
    }
    return bindings;
}

// Maps Compose's words (restart and deploy.restart_policy.condition) to the engine's.
std::string RestartName(const std::string& condition) {
    if (condition == "none" || condition == "no" || condition.empty()) {
        return "no";
    }
    if (condition == "any" || condition == "always") {
        return "always";
    }
    return condition;  // on-failure, unless-stopped, or something the engine will reject by name
}

nlohmann::json RestartPolicy(const ServiceView& view) {
    nlohmann::json policy = {{"Name", "no"}, {"MaximumRetryCount", 0}};
    if (std::optional<std::string> restart = Text(view.Find("restart")); restart) {
        const std::size_t colon = restart->find(':');
        policy["Name"] = RestartName(restart->substr(0, colon));
        if (colon != std::string::npos) {
            const Value count(restart->substr(colon + 1));
            policy["MaximumRetryCount"] = Integer(&count).value_or(0);
        }
    }
    // deploy.restart_policy wins over restart, as in Docker Compose.
    if (const Value* deployed = At(view.service, {"deploy", "restart_policy"}); deployed != nullptr) {
        policy["Name"] = RestartName(Text(deployed->Find("condition")).value_or("any"));
        policy["MaximumRetryCount"] = Integer(deployed->Find("max_attempts")).value_or(0);
    }
    return policy;
}

void SetInteger(nlohmann::json& host, const char* field, const Value* value) {
    if (std::optional<std::int64_t> number = Integer(value); number) {
        host[field] = *number;
    }
}

void SetBool(nlohmann::json& host, const char* field, const Value* value) {
    if (std::optional<bool> flag = Bool(value); flag) {
        host[field] = *flag;
    }
}

void SetText(nlohmann::json& host, const char* field, const Value* value) {
    if (std::optional<std::string> text = Text(value); text) {
        host[field] = *text;
    }
}

void SetNotNull(nlohmann::json& host, const char* field, nlohmann::json value) {
    if (!value.is_null()) {
        host[field] = std::move(value);
    }
}

void AddResources(const ServiceView& view, nlohmann::json& host) {
    const Value& service = view.service;
    SetInteger(host, "Memory", At(service, {"deploy", "resources", "limits", "memory"}));
    SetInteger(host, "MemoryReservation", At(service, {"deploy", "resources", "reservations", "memory"}));
    SetInteger(host, "PidsLimit", At(service, {"deploy", "resources", "limits", "pids"}));
    if (std::optional<double> cpus = Number(At(service, {"deploy", "resources", "limits", "cpus"})); cpus) {
        host["NanoCpus"] = static_cast<std::int64_t>(std::llround(*cpus * 1e9));
    }
    SetInteger(host, "MemorySwap", view.Find("memswap_limit"));
    SetInteger(host, "MemorySwappiness", view.Find("mem_swappiness"));
    SetInteger(host, "CpuShares", view.Find("cpu_shares"));
    SetInteger(host, "CpuQuota", view.Find("cpu_quota"));
    SetInteger(host, "CpuPeriod", view.Find("cpu_period"));
    SetText(host, "CpusetCpus", view.Find("cpuset"));
    SetInteger(host, "ShmSize", view.Find("shm_size"));
    SetBool(host, "OomKillDisable", view.Find("oom_kill_disable"));
    SetInteger(host, "OomScoreAdj", view.Find("oom_score_adj"));
}

nlohmann::json Ulimits(const Value* ulimits) {
    if (ulimits == nullptr || !ulimits->IsMap()) {
        return nullptr;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [name, limit] : ulimits->AsMap()) {
        const std::int64_t soft = Integer(limit.Find("soft")).value_or(Integer(&limit).value_or(0));
        const std::int64_t hard = Integer(limit.Find("hard")).value_or(soft);
        list.push_back({{"Name", name}, {"Soft", soft}, {"Hard", hard}});
    }
    return list;
}

nlohmann::json Device(const Value& entry) {
    std::string host_path;
    std::string container_path;
    std::string permissions = "rwm";
    if (entry.IsMap()) {
        host_path = Text(entry.Find("source")).value_or("");
        container_path = Text(entry.Find("target")).value_or(host_path);
        permissions = Text(entry.Find("permissions")).value_or(permissions);
    } else {
        const std::string text = entry.ScalarText();
        const std::size_t first = text.find(':');
        const std::size_t second = first == std::string::npos ? first : text.find(':', first + 1);
        host_path = text.substr(0, first);
        container_path = first == std::string::npos ? host_path : text.substr(first + 1, second - first - 1);
        if (second != std::string::npos) {
            permissions = text.substr(second + 1);
        }
    }
    return {{"PathOnHost", host_path}, {"PathInContainer", container_path}, {"CgroupPermissions", permissions}};
}

nlohmann::json Devices(const Value* devices) {
    if (devices == nullptr || !devices->IsSeq()) {
        return nullptr;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const Value& entry : devices->AsSeq()) {
        list.push_back(Device(entry));
    }
    return list;
}

// tmpfs "path[:options]" entries; the engine takes a map of path to mount options.
nlohmann::json Tmpfs(const Value* tmpfs) {
    nlohmann::json list = StringList(tmpfs);
    if (list.is_null()) {
        return nullptr;
    }
    nlohmann::json map = nlohmann::json::object();
    for (const auto& item : list) {
        const auto entry = item.get<std::string>();
        const std::size_t colon = entry.find(':');
        map[entry.substr(0, colon)] = colon == std::string::npos ? "" : entry.substr(colon + 1);
    }
    return map;
}

// The normalized "host=ip" becomes the engine's "host:ip".
nlohmann::json ExtraHosts(const Value* hosts) {
    nlohmann::json list = StringList(hosts);
    if (list.is_null()) {
        return list;
    }
    for (auto& entry : list) {
        std::string text = entry.get<std::string>();
        if (const std::size_t equals = text.find('='); equals != std::string::npos) {
            text[equals] = ':';
        }
        entry = text;
    }
    return list;
}

nlohmann::json VolumesFrom(const ServiceView& view) {
    nlohmann::json list = StringList(view.Find("volumes_from"));
    if (list.is_null()) {
        return list;
    }
    for (auto& entry : list) {
        const std::string text = entry.get<std::string>();
        if (text.starts_with("container:")) {
            entry = text.substr(std::string_view("container:").size());
        } else {
            // "service[:mode]": the service's first container.
            const std::size_t colon = text.find(':');
            entry = FirstContainerName(view.project, text.substr(0, colon)) +
                    (colon == std::string::npos ? "" : text.substr(colon));
        }
    }
    return list;
}

nlohmann::json LogConfig(const ServiceView& view) {
    const Value* logging = view.Find("logging");
    if (logging == nullptr) {
        return nullptr;
    }
    nlohmann::json config = StringMap(At(*logging, {"options"}));
    return {{"Type", Text(logging->Find("driver")).value_or("")},
            {"Config", config.is_null() ? nlohmann::json::object() : config}};
}

void AddNamespaces(const ServiceView& view, nlohmann::json& host) {
    if (std::string mode = NetworkMode(view); !mode.empty()) {
        host["NetworkMode"] = std::move(mode);
    }
    for (const auto& [key, field] : {std::pair{"ipc", "IpcMode"}, std::pair{"pid", "PidMode"}}) {
        if (std::optional<std::string> mode = Text(view.Find(key)); mode) {
            host[field] = ResolveServiceReference(view.project, *mode);
        }
    }
    SetText(host, "UTSMode", view.Find("uts"));
    SetText(host, "UsernsMode", view.Find("userns_mode"));
    SetText(host, "CgroupnsMode", view.Find("cgroup"));
    SetText(host, "CgroupParent", view.Find("cgroup_parent"));
    SetText(host, "Isolation", view.Find("isolation"));
    SetNotNull(host, "VolumesFrom", VolumesFrom(view));
}

void AddSecurity(const ServiceView& view, nlohmann::json& host) {
    host["Privileged"] = Bool(view.Find("privileged")).value_or(false);
    host["ReadonlyRootfs"] = Bool(view.Find("read_only")).value_or(false);
    SetBool(host, "Init", view.Find("init"));
    SetNotNull(host, "CapAdd", StringList(view.Find("cap_add")));
    SetNotNull(host, "CapDrop", StringList(view.Find("cap_drop")));
    SetNotNull(host, "SecurityOpt", StringList(view.Find("security_opt")));
    SetNotNull(host, "GroupAdd", StringList(view.Find("group_add")));
    SetNotNull(host, "Devices", Devices(view.Find("devices")));
    SetNotNull(host, "DeviceCgroupRules", StringList(view.Find("device_cgroup_rules")));
    SetNotNull(host, "Sysctls", StringMap(view.Find("sysctls")));
    SetNotNull(host, "Ulimits", Ulimits(view.Find("ulimits")));
    SetNotNull(host, "StorageOpt", StringMap(view.Find("storage_opt")));
}

}  // namespace

nlohmann::json HostConfig(const ServiceView& view, const nlohmann::json& replaced) {
    nlohmann::json host = nlohmann::json::object();
    AddMounts(view, replaced, host);
    host["PortBindings"] = PortBindings(view);
    host["PublishAllPorts"] = false;
    host["RestartPolicy"] = RestartPolicy(view);
    AddNamespaces(view, host);
    AddSecurity(view, host);
    SetNotNull(host, "Tmpfs", Tmpfs(view.Find("tmpfs")));
    SetNotNull(host, "Dns", StringList(view.Find("dns")));
    SetNotNull(host, "DnsSearch", StringList(view.Find("dns_search")));
    SetNotNull(host, "DnsOptions", StringList(view.Find("dns_opt")));
    SetNotNull(host, "ExtraHosts", ExtraHosts(view.Find("extra_hosts")));
    AddResources(view, host);
    SetNotNull(host, "LogConfig", LogConfig(view));
    SetText(host, "Runtime", view.Find("runtime"));
    return host;
}

}  // namespace compose::reconcile::container_spec
