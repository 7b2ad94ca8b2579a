// `berth stats --no-stream`: one sample per container, computed and shown as docker's
// formatter/stats.go does.
#include <cstdio>

#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/output.hpp"
#include "engine/cli/units.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kStatsTableFormat =
    "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

struct StatsOptions {
    bool all = false;
    bool no_stream = false;
    bool no_trunc = false;
    std::string format;
    std::vector<std::string> args;
};

double Number(const json& object, std::initializer_list<const char*> path) {
    const json* current = &object;
    for (const char* key : path) {
        if (!current->is_object() || !current->contains(key)) {
            return 0;
        }
        current = &(*current)[key];
    }
    return current->is_number() ? current->get<double>() : 0;
}

std::string Percent(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%%", value);
    return text;
}

double CpuPercent(const json& stats) {
    const double cpu_delta = Number(stats, {"cpu_stats", "cpu_usage", "total_usage"}) -
                             Number(stats, {"precpu_stats", "cpu_usage", "total_usage"});
    const double system_delta =
        Number(stats, {"cpu_stats", "system_cpu_usage"}) - Number(stats, {"precpu_stats", "system_cpu_usage"});
    double cpus = Number(stats, {"cpu_stats", "online_cpus"});
    if (cpus == 0) {
        const json per_cpu = stats.value("cpu_stats", json::object())
                                 .value("cpu_usage", json::object())
                                 .value("percpu_usage", json::array());
        cpus = static_cast<double>(per_cpu.is_array() ? per_cpu.size() : 0);
    }
    return system_delta > 0 && cpu_delta > 0 ? cpu_delta / system_delta * cpus * 100.0 : 0;
}

// docker's calculateMemUsageUnixNoCache: usage without the inactive page cache.
double MemoryUsage(const json& stats) {
    const double usage = Number(stats, {"memory_stats", "usage"});
    const json detail = stats.value("memory_stats", json::object()).value("stats", json::object());
    if (detail.contains("total_inactive_file") && Number(detail, {"total_inactive_file"}) < usage) {
        return usage - Number(detail, {"total_inactive_file"});
    }
    if (Number(detail, {"inactive_file"}) < usage) {
        return usage - Number(detail, {"inactive_file"});
    }
    return usage;
}

std::string Pair(double first, double second) {
    return HumanSizeWithPrecision(first, 3) + " / " + HumanSizeWithPrecision(second, 3);
}

json StatsRow(const json& stats, const std::string& requested, bool no_trunc) {
    double rx = 0;
    double tx = 0;
    const json networks = stats.value("networks", json::object());  // items() must not outlive it
    for (const auto& [name, network] : networks.items()) {
        rx += Number(network, {"rx_bytes"});
        tx += Number(network, {"tx_bytes"});
    }
    double read = 0;
    double written = 0;
    const json io = stats.value("blkio_stats", json::object()).value("io_service_bytes_recursive", json::array());
    for (const json& entry : io.is_array() ? io : json::array()) {
        const std::string op = entry.value("op", "");
        if (!op.empty() && (op[0] == 'r' || op[0] == 'R')) {
            read += Number(entry, {"value"});
        } else if (!op.empty() && (op[0] == 'w' || op[0] == 'W')) {
            written += Number(entry, {"value"});
        }
    }
    const double memory = MemoryUsage(stats);
    const double limit = Number(stats, {"memory_stats", "limit"});
    std::string name = stats.value("name", "");
    if (name.starts_with('/')) {
        name.erase(0, 1);
    }
    const std::string id = stats.value("id", requested);
    return json{{"Container", requested},
                {"ID", no_trunc ? id : TruncateId(id)},
                {"Name", name.empty() ? "--" : name},
                {"CPUPerc", Percent(CpuPercent(stats))},
                {"MemUsage", BytesSize(memory) + " / " + BytesSize(limit)},
                {"MemPerc", Percent(limit > 0 ? memory / limit * 100.0 : 0)},
                {"NetIO", Pair(rx, tx)},
                {"BlockIO", Pair(read, written)},
                {"PIDs", static_cast<std::int64_t>(Number(stats, {"pids_stats", "current"}))}};
}

void Stats(CommandContext& context, const StatsOptions& options) {
    if (!options.no_stream) {
        throw ExitError(1, "berth stats: only --no-stream is supported");
    }
    std::vector<std::string> names = options.args;
    if (names.empty()) {
        client::ContainerListOptions list;
        list.all = options.all;
        for (const json& container : context.Api().ContainerList(list)) {
            names.push_back(container.value("Id", ""));
        }
    }
    std::vector<json> rows;
    std::string errors;
    for (const std::string& name : names) {
        try {
            context.Api().ContainerStats(name, false, [&](const json& stats) {
                rows.push_back(StatsRow(stats, name, options.no_trunc));
                return false;
            });
        } catch (const Error& error) {
            errors += (errors.empty() ? "" : "\n") + std::string(error.what());
        }
    }
    WriteFormatted(context.io().out,
                   options.format,
                   kStatsTableFormat,
                   rows,
                   json{{"Container", "CONTAINER"},
                        {"ID", "CONTAINER ID"},
                        {"Name", "NAME"},
                        {"CPUPerc", "CPU %"},
                        {"MemUsage", "MEM USAGE / LIMIT"},
                        {"MemPerc", "MEM %"},
                        {"NetIO", "NET I/O"},
                        {"BlockIO", "BLOCK I/O"},
                        {"PIDs", "PIDS"}});
    if (!errors.empty()) {
        throw ExitError(1, errors);
    }
}

}  // namespace

void AddStatsCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent,
                                   context,
                                   name,
                                   "Display a live stream of container(s) resource usage statistics",
                                   "[OPTIONS] [CONTAINER...]");
    auto options = std::make_shared<StatsOptions>();
    command->add_flag("-a,--all", options->all, "Show all containers (default shows just running)");
    command->add_flag("--no-stream", options->no_stream, "Disable streaming stats and only pull the first result");
    command->add_flag("--no-trunc", options->no_trunc, "Do not truncate output");
    command->add_option("--format", options->format, "Format output using a custom template");
    command->add_option("args", options->args)->group("");
    command->callback([&context, options] { Stats(context, *options); });
}

}  // namespace engine::cli
