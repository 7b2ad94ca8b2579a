#include "engine/api/container_config_json.hpp"

namespace engine::api {
namespace {

using Json = nlohmann::json;

Json Nullable(const StringList& list) {
    return list ? Json(*list) : Json(nullptr);
}

Json Nullable(const StringMap& map) {
    return map ? Json(*map) : Json(nullptr);
}

Json SetJson(const std::set<std::string>& set) {
    Json object = Json::object();
    for (const std::string& key : set) {
        object[key] = Json::object();
    }
    return object;
}

template <class T, class Render>
Json NullableList(const std::optional<std::vector<T>>& items, Render render) {
    if (!items) {
        return nullptr;
    }
    Json list = Json::array();
    for (const T& item : *items) {
        list.push_back(render(item));
    }
    return list;
}

// Sets `key` only when `value` is not Go's zero value (the omitempty tag).
void PutIfNotEmpty(Json& object, const char* key, const std::string& value) {
    if (!value.empty()) {
        object[key] = value;
    }
}

Json HealthJson(const HealthConfig& health) {
    Json out = Json::object();
    if (health.test && !health.test->empty()) {
        out["Test"] = *health.test;
    }
    const std::pair<const char*, std::int64_t> fields[] = {
        {"Interval", health.interval},
        {"Timeout", health.timeout},
        {"StartPeriod", health.start_period},
        {"StartInterval", health.start_interval},
        {"Retries", health.retries},
    };
    for (const auto& [key, value] : fields) {
        if (value != 0) {
            out[key] = value;
        }
    }
    return out;
}

Json ThrottleDevicesJson(const std::optional<std::vector<ThrottleDevice>>& devices) {
    return NullableList(devices, [](const ThrottleDevice& d) { return Json{{"Path", d.path}, {"Rate", d.rate}}; });
}

void PutResources(Json& out, const Resources& r) {
    out["CpuShares"] = r.cpu_shares;
    out["Memory"] = r.memory;
    out["NanoCpus"] = r.nano_cpus;
    out["CgroupParent"] = r.cgroup_parent;
    out["BlkioWeight"] = r.blkio_weight;
    out["BlkioWeightDevice"] = NullableList(r.blkio_weight_device, [](const WeightDevice& d) {
        return Json{{"Path", d.path}, {"Weight", d.weight}};
    });
    out["BlkioDeviceReadBps"] = ThrottleDevicesJson(r.blkio_device_read_bps);
    out["BlkioDeviceWriteBps"] = ThrottleDevicesJson(r.blkio_device_write_bps);
    out["BlkioDeviceReadIOps"] = ThrottleDevicesJson(r.blkio_device_read_iops);
    out["BlkioDeviceWriteIOps"] = ThrottleDevicesJson(r.blkio_device_write_iops);
    out["CpuPeriod"] = r.cpu_period;
    out["CpuQuota"] = r.cpu_quota;
    out["CpuRealtimePeriod"] = r.cpu_realtime_period;
    out["CpuRealtimeRuntime"] = r.cpu_realtime_runtime;
    out["CpusetCpus"] = r.cpuset_cpus;
    out["CpusetMems"] = r.cpuset_mems;
    out["Devices"] = NullableList(r.devices, [](const DeviceMapping& d) {
        return Json{{"PathOnHost", d.path_on_host},
                    {"PathInContainer", d.path_in_container},
                    {"CgroupPermissions", d.cgroup_permissions}};
    });
    out["DeviceCgroupRules"] = Nullable(r.device_cgroup_rules);
    out["DeviceRequests"] = NullableList(r.device_requests, [](const DeviceRequest& d) {
        return Json{{"Driver", d.driver},
                    {"Count", d.count},
                    {"DeviceIDs", Nullable(d.device_ids)},
                    {"Capabilities", d.capabilities ? Json(*d.capabilities) : Json(nullptr)},
                    {"Options", Nullable(d.options)}};
    });
    out["KernelMemory"] = r.kernel_memory;
    out["KernelMemoryTCP"] = r.kernel_memory_tcp;
    out["MemoryReservation"] = r.memory_reservation;
    out["MemorySwap"] = r.memory_swap;
    out["MemorySwappiness"] = r.memory_swappiness ? Json(*r.memory_swappiness) : Json(nullptr);
    out["OomKillDisable"] = r.oom_kill_disable ? Json(*r.oom_kill_disable) : Json(nullptr);
    out["PidsLimit"] = r.pids_limit ? Json(*r.pids_limit) : Json(nullptr);
    out["Ulimits"] = NullableList(r.ulimits, [](const Ulimit& u) {
        return Json{{"Name", u.name}, {"Hard", u.hard}, {"Soft", u.soft}};
    });
    out["CpuCount"] = r.cpu_count;
    out["CpuPercent"] = r.cpu_percent;
    out["IOMaximumIOps"] = r.io_maximum_iops;
    out["IOMaximumBandwidth"] = r.io_maximum_bandwidth;
}

void PutOmitEmpty(Json& out, const HostConfig& h) {
    if (h.storage_opt && !h.storage_opt->empty()) {
        out["StorageOpt"] = *h.storage_opt;
    }
    if (h.tmpfs && !h.tmpfs->empty()) {
        out["Tmpfs"] = *h.tmpfs;
    }
    if (h.sysctls && !h.sysctls->empty()) {
        out["Sysctls"] = *h.sysctls;
    }
    PutIfNotEmpty(out, "Runtime", h.runtime);
    if (h.mounts && !h.mounts->empty()) {
        out["Mounts"] = NullableList(h.mounts, MountJson);
    }
    if (h.init) {
        out["Init"] = *h.init;
    }
}

}  // namespace

Json ContainerConfigJson(const ContainerConfig& c) {
    Json out = {
        {"Hostname", c.hostname},
        {"Domainname", c.domainname},
        {"User", c.user},
        {"AttachStdin", c.attach_stdin},
        {"AttachStdout", c.attach_stdout},
        {"AttachStderr", c.attach_stderr},
        {"Tty", c.tty},
        {"OpenStdin", c.open_stdin},
        {"StdinOnce", c.stdin_once},
        {"Env", Nullable(c.env)},
        {"Cmd", Nullable(c.cmd)},
        {"Image", c.image},
        {"Volumes", c.volumes ? SetJson(*c.volumes) : Json(nullptr)},
        {"WorkingDir", c.working_dir},
        {"Entrypoint", Nullable(c.entrypoint)},
        {"OnBuild", Nullable(c.on_build)},
        {"Labels", Nullable(c.labels)},
    };
    if (c.exposed_ports && !c.exposed_ports->empty()) {
        out["ExposedPorts"] = SetJson(*c.exposed_ports);
    }
    if (c.healthcheck) {
        out["Healthcheck"] = HealthJson(*c.healthcheck);
    }
    if (c.args_escaped) {
        out["ArgsEscaped"] = true;
    }
    if (c.network_disabled) {
        out["NetworkDisabled"] = true;
    }
    PutIfNotEmpty(out, "MacAddress", c.mac_address);
    PutIfNotEmpty(out, "StopSignal", c.stop_signal);
    if (c.stop_timeout) {
        out["StopTimeout"] = *c.stop_timeout;
    }
    if (c.shell && !c.shell->empty()) {
        out["Shell"] = *c.shell;
    }
    return out;
}

Json HostConfigJson(const HostConfig& h) {
    Json out = {
        {"Binds", Nullable(h.binds)},
        {"ContainerIDFile", h.container_id_file},
        {"LogConfig", {{"Type", h.log_config.type}, {"Config", Nullable(h.log_config.config)}}},
        {"NetworkMode", h.network_mode},
        {"PortBindings", PortMapJson(h.port_bindings)},
        {"RestartPolicy",
         {{"Name", h.restart_policy.name}, {"MaximumRetryCount", h.restart_policy.maximum_retry_count}}},
        {"AutoRemove", h.auto_remove},
        {"VolumeDriver", h.volume_driver},
        {"VolumesFrom", Nullable(h.volumes_from)},
        {"CapAdd", Nullable(h.cap_add)},
        {"CapDrop", Nullable(h.cap_drop)},
        {"CgroupnsMode", h.cgroupns_mode},
        {"Dns", Nullable(h.dns)},
        {"DnsOptions", Nullable(h.dns_options)},
        {"DnsSearch", Nullable(h.dns_search)},
        {"ExtraHosts", Nullable(h.extra_hosts)},
        {"GroupAdd", Nullable(h.group_add)},
        {"IpcMode", h.ipc_mode},
        {"Cgroup", h.cgroup},
        {"Links", Nullable(h.links)},
        {"OomScoreAdj", h.oom_score_adj},
        {"PidMode", h.pid_mode},
        {"Privileged", h.privileged},
        {"PublishAllPorts", h.publish_all_ports},
        {"ReadonlyRootfs", h.readonly_rootfs},
        {"SecurityOpt", Nullable(h.security_opt)},
        {"UTSMode", h.uts_mode},
        {"UsernsMode", h.userns_mode},
        {"ShmSize", h.shm_size},
        {"ConsoleSize", h.console_size},
        {"Isolation", h.isolation},
        {"MaskedPaths", Nullable(h.masked_paths)},
        {"ReadonlyPaths", Nullable(h.readonly_paths)},
    };
    PutResources(out, h.resources);
    PutOmitEmpty(out, h);
    return out;
}

Json EndpointSettingsJson(const EndpointSettings& e) {
    Json ipam = nullptr;
    if (e.ipam_config) {
        ipam = Json::object();
        PutIfNotEmpty(ipam, "IPv4Address", e.ipam_config->ipv4_address);
        PutIfNotEmpty(ipam, "IPv6Address", e.ipam_config->ipv6_address);
        if (e.ipam_config->link_local_ips && !e.ipam_config->link_local_ips->empty()) {
            ipam["LinkLocalIPs"] = *e.ipam_config->link_local_ips;
        }
    }
    return {
        {"IPAMConfig", ipam},
        {"Links", Nullable(e.links)},
        {"Aliases", Nullable(e.aliases)},
        {"NetworkID", e.network_id},
        {"EndpointID", e.endpoint_id},
        {"Gateway", e.gateway},
        {"IPAddress", e.ip_address},
        {"IPPrefixLen", e.ip_prefix_len},
        {"IPv6Gateway", e.ipv6_gateway},
        {"GlobalIPv6Address", e.global_ipv6_address},
        {"GlobalIPv6PrefixLen", e.global_ipv6_prefix_len},
        {"MacAddress", e.mac_address},
        {"DriverOpts", Nullable(e.driver_opts)},
    };
}

Json PortMapJson(const PortMap& ports) {
    if (!ports) {
        return nullptr;
    }
    Json out = Json::object();
    for (const auto& [port, bindings] : *ports) {
        out[port] = NullableList(bindings, [](const PortBinding& b) {
            return Json{{"HostIp", b.host_ip}, {"HostPort", b.host_port}};
        });
    }
    return out;
}

Json MountJson(const Mount& m) {
    Json out = Json::object();
    PutIfNotEmpty(out, "Type", m.type);
    PutIfNotEmpty(out, "Source", m.source);
    PutIfNotEmpty(out, "Target", m.target);
    if (m.read_only) {
        out["ReadOnly"] = true;
    }
    PutIfNotEmpty(out, "Consistency", m.consistency);
    if (m.bind_options) {
        Json& bind = out["BindOptions"] = Json::object();
        PutIfNotEmpty(bind, "Propagation", m.bind_options->propagation);
        if (m.bind_options->non_recursive) {
            bind["NonRecursive"] = true;
        }
    }
    if (m.volume_options) {
        Json& volume = out["VolumeOptions"] = Json::object();
        if (m.volume_options->no_copy) {
            volume["NoCopy"] = true;
        }
        if (m.volume_options->labels && !m.volume_options->labels->empty()) {
            volume["Labels"] = *m.volume_options->labels;
        }
        if (const auto& driver = m.volume_options->driver_config) {
            Json& config = volume["DriverConfig"] = Json::object();
            PutIfNotEmpty(config, "Name", driver->name);
            if (driver->options && !driver->options->empty()) {
                config["Options"] = *driver->options;
            }
        }
    }
    if (m.tmpfs_options) {
        Json& tmpfs = out["TmpfsOptions"] = Json::object();
        if (m.tmpfs_options->size_bytes != 0) {
            tmpfs["SizeBytes"] = m.tmpfs_options->size_bytes;
        }
        if (m.tmpfs_options->mode != 0) {
            tmpfs["Mode"] = m.tmpfs_options->mode;
        }
    }
    return out;
}

}  // namespace engine::api
