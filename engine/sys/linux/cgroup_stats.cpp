#include <algorithm>
#include <charconv>
#include <system_error>

#include <sched.h>
#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/sys/linux/cgroup.hpp"
#include "engine/sys/linux/kernel_files.hpp"

namespace engine::sys {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kNanosPerSecond = 1'000'000'000;
constexpr std::uint64_t kNanosPerMicro = 1'000;

std::uint64_t Lookup(const std::map<std::string, std::uint64_t>& values, const std::string& key) {
    const auto found = values.find(key);
    return found == values.end() ? 0 : found->second;
}

std::uint64_t TicksToNanos(std::uint64_t ticks) {
    const long ticks_per_second = ::sysconf(_SC_CLK_TCK);
    return ticks * kNanosPerSecond / static_cast<std::uint64_t>(ticks_per_second > 0 ? ticks_per_second : 100);
}

bool IsDirectory(const fs::path& path) {
    std::error_code ignored;
    return !path.empty() && fs::is_directory(path, ignored);
}

// "8:0 Read 4096" lines; the "Total N" line and anything else is skipped.
std::vector<CgroupBlkioEntry> ParseBlkioV1(const std::optional<std::string>& text) {
    std::vector<CgroupBlkioEntry> entries;
    if (!text) {
        return entries;
    }
    for (const std::string_view line : detail::SplitFields(*text, "\n")) {
        const std::vector<std::string_view> fields = detail::SplitFields(line, " :");
        if (fields.size() != 4) {
            continue;
        }
        CgroupBlkioEntry entry{0, 0, std::string(fields[2]), 0};
        std::from_chars(fields[0].data(), fields[0].data() + fields[0].size(), entry.major);
        std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), entry.minor);
        std::from_chars(fields[3].data(), fields[3].data() + fields[3].size(), entry.value);
        entries.push_back(std::move(entry));
    }
    return entries;
}

// "8:0 rbytes=1 wbytes=2 rios=3 ..." lines, one per device.
std::vector<CgroupBlkioEntry> ParseIoStatV2(const std::optional<std::string>& text) {
    std::vector<CgroupBlkioEntry> entries;
    if (!text) {
        return entries;
    }
    for (const std::string_view line : detail::SplitFields(*text, "\n")) {
        const std::vector<std::string_view> fields = detail::SplitFields(line, " ");
        const std::vector<std::string_view> device = fields.empty() ? fields : detail::SplitFields(fields[0], ":");
        if (device.size() != 2) {
            continue;
        }
        std::uint64_t major = 0;
        std::uint64_t minor = 0;
        std::from_chars(device[0].data(), device[0].data() + device[0].size(), major);
        std::from_chars(device[1].data(), device[1].data() + device[1].size(), minor);
        std::string keyed;
        for (std::size_t i = 1; i < fields.size(); ++i) {
            std::string field(fields[i]);
            std::replace(field.begin(), field.end(), '=', ' ');
            keyed += field + "\n";
        }
        const std::map<std::string, std::uint64_t> values = detail::ParseFlatKeyed(keyed);
        entries.push_back({major, minor, "read", Lookup(values, "rbytes")});
        entries.push_back({major, minor, "write", Lookup(values, "wbytes")});
    }
    return entries;
}

void SumBlkio(CgroupBlkioStats& blkio) {
    for (const CgroupBlkioEntry& entry : blkio.io_service_bytes_recursive) {
        if (entry.op == "Read" || entry.op == "read") {
            blkio.read_bytes += entry.value;
        } else if (entry.op == "Write" || entry.op == "write") {
            blkio.write_bytes += entry.value;
        }
    }
}

std::vector<std::uint64_t> ParseNumbers(const std::optional<std::string>& text) {
    std::vector<std::uint64_t> numbers;
    const std::string content = text.value_or("");
    for (const std::string_view field : detail::SplitFields(content)) {
        std::uint64_t value = 0;
        std::from_chars(field.data(), field.data() + field.size(), value);
        numbers.push_back(value);
    }
    return numbers;
}

CgroupStats ReadV1(const CgroupHost& host, const std::string& cgroups_path) {
    CgroupStats stats;
    const fs::path memory = CgroupDirectory(host, cgroups_path, "memory");
    stats.memory.usage = detail::ReadCounter(memory, "memory.usage_in_bytes");
    stats.memory.max_usage = detail::ReadCounter(memory, "memory.max_usage_in_bytes");
    stats.memory.failcnt = detail::ReadCounter(memory, "memory.failcnt");
    stats.memory.limit = detail::ReadCounter(memory, "memory.limit_in_bytes");
    stats.memory.stat = detail::ReadFlatKeyed(memory, "memory.stat");
    stats.memory.cache = Lookup(stats.memory.stat, "cache");
    stats.memory.rss = Lookup(stats.memory.stat, "rss");

    const fs::path cpuacct = CgroupDirectory(host, cgroups_path, "cpuacct");
    stats.cpu.total_usage_ns = detail::ReadCounter(cpuacct, "cpuacct.usage");
    stats.cpu.percpu_usage_ns = ParseNumbers(detail::ReadIfExists(cpuacct, "cpuacct.usage_percpu"));
    const std::map<std::string, std::uint64_t> ticks = detail::ReadFlatKeyed(cpuacct, "cpuacct.stat");
    stats.cpu.user_ns = TicksToNanos(Lookup(ticks, "user"));
    stats.cpu.system_ns = TicksToNanos(Lookup(ticks, "system"));
    const std::map<std::string, std::uint64_t> cpu =
        detail::ReadFlatKeyed(CgroupDirectory(host, cgroups_path, "cpu"), "cpu.stat");
    stats.cpu.periods = Lookup(cpu, "nr_periods");
    stats.cpu.throttled_periods = Lookup(cpu, "nr_throttled");
    stats.cpu.throttled_time_ns = Lookup(cpu, "throttled_time");

    const fs::path blkio = CgroupDirectory(host, cgroups_path, "blkio");
    stats.blkio.io_service_bytes_recursive =
        ParseBlkioV1(detail::ReadIfExists(blkio, "blkio.throttle.io_service_bytes_recursive"));
    stats.blkio.io_serviced_recursive =
        ParseBlkioV1(detail::ReadIfExists(blkio, "blkio.throttle.io_serviced_recursive"));
    return stats;
}

CgroupStats ReadV2(const fs::path& directory) {
    CgroupStats stats;
    stats.version = CgroupVersion::kV2;
    stats.memory.usage = detail::ReadCounter(directory, "memory.current");
    stats.memory.limit = detail::ReadCounter(directory, "memory.max");
    stats.memory.stat = detail::ReadFlatKeyed(directory, "memory.stat");
    stats.memory.cache = Lookup(stats.memory.stat, "file");
    stats.memory.rss = Lookup(stats.memory.stat, "anon");

    const std::map<std::string, std::uint64_t> cpu = detail::ReadFlatKeyed(directory, "cpu.stat");
    stats.cpu.total_usage_ns = Lookup(cpu, "usage_usec") * kNanosPerMicro;
    stats.cpu.user_ns = Lookup(cpu, "user_usec") * kNanosPerMicro;
    stats.cpu.system_ns = Lookup(cpu, "system_usec") * kNanosPerMicro;
    stats.cpu.periods = Lookup(cpu, "nr_periods");
    stats.cpu.throttled_periods = Lookup(cpu, "nr_throttled");
    stats.cpu.throttled_time_ns = Lookup(cpu, "throttled_usec") * kNanosPerMicro;

    stats.blkio.io_service_bytes_recursive = ParseIoStatV2(detail::ReadIfExists(directory, "io.stat"));
    return stats;
}

void CollectProcesses(const fs::path& directory, std::vector<pid_t>& pids) {
    for (const std::uint64_t pid : ParseNumbers(detail::ReadIfExists(directory, "cgroup.procs"))) {
        pids.push_back(static_cast<pid_t>(pid));
    }
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(directory, error)) {
        std::error_code ignored;
        if (entry.is_directory(ignored)) {
            CollectProcesses(entry.path(), pids);
        }
    }
}

}  // namespace

std::uint64_t OomKillCount(const CgroupHost& host, const std::string& cgroups_path) {
    const fs::path directory = CgroupDirectory(host, cgroups_path, "memory");
    if (directory.empty()) {
        return 0;
    }
    const char* file = host.version == CgroupVersion::kV2 ? "memory.events" : "memory.oom_control";
    return Lookup(detail::ReadFlatKeyed(directory, file), "oom_kill");
}

CgroupStats ReadCgroupStats(const CgroupHost& host, const std::string& cgroups_path) {
    // The memory controller is where crun always puts a container; on v2 there is one tree.
    const fs::path probe = CgroupDirectory(host, cgroups_path, host.version == CgroupVersion::kV2 ? "" : "memory");
    if (!IsDirectory(probe)) {
        throw Error(Errc::kNotFound, "cgroup " + cgroups_path + ": not found (is the container running?)");
    }
    CgroupStats stats = host.version == CgroupVersion::kV2 ? ReadV2(probe) : ReadV1(host, cgroups_path);
    const fs::path pids = CgroupDirectory(host, cgroups_path, "pids");
    stats.pids.current = detail::ReadCounter(pids, "pids.current");
    stats.pids.limit = detail::ReadCounter(pids, "pids.max");
    if (stats.pids.limit == UINT64_MAX) {
        stats.pids.limit = 0;
    }
    SumBlkio(stats.blkio);
    return stats;
}

std::vector<pid_t> CgroupProcesses(const CgroupHost& host, const std::string& cgroups_path) {
    std::vector<pid_t> pids;
    if (host.version == CgroupVersion::kV2) {
        CollectProcesses(CgroupDirectory(host, cgroups_path, ""), pids);
    } else {
        // Every v1 hierarchy holds the container's processes; the first mounted one will do.
        for (const char* controller : {"pids", "memory", "cpuacct", "cpu", "devices", "freezer"}) {
            const fs::path directory = CgroupDirectory(host, cgroups_path, controller);
            if (IsDirectory(directory)) {
                CollectProcesses(directory, pids);
                break;
            }
        }
    }
    std::sort(pids.begin(), pids.end());
    pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
    return pids;
}

std::uint64_t SystemCpuUsageNanos(const fs::path& proc_stat) {
    const std::string text = ReadFile(proc_stat);
    for (const std::string_view line : detail::SplitFields(text, "\n")) {
        const std::vector<std::string_view> fields = detail::SplitFields(line, " ");
        if (fields.empty() || fields[0] != "cpu") {
            continue;
        }
        if (fields.size() < 8) {
            throw Error(Errc::kInternal, proc_stat.string() + ": the cpu line has fewer than 7 counters");
        }
        std::uint64_t ticks = 0;
        for (std::size_t i = 1; i < 8; ++i) {
            ticks += detail::ParseCounter(fields[i], proc_stat.string());
        }
        return TicksToNanos(ticks);
    }
    throw Error(Errc::kInternal, proc_stat.string() + ": no \"cpu\" line");
}

unsigned OnlineCpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) {
        return static_cast<unsigned>(CPU_COUNT(&set));
    }
    const long online = ::sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? static_cast<unsigned>(online) : 1;
}

std::uint64_t MachineMemoryBytes(const fs::path& meminfo) {
    const std::string text = ReadFile(meminfo);
    for (const std::string_view line : detail::SplitFields(text, "\n")) {
        const std::vector<std::string_view> fields = detail::SplitFields(line, " ");
        if (fields.size() >= 2 && fields[0] == "MemTotal:") {
            return detail::ParseCounter(fields[1], meminfo.string()) * 1024;
        }
    }
    throw Error(Errc::kInternal, meminfo.string() + ": no MemTotal line");
}

}  // namespace engine::sys
