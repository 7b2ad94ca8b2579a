// BuildCreateBody: docker's opts.go parse() turning run/create flags into the create request.
#include <algorithm>
#include <fstream>

#include "engine/cli/container_options.hpp"
#include "engine/cli/timestamp.hpp"
#include "engine/cli/units.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

[[noreturn]] void Invalid(std::string_view value, std::string_view flag, std::string_view problem) {
    throw ExitError(125,
                    "invalid argument \"" + std::string(value) + "\" for \"" + std::string(flag) +
                        "\" flag: " + std::string(problem));
}

std::int64_t Bytes(const std::string& value, std::string_view flag) {
    if (flag == "--memory-swap" && value == "-1") {
        return -1;
    }
    const std::optional<std::int64_t> bytes = RamInBytes(value);
    if (!bytes) {
        Invalid(value, flag, "invalid size: '" + value + "'");
    }
    return *bytes;
}

std::int64_t Nanoseconds(const std::string& value, std::string_view flag) {
    std::chrono::nanoseconds duration{};
    if (!ParseGoDuration(value, duration)) {
        Invalid(value, flag, "time: invalid duration \"" + value + "\"");
    }
    if (duration.count() < 0) {
        throw ExitError(125, std::string(flag) + " cannot be negative");
    }
    return duration.count();
}

std::pair<std::string, std::string> SplitPair(const std::string& text) {
    const std::size_t equals = text.find('=');
    if (equals == std::string::npos) {
        return {text, ""};
    }
    return {text.substr(0, equals), text.substr(equals + 1)};
}

// docker's opts.ValidateEnv: "NAME" alone takes the client's value when it has one.
std::string ResolveEnv(const std::string& entry, const client::GetEnv& get_env) {
    if (entry.find('=') != std::string::npos || !get_env) {
        return entry;
    }
    const std::optional<std::string> value = get_env(entry);
    return value ? entry + "=" + *value : entry;
}

std::vector<std::string> ReadLineFile(const std::string& path) {
    std::ifstream file(path);
    if (!file) {
        throw ExitError(125, "open " + path + ": no such file or directory");
    }
    std::vector<std::string> lines;
    for (std::string line; std::getline(file, line);) {
        const std::size_t begin = line.find_first_not_of(" \t");
        if (begin == std::string::npos || line[begin] == '#') {
            continue;
        }
        lines.push_back(line.substr(begin));
    }
    return lines;
}

json Environment(const ContainerOptions& options, const client::GetEnv& get_env) {
    json env = json::array();
    for (const std::string& file : options.env_files) {
        for (const std::string& line : ReadLineFile(file)) {
            env.push_back(ResolveEnv(line, get_env));
        }
    }
    for (const std::string& entry : options.env) {
        if (entry.empty() || entry.front() == '=') {
            Invalid(entry, "-e, --env", "invalid environment variable: " + entry);
        }
        env.push_back(ResolveEnv(entry, get_env));
    }
    return env;
}

json Labels(const ContainerOptions& options) {
    json labels = json::object();
    std::vector<std::string> all;
    for (const std::string& file : options.label_files) {
        for (const std::string& line : ReadLineFile(file)) {
            all.push_back(line);
        }
    }
    all.insert(all.end(), options.labels.begin(), options.labels.end());
    for (const std::string& label : all) {
        const auto [key, value] = SplitPair(label);
        labels[key] = value;
    }
    return labels;
}

json Healthcheck(const ContainerOptions& options) {
    const bool have_settings = !options.health_cmd.empty() || !options.health_interval.empty() ||
                               !options.health_timeout.empty() || !options.health_start_period.empty() ||
                               !options.health_start_interval.empty() || options.health_retries != 0;
    if (options.no_healthcheck) {
        if (have_settings) {
            throw ExitError(125, "--no-healthcheck conflicts with --health-* options");
        }
        return json{{"Test", {"NONE"}}};
    }
    if (!have_settings) {
        return nullptr;
    }
    if (options.health_retries < 0) {
        throw ExitError(125, "--health-retries cannot be negative");
    }
    const auto duration = [](const std::string& value, std::string_view flag) {
        return value.empty() ? 0 : Nanoseconds(value, flag);
    };
    return json{
        {"Test", options.health_cmd.empty() ? json(nullptr) : json{"CMD-SHELL", options.health_cmd}},
        {"Interval", duration(options.health_interval, "--health-interval")},
        {"Timeout", duration(options.health_timeout, "--health-timeout")},
        {"StartPeriod", duration(options.health_start_period, "--health-start-period")},
        {"StartInterval", duration(options.health_start_interval, "--health-start-interval")},
        {"Retries", options.health_retries},
    };
}

json RestartPolicy(const std::string& value) {
    if (value.empty()) {
        return json{{"Name", "no"}, {"MaximumRetryCount", 0}};
    }
    const std::size_t colon = value.find(':');
    const std::string name = value.substr(0, colon);
    int retries = 0;
    if (colon != std::string::npos) {
        if (name != "on-failure") {
            throw ExitError(125,
                            "invalid restart policy format: maximum retry count can only be used with 'on-failure'");
        }
        try {
            retries = std::stoi(value.substr(colon + 1));
        } catch (const std::exception&) {
            throw ExitError(125, "invalid restart policy format: maximum retry count must be an integer");
        }
    }
    if (name != "no" && name != "always" && name != "on-failure" && name != "unless-stopped") {
        throw ExitError(125, "invalid restart policy format: unknown policy '" + name + "'");
    }
    return json{{"Name", name}, {"MaximumRetryCount", retries}};
}

json Ulimits(const std::vector<std::string>& values) {
    json ulimits = json::array();
    for (const std::string& value : values) {
        const auto [name, limits] = SplitPair(value);
        const std::size_t colon = limits.find(':');
        try {
            const std::int64_t soft = std::stoll(limits.substr(0, colon));
            const std::int64_t hard = colon == std::string::npos ? soft : std::stoll(limits.substr(colon + 1));
            ulimits.push_back(json{{"Name", name}, {"Soft", soft}, {"Hard", hard}});
        } catch (const std::exception&) {
            Invalid(value, "--ulimit", "invalid ulimit argument: " + value);
        }
    }
    return ulimits;
}

json KeyValues(const std::vector<std::string>& values) {
    json map = json::object();
    for (const std::string& value : values) {
        const auto [key, item] = SplitPair(value);
        map[key] = item;
    }
    return map;
}

// The Config part of the body: the process, its IO and metadata.
json ContainerConfig(const ContainerOptions& options,
                     const std::string& image,
                     const std::vector<std::string>& args,
                     const client::GetEnv& get_env) {
    const bool attach_all = options.attach.empty();
    const auto attached = [&options](std::string_view stream) {
        return std::find(options.attach.begin(), options.attach.end(), stream) != options.attach.end();
    };
    json config = {
        {"Hostname", options.hostname},
        {"User", options.user},
        {"AttachStdin", options.interactive || attached("stdin")},
        {"AttachStdout", attach_all || attached("stdout")},
        {"AttachStderr", attach_all || attached("stderr")},
        {"Tty", options.tty},
        {"OpenStdin", options.interactive},
        {"StdinOnce", false},
        {"Env", Environment(options, get_env)},
        {"Cmd", args.empty() ? json(nullptr) : json(args)},
        {"Image", image},
        {"WorkingDir", options.workdir},
        {"Labels", Labels(options)},
    };
    if (options.entrypoint) {
        config["Entrypoint"] = json::array({*options.entrypoint});
    }
    if (!options.stop_signal.empty()) {
        config["StopSignal"] = options.stop_signal;
    }
    if (options.stop_timeout) {
        config["StopTimeout"] = *options.stop_timeout;
    }
    if (json health = Healthcheck(options); !health.is_null()) {
        config["Healthcheck"] = std::move(health);
    }
    return config;
}

// HostConfig fields docker sends only when their flag was given.
void AddOptionalHostFields(const ContainerOptions& options, json& host) {
    if (!options.cpus.empty()) {
        try {
            std::size_t used = 0;
            const double cpus = std::stod(options.cpus, &used);
            if (used != options.cpus.size()) {
                throw std::invalid_argument("trailing");
            }
            host["NanoCpus"] = static_cast<std::int64_t>(cpus * 1e9);
        } catch (const std::exception&) {
            Invalid(options.cpus, "--cpus", "failed to parse " + options.cpus + " as a rational number");
        }
    }
    if (options.pids_limit) {
        host["PidsLimit"] = *options.pids_limit;
    }
    if (options.init) {
        host["Init"] = *options.init;
    }
    if (!options.sysctls.empty()) {
        host["Sysctls"] = KeyValues(options.sysctls);
    }
    if (!options.tmpfs.empty()) {
        json tmpfs = json::object();
        for (const std::string& spec : options.tmpfs) {
            const std::size_t colon = spec.find(':');
            tmpfs[spec.substr(0, colon)] = colon == std::string::npos ? "" : spec.substr(colon + 1);
        }
        host["Tmpfs"] = tmpfs;
    }
    if (options.auto_remove && !options.restart.empty() && options.restart != "no") {
        throw ExitError(125, "Conflicting options: --restart and --rm");
    }
}

json HostConfig(const ContainerOptions& options, json binds, json port_bindings) {
    json host = {
        {"Binds", binds.empty() ? json(nullptr) : std::move(binds)},
        {"NetworkMode", options.network.empty() ? "default" : options.network},
        {"PortBindings", std::move(port_bindings)},
        {"RestartPolicy", RestartPolicy(options.restart)},
        {"AutoRemove", options.auto_remove},
        {"CapAdd", options.cap_add.empty() ? json(nullptr) : json(options.cap_add)},
        {"CapDrop", options.cap_drop.empty() ? json(nullptr) : json(options.cap_drop)},
        {"Privileged", options.privileged},
        {"ReadonlyRootfs", options.read_only},
        {"SecurityOpt", options.security_opt.empty() ? json(nullptr) : json(options.security_opt)},
        {"LogConfig", {{"Type", options.log_driver}, {"Config", KeyValues(options.log_opts)}}},
        {"CpuShares", options.cpu_shares},
        {"CpusetCpus", options.cpuset_cpus},
        {"Memory", options.memory.empty() ? 0 : Bytes(options.memory, "-m, --memory")},
        {"MemorySwap", options.memory_swap.empty() ? 0 : Bytes(options.memory_swap, "--memory-swap")},
        {"MemoryReservation",
         options.memory_reservation.empty() ? 0 : Bytes(options.memory_reservation, "--memory-reservation")},
        {"ShmSize", options.shm_size.empty() ? 0 : Bytes(options.shm_size, "--shm-size")},
        {"Ulimits", Ulimits(options.ulimits)},
        {"Mounts", MountsFromFlags(options.mounts)},
    };
    AddOptionalHostFields(options, host);
    return host;
}

}  // namespace

json BuildCreateBody(const ContainerOptions& options,
                     const std::string& image,
                     const std::vector<std::string>& args,
                     const client::GetEnv& get_env) {
    json config = ContainerConfig(options, image, args, get_env);
    json volumes = json::object();
    json binds = json::array();
    for (const std::string& spec : options.volumes) {
        // A lone container path is an anonymous volume; anything with a source is a bind.
        if (spec.find(':') == std::string::npos) {
            volumes[spec] = json::object();
        } else {
            binds.push_back(spec);
        }
    }
    if (!volumes.empty()) {
        config["Volumes"] = volumes;
    }
    json exposed = json::object();
    json port_bindings = json::object();
    AddPorts(options, exposed, port_bindings);
    if (!exposed.empty()) {
        config["ExposedPorts"] = exposed;
    }
    config["HostConfig"] = HostConfig(options, std::move(binds), std::move(port_bindings));
    AddNetworkFields(options, config);
    return config;
}

}  // namespace engine::cli
