#include "engine/daemon/system_routes.hpp"

#include <chrono>
#include <ctime>

#include "engine/api/api_version.hpp"
#include "engine/daemon/api_headers.hpp"

namespace engine::daemon {
namespace {

// `docker info` shows the daemon's clock; moby formats it as RFC 3339 with nanoseconds.
std::string NowRfc3339Nano() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto nanos =
        std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count() % 1'000'000'000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &utc);
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%09lldZ", static_cast<long long>(nanos));
    return std::string(date) + fraction;
}

void HandlePing(const ApiRequest& request, http::ResponseWriter& response) {
    const http::Headers headers = {
        {"Cache-Control", "no-cache, no-store, must-revalidate"},
        {"Pragma", "no-cache"},
        {"Swarm", "inactive"},
    };
    // moby answers HEAD with an empty body and Content-Length 0, GET with "OK".
    const bool head = request.http.head.method == "HEAD";
    response.Send(200, "text/plain; charset=utf-8", head ? "" : "OK", headers);
}

nlohmann::json SystemDfJson(const SystemRoutesContext& context) {
    nlohmann::json images = context.image_disk_usage
                                ? context.image_disk_usage()
                                : nlohmann::json{{"LayersSize", 0}, {"Images", nlohmann::json::array()}};
    return {
        {"LayersSize", images.value("LayersSize", 0)},
        {"Images", images.value("Images", nlohmann::json::array())},
        {"Containers", context.container_disk_usage ? context.container_disk_usage() : nlohmann::json::array()},
        {"Volumes", context.volume_disk_usage ? context.volume_disk_usage() : nlohmann::json::array()},
        {"BuildCache", nlohmann::json::array()},
    };
}

}  // namespace

nlohmann::json VersionJson(const HostFacts& host) {
    const std::string version(BerthVersion());
    const std::string commit(BerthGitCommit());
    const std::string arch = GoArchitecture(host.architecture);
    const std::string compiler = "none (C++, GCC " __VERSION__ ")";
    return {
        {"Platform", {{"Name", "Berth Engine"}}},
        {"Components",
         {{{"Name", "Engine"},
           {"Version", version},
           {"Details",
            {{"ApiVersion", api::kDefaultApiVersionText},
             {"MinAPIVersion", api::kMinApiVersion.ToString()},
             {"GitCommit", commit},
             {"GoVersion", compiler},
             {"Os", "linux"},
             {"Arch", arch},
             {"KernelVersion", host.kernel_version},
             {"Experimental", "false"},
             {"BuildTime", ""}}}}}},
        {"Version", version},
        {"ApiVersion", api::kDefaultApiVersionText},
        {"MinAPIVersion", api::kMinApiVersion.ToString()},
        {"GitCommit", commit},
        {"GoVersion", compiler},
        {"Os", "linux"},
        {"Arch", arch},
        {"KernelVersion", host.kernel_version},
        {"BuildTime", ""},
    };
}

nlohmann::json InfoJson(const SystemRoutesContext& context) {
    const HostFacts& host = context.host;
    const std::size_t images = context.image_count ? context.image_count() : 0;
    const std::array<std::size_t, 3> containers =
        context.container_counts ? context.container_counts() : std::array<std::size_t, 3>{0, 0, 0};
    nlohmann::json runtimes = nlohmann::json::object();
    for (const auto& [name, path] : context.runtimes) {
        runtimes[name] = {{"path", path}};
    }
    return {
        {"ID", context.engine_id},
        {"Containers", containers[0]},
        {"ContainersRunning", containers[1]},
        {"ContainersPaused", containers[2]},
        {"ContainersStopped", containers[0] - containers[1] - containers[2]},
        {"Images", images},
        {"Driver", "overlay2"},
        // [][2]string in Go: an array of pairs, never an object.
        {"DriverStatus",
         nlohmann::json::array({nlohmann::json::array({"Backing Filesystem", "extfs"}),
                                nlohmann::json::array({"Supports d_type", "true"})})},
        {"DockerRootDir", context.data_root.string()},
        {"Plugins",
         {{"Volume", {"local"}},
          {"Network", {"bridge", "host", "null"}},
          {"Authorization", nullptr},
          {"Log", {"json-file"}}}},
        {"MemoryLimit", true},
        {"SwapLimit", true},
        {"KernelMemory", false},
        {"KernelMemoryTCP", false},
        {"CpuCfsPeriod", true},
        {"CpuCfsQuota", true},
        {"CPUShares", true},
        {"CPUSet", true},
        {"PidsLimit", true},
        {"OomKillDisable", host.cgroup_version == 1},
        {"IPv4Forwarding", true},
        {"BridgeNfIptables", false},
        {"BridgeNfIp6tables", false},
        {"Debug", context.log_level == "debug"},
        {"NFd", 0},
        {"NGoroutines", 0},
        {"SystemTime", NowRfc3339Nano()},
        {"LoggingDriver", "json-file"},
        {"CgroupDriver", "cgroupfs"},
        {"CgroupVersion", std::to_string(host.cgroup_version)},
        {"NEventsListener", 0},
        {"KernelVersion", host.kernel_version},
        {"OperatingSystem", host.operating_system},
        {"OSVersion", host.os_version},
        {"OSType", "linux"},
        {"Architecture", host.architecture},
        {"NCPU", host.cpu_count},
        {"MemTotal", host.memory_bytes},
        {"IndexServerAddress", "https://index.docker.io/v1/"},
        {"RegistryConfig",
         {{"AllowNondistributableArtifactsCIDRs", nlohmann::json::array()},
          {"AllowNondistributableArtifactsHostnames", nlohmann::json::array()},
          {"InsecureRegistryCIDRs", {"127.0.0.0/8"}},
          {"IndexConfigs", nlohmann::json::object()},
          {"Mirrors", nlohmann::json::array()}}},
        {"GenericResources", nullptr},
        {"HttpProxy", ""},
        {"HttpsProxy", ""},
        {"NoProxy", ""},
        {"Name", host.hostname},
        {"Labels", nlohmann::json::array()},
        {"ExperimentalBuild", false},
        {"ServerVersion", std::string(BerthVersion())},
        {"Runtimes", runtimes},
        {"DefaultRuntime", context.default_runtime},
        {"Swarm",
         {{"NodeID", ""},
          {"NodeAddr", ""},
          {"LocalNodeState", "inactive"},
          {"ControlAvailable", false},
          {"Error", ""},
          {"RemoteManagers", nullptr}}},
        {"LiveRestoreEnabled", true},
        {"Isolation", ""},
        {"InitBinary", context.init_binary},
        {"ContainerdCommit", {{"ID", ""}, {"Expected", ""}}},
        {"RuncCommit", {{"ID", ""}, {"Expected", ""}}},
        {"InitCommit", {{"ID", ""}, {"Expected", ""}}},
        {"SecurityOptions", {"name=seccomp,profile=default"}},
        {"DefaultAddressPools", nlohmann::json::array()},
        {"Warnings", context.warnings},
    };
}

void AddSystemRoutes(Router& router, const SystemRoutesContext& context) {
    router.Add("GET", "/_ping", HandlePing);
    router.Add("HEAD", "/_ping", HandlePing);
    router.Add("GET", "/version", [&context](ApiRequest&, http::ResponseWriter& response) {
        SendJson(response, 200, VersionJson(context.host));
    });
    router.Add("GET", "/info", [&context](ApiRequest&, http::ResponseWriter& response) {
        SendJson(response, 200, InfoJson(context));
    });
    router.Add("GET", "/system/df", [&context](ApiRequest&, http::ResponseWriter& response) {
        SendJson(response, 200, SystemDfJson(context));
    });
}

}  // namespace engine::daemon
