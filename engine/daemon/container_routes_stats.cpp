#include "engine/daemon/container_routes_stats.hpp"

#include <optional>
#include <thread>

#include "engine/api/container_time.hpp"
#include "engine/api/error_response.hpp"
#include "engine/base/error.hpp"
#include "engine/daemon/container_routes_internal.hpp"

namespace engine::daemon {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::chrono::milliseconds kStatsInterval{1000};
constexpr std::chrono::milliseconds kCancelPoll{100};

// Go's omitempty on an unsigned field: present only when non-zero.
void PutIfNonZero(Json& object, const char* key, std::uint64_t value) {
    if (value != 0) {
        object[key] = value;
    }
}

Json BlkioEntries(const std::vector<sys::CgroupBlkioEntry>& entries) {
    Json list = Json::array();
    for (const sys::CgroupBlkioEntry& entry : entries) {
        list.push_back(Json{{"major", entry.major}, {"minor", entry.minor}, {"op", entry.op}, {"value", entry.value}});
    }
    return list;
}

Json BlkioJson(const StatsSample* sample) {
    Json blkio;
    for (const char* key : {"io_service_bytes_recursive",
                            "io_serviced_recursive",
                            "io_queue_recursive",
                            "io_service_time_recursive",
                            "io_wait_time_recursive",
                            "io_merged_recursive",
                            "io_time_recursive",
                            "sectors_recursive"}) {
        blkio[key] = nullptr;
    }
    if (sample == nullptr) {
        return blkio;
    }
    const sys::CgroupBlkioStats& stats = sample->cgroup.blkio;
    // moby copies v1 tables into non-nil slices, and on v2 appends to a nil one.
    const bool v1 = sample->cgroup.version == sys::CgroupVersion::kV1;
    if (v1 || !stats.io_service_bytes_recursive.empty()) {
        blkio["io_service_bytes_recursive"] = BlkioEntries(stats.io_service_bytes_recursive);
    }
    if (v1) {
        blkio["io_serviced_recursive"] = BlkioEntries(stats.io_serviced_recursive);
    }
    return blkio;
}

Json CpuJson(const StatsSample* sample) {
    const sys::CgroupCpuStats cpu = sample != nullptr ? sample->cgroup.cpu : sys::CgroupCpuStats{};
    Json usage{{"total_usage", cpu.total_usage_ns}};
    if (!cpu.percpu_usage_ns.empty()) {
        usage["percpu_usage"] = cpu.percpu_usage_ns;
    }
    usage["usage_in_kernelmode"] = cpu.system_ns;
    usage["usage_in_usermode"] = cpu.user_ns;
    Json stats{{"cpu_usage", std::move(usage)}};
    if (sample != nullptr) {
        PutIfNonZero(stats, "system_cpu_usage", sample->system_cpu_nanos);
        PutIfNonZero(stats, "online_cpus", sample->online_cpus);
    }
    stats["throttling_data"] = Json{{"periods", cpu.periods},
                                    {"throttled_periods", cpu.throttled_periods},
                                    {"throttled_time", cpu.throttled_time_ns}};
    return stats;
}

Json MemoryJson(const StatsSample* sample) {
    Json memory = Json::object();
    if (sample == nullptr) {
        return memory;
    }
    const sys::CgroupMemoryStats& stats = sample->cgroup.memory;
    PutIfNonZero(memory, "usage", stats.usage);
    PutIfNonZero(memory, "max_usage", stats.max_usage);
    if (!stats.stat.empty()) {
        Json raw = Json::object();
        for (const auto& [key, value] : stats.stat) {
            raw[key] = value;
        }
        memory["stats"] = std::move(raw);
    }
    PutIfNonZero(memory, "failcnt", stats.failcnt);
    // A limit above the machine's memory is "no limit"; moby reports the machine's memory.
    std::uint64_t limit = stats.limit;
    if (sample->machine_memory != 0 && (limit == 0 || limit > sample->machine_memory)) {
        limit = sample->machine_memory;
    }
    PutIfNonZero(memory, "limit", limit);
    return memory;
}

Json PidsJson(const StatsSample* sample) {
    Json pids = Json::object();
    if (sample != nullptr) {
        PutIfNonZero(pids, "current", sample->cgroup.pids.current);
        PutIfNonZero(pids, "limit", sample->cgroup.pids.limit);
    }
    return pids;
}

// Reads the container's figures; nullopt when it does not run (its cgroup is gone).
std::optional<StatsSample> ReadSample(ContainerRoutesContext& context, const std::string& id, std::uint64_t machine) {
    try {
        const RunningContainer running = context.containers.Running(id);
        StatsSample sample;
        sample.cgroup = sys::ReadCgroupStats(context.cgroup_host, running.cgroups_path);
        sample.system_cpu_nanos = sys::SystemCpuUsageNanos();
        sample.online_cpus = sys::OnlineCpus();
        sample.machine_memory = machine;
        // Read from the host ends of the veth pairs: no need to enter the container's namespace.
        for (const auto& [interface, host_interface] : context.containers.HostInterfaces(id)) {
            try {
                sample.networks[interface] = sys::PeerCounters(sys::ReadLinkCounters(host_interface));
            } catch (const Error& error) {
                if (error.code() != Errc::kNotFound) {  // gone: the container is stopping
                    throw;
                }
            }
        }
        sample.read_nanos = NowUnixNanos();
        return sample;
    } catch (const Error& error) {
        if (error.code() == Errc::kConflict || error.code() == Errc::kNotFound) {
            // Not running, or it stopped while we read; a removed container ends the caller's
            // loop through its own Resolve.
            return std::nullopt;
        }
        throw;
    }
}

// Sleeps `duration` in short steps; false when the client left meanwhile.
bool SleepUnlessCancelled(http::ResponseWriter& response, std::chrono::milliseconds duration) {
    const auto deadline = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < deadline) {
        if (response.Cancelled()) {
            return false;
        }
        std::this_thread::sleep_for(std::min(
            kCancelPoll,
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())));
    }
    return !response.Cancelled();
}

std::string Encode(const Json& value) {
    return value.dump() + "\n";  // Go's json.Encoder ends each object with a newline
}

void StreamStats(ContainerRoutesContext& context,
                 const api::ContainerView& view,
                 std::uint64_t machine,
                 http::ResponseWriter& response) {
    response.BeginStream(200, api::kJsonContentType);
    std::optional<StatsSample> previous;
    for (;;) {
        try {
            context.containers.Resolve(view.id);
        } catch (const Error&) {
            break;  // removed: moby's collector unsubscribes it, which ends the stream
        }
        std::optional<StatsSample> current = ReadSample(context, view.id, machine);
        const Json stats =
            StatsJson(view.name, view.id, current ? &*current : nullptr, previous ? &*previous : nullptr);
        if (!response.WriteChunk(Encode(stats))) {
            return;
        }
        previous = std::move(current);
        if (!SleepUnlessCancelled(response, kStatsInterval)) {
            return;
        }
    }
    response.EndStream();
}

}  // namespace

Json StatsJson(const std::string& name,
               const std::string& id,
               const StatsSample* current,
               const StatsSample* previous) {
    Json stats;
    stats["read"] = api::FormatGoTime(current != nullptr ? current->read_nanos : 0);
    stats["preread"] = api::FormatGoTime(current != nullptr && previous != nullptr ? previous->read_nanos : 0);
    stats["pids_stats"] = PidsJson(current);
    stats["blkio_stats"] = BlkioJson(current);
    stats["num_procs"] = 0;
    stats["storage_stats"] = Json::object();
    stats["cpu_stats"] = CpuJson(current);
    stats["precpu_stats"] = CpuJson(current != nullptr ? previous : nullptr);
    stats["memory_stats"] = MemoryJson(current);
    stats["name"] = name;
    stats["id"] = id;
    if (current != nullptr && !current->networks.empty()) {
        Json& networks = stats["networks"];
        for (const auto& [interface, counters] : current->networks) {
            networks[interface] = Json{{"rx_bytes", counters.rx_bytes},
                                       {"rx_packets", counters.rx_packets},
                                       {"rx_errors", counters.rx_errors},
                                       {"rx_dropped", counters.rx_dropped},
                                       {"tx_bytes", counters.tx_bytes},
                                       {"tx_packets", counters.tx_packets},
                                       {"tx_errors", counters.tx_errors},
                                       {"tx_dropped", counters.tx_dropped}};
        }
    }
    return stats;
}

void HandleContainerStats(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const bool stream = request.query.BoolValueOrDefault("stream", true);
    const bool one_shot = request.query.BoolValue("one-shot");
    if (stream && one_shot) {
        throw Error(Errc::kInvalidArgument, "cannot have stream=true and one-shot=true");
    }
    const api::ContainerView view = context.containers.View(request.Param("id"));
    const std::uint64_t machine = sys::MachineMemoryBytes();
    if (stream) {
        StreamStats(context, view, machine, response);
        return;
    }
    std::optional<StatsSample> first = ReadSample(context, view.id, machine);
    if (!first) {
        response.Send(200, api::kJsonContentType, Encode(StatsJson(view.name, view.id, nullptr, nullptr)));
        return;
    }
    if (one_shot) {
        response.Send(200, api::kJsonContentType, Encode(StatsJson(view.name, view.id, &*first, nullptr)));
        return;
    }
    // moby primes the CPU figures with a first reading, so the one it sends has a base.
    if (!SleepUnlessCancelled(response, kStatsInterval)) {
        return;
    }
    const std::optional<StatsSample> second = ReadSample(context, view.id, machine);
    const StatsSample* current = second ? &*second : &*first;
    const StatsSample* previous = second ? &*first : nullptr;
    response.Send(200, api::kJsonContentType, Encode(StatsJson(view.name, view.id, current, previous)));
}

}  // namespace engine::daemon
