#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compose/cli/up_command.hpp"
#include "compose/model/project.hpp"

namespace compose::cli {

/// The flags of `berth-compose run SERVICE [COMMAND...]`.
struct RunCommandOptions final {
    std::string service;
    std::vector<std::string> command;
    bool detach = false;
    bool rm = false;
    bool no_deps = false;
    bool no_tty = false;  ///< -T
    bool service_ports = false;
    bool use_aliases = false;
    std::vector<std::string> env;      ///< -e KEY=VALUE
    std::vector<std::string> publish;  ///< -p [ip:]host:container[/proto]
    std::vector<std::string> volumes;  ///< -v SRC:DST[:MODE]
    std::vector<std::string> labels;   ///< -l KEY=VALUE
    std::optional<std::string> entrypoint;
    std::string name;
    std::string user;
    std::string workdir;
};

/// Where `run` reads and writes the user's terminal.
struct Terminal final {
    int stdin_fd = 0;
    int stdout_fd = 1;
    bool stdin_is_tty = false;
    bool stdout_is_tty = false;
};

/// `run`: brings the service's dependencies up (unless --no-deps), then creates a one-off
/// container of the service named {project}-{service}-run-{slug} (or --name), labelled
/// oneoff=True with its slug, without the service's published ports (unless --service-ports)
/// or network aliases (unless --use-aliases), as Docker Compose does; attached, it streams
/// the container's I/O and returns its exit code (removing it with --rm); detached, it prints
/// the name and returns 0.
int RunOneOff(const RunCommandOptions& options,
              model::Project project,
              ExecutionContext& context,
              const Terminal& terminal);

}  // namespace compose::cli
