// The flags of `berth run` and `berth create`, named and described as docker's.
#include "engine/cli/container_options.hpp"

#include "engine/cli/commands.hpp"

namespace engine::cli {
namespace {

void AddIoFlags(CLI::App& command, ContainerOptions& options) {
    command.add_flag("-i,--interactive", options.interactive, "Keep STDIN open even if not attached");
    command.add_flag("-t,--tty", options.tty, "Allocate a pseudo-TTY");
    command.add_flag("--rm", options.auto_remove, "Automatically remove the container when it exits");
    command.add_flag("-q,--quiet", options.quiet, "Suppress the pull output");
    AddRepeatable(command, "-a,--attach", options.attach, "Attach to STDIN, STDOUT or STDERR");
    command.add_option("--name", options.name, "Assign a name to the container");
    command.add_option("--platform", options.platform, "Set platform if server is multi-platform capable");
    command.add_option("--pull", options.pull, "Pull image before running (\"always\", \"missing\", \"never\")");
}

void AddProcessFlags(CLI::App& command, ContainerOptions& options) {
    AddRepeatable(command, "-e,--env", options.env, "Set environment variables");
    AddRepeatable(command, "--env-file", options.env_files, "Read in a file of environment variables");
    AddRepeatable(command, "-l,--label", options.labels, "Set meta data on a container");
    AddRepeatable(command, "--label-file", options.label_files, "Read in a line delimited file of labels");
    command.add_option("-w,--workdir", options.workdir, "Working directory inside the container");
    command.add_option("-u,--user", options.user, "Username or UID (format: <name|uid>[:<group|gid>])");
    command.add_option_function<std::string>(
        "--entrypoint",
        [&options](const std::string& value) { options.entrypoint = value; },
        "Overwrite the default ENTRYPOINT of the image");
    command.add_option("-h,--hostname", options.hostname, "Container host name");
    command.add_option("--stop-signal", options.stop_signal, "Signal to stop the container");
    command.add_option_function<int>(
        "--stop-timeout",
        [&options](int value) { options.stop_timeout = value; },
        "Timeout (in seconds) to stop a container");
    command.add_flag_function(
        "--init",
        [&options](std::int64_t count) { options.init = count > 0; },
        "Run an init inside the container that forwards signals and reaps processes");
}

void AddResourceFlags(CLI::App& command, ContainerOptions& options) {
    command.add_option("-m,--memory", options.memory, "Memory limit");
    command.add_option("--memory-swap", options.memory_swap, "Swap limit equal to memory plus swap");
    command.add_option("--memory-reservation", options.memory_reservation, "Memory soft limit");
    command.add_option("--shm-size", options.shm_size, "Size of /dev/shm");
    command.add_option("--cpus", options.cpus, "Number of CPUs");
    command.add_option("-c,--cpu-shares", options.cpu_shares, "CPU shares (relative weight)");
    command.add_option("--cpuset-cpus", options.cpuset_cpus, "CPUs in which to allow execution (0-3, 0,1)");
    command.add_option_function<std::int64_t>(
        "--pids-limit",
        [&options](std::int64_t value) { options.pids_limit = value; },
        "Tune container pids limit (set -1 for unlimited)");
    AddRepeatable(command, "--ulimit", options.ulimits, "Ulimit options");
    command.add_option("--restart", options.restart, "Restart policy to apply when a container exits");
}

void AddHealthFlags(CLI::App& command, ContainerOptions& options) {
    command.add_option("--health-cmd", options.health_cmd, "Command to run to check health");
    command.add_option("--health-interval", options.health_interval, "Time between running the check");
    command.add_option("--health-timeout", options.health_timeout, "Maximum time to allow one check to run");
    command.add_option("--health-retries", options.health_retries, "Consecutive failures needed to report unhealthy");
    command.add_option(
        "--health-start-period", options.health_start_period, "Start period for the container to initialize");
    command.add_option(
        "--health-start-interval", options.health_start_interval, "Time between running the check during start");
    command.add_flag("--no-healthcheck", options.no_healthcheck, "Disable any container-specified HEALTHCHECK");
}

void AddSecurityAndStorageFlags(CLI::App& command, ContainerOptions& options) {
    command.add_flag("--read-only", options.read_only, "Mount the container's root filesystem as read only");
    command.add_flag("--privileged", options.privileged, "Give extended privileges to this container");
    AddRepeatable(command, "--cap-add", options.cap_add, "Add Linux capabilities");
    AddRepeatable(command, "--cap-drop", options.cap_drop, "Drop Linux capabilities");
    AddRepeatable(command, "--security-opt", options.security_opt, "Security Options");
    AddRepeatable(command, "--sysctl", options.sysctls, "Sysctl options");
    AddRepeatable(command, "-v,--volume", options.volumes, "Bind mount a volume");
    AddRepeatable(command, "--mount", options.mounts, "Attach a filesystem mount to the container");
    AddRepeatable(command, "--tmpfs", options.tmpfs, "Mount a tmpfs directory");
    command.add_option("--log-driver", options.log_driver, "Logging driver for the container");
    AddRepeatable(command, "--log-opt", options.log_opts, "Log driver options");
    command.add_option("--network,--net", options.network, "Connect a container to a network");
    AddRepeatable(command, "-p,--publish", options.publish, "Publish a container's port(s) to the host");
    AddRepeatable(command, "--expose", options.expose, "Expose a port or a range of ports");
}

}  // namespace

void AddContainerOptions(CLI::App& command, ContainerOptions& options) {
    command.set_help_flag("--help", "Print usage");  // -h is --hostname, as in docker run
    AddIoFlags(command, options);
    AddProcessFlags(command, options);
    AddResourceFlags(command, options);
    AddHealthFlags(command, options);
    AddSecurityAndStorageFlags(command, options);
    AddNetworkFlags(command, options);
    options.command_name = command.get_name();
    command.prefix_command();  // IMAGE and everything after it are the container's
}

}  // namespace engine::cli
