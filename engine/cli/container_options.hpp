#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "engine/cli/command_context.hpp"

namespace engine::cli {

/// The flags `berth create` and `berth run` share (docker's containerOptions).
struct ContainerOptions {
    bool interactive = false;
    bool tty = false;
    bool auto_remove = false;
    bool read_only = false;
    bool privileged = false;
    bool no_healthcheck = false;
    bool quiet = false;
    std::optional<bool> init;
    std::string name;
    std::string workdir;
    std::string user;
    std::optional<std::string> entrypoint;
    std::string hostname;
    std::string network;
    std::string platform;
    std::string pull = "missing";
    std::string restart;
    std::string memory;
    std::string memory_swap;
    std::string memory_reservation;
    std::string shm_size;
    std::string cpus;
    std::int64_t cpu_shares = 0;
    std::string cpuset_cpus;
    std::optional<std::int64_t> pids_limit;
    std::string log_driver;
    std::string stop_signal;
    std::optional<int> stop_timeout;
    std::string health_cmd;
    std::string health_interval;
    std::string health_timeout;
    std::string health_start_period;
    std::string health_start_interval;
    int health_retries = 0;
    std::vector<std::string> attach;
    std::vector<std::string> env;
    std::vector<std::string> env_files;
    std::vector<std::string> labels;
    std::vector<std::string> label_files;
    std::vector<std::string> volumes;
    std::vector<std::string> mounts;
    std::vector<std::string> tmpfs;
    std::vector<std::string> cap_add;
    std::vector<std::string> cap_drop;
    std::vector<std::string> security_opt;
    std::vector<std::string> sysctls;
    std::vector<std::string> ulimits;
    std::vector<std::string> log_opts;
    std::vector<std::string> publish;
    std::vector<std::string> expose;
};

/// Registers the shared flags on `command` (run or create); the image and command are left in
/// command->remaining() (the command is a prefix command).
void AddContainerOptions(CLI::App& command, ContainerOptions& options);

/// The POST /containers/create body for `options`, `image` and `args` (the command), as the
/// docker CLI builds it (Config fields, HostConfig, NetworkingConfig). `get_env` resolves
/// "-e NAME" without a value. Throws ExitError(125, "invalid argument ...") for a bad value.
nlohmann::json BuildCreateBody(const ContainerOptions& options,
                               const std::string& image,
                               const std::vector<std::string>& args,
                               const client::GetEnv& get_env);

/// HostConfig.Mounts for --mount values ("type=bind,source=/a,target=/b,readonly"): null when
/// there are none. Throws ExitError(125) for an unknown key or a missing target.
nlohmann::json MountsFromFlags(const std::vector<std::string>& specs);

/// Fills ExposedPorts ({"80/tcp": {}}) and HostConfig.PortBindings ({"80/tcp": [{"HostIp",
/// "HostPort"}]}) from -p ("[ip:][hostPort:]containerPort[/proto]", ranges "8080-8081:80-81")
/// and --expose. Throws ExitError(125) for a bad value.
void AddPorts(const ContainerOptions& options, nlohmann::json& exposed, nlohmann::json& bindings);

}  // namespace engine::cli
