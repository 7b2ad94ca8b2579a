#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "compose/cli/engine_options.hpp"
#include "compose/cli/global_options.hpp"
#include "compose/cli/project_context.hpp"

namespace CLI {
class App;
}

namespace compose::cli {

/// The flags and words of `berth-compose exec SERVICE COMMAND...`.
struct ExecOptions final {
    bool detach = false;           ///< -d
    std::vector<std::string> env;  ///< -e KEY=VALUE
    std::string user;              ///< -u
    std::string workdir;           ///< -w
    bool no_tty = false;           ///< -T
    bool privileged = false;       ///< --privileged
    int index = 1;                 ///< --index
    std::string service;
    std::vector<std::string> command;
    /// The input to copy into the command (-1: none), and whether it is a terminal.
    int stdin_fd = -1;
    bool stdin_is_tty = false;
    /// Where the terminal size is read from for a TTY session (-1: not a terminal).
    int tty_fd = -1;
};

/// Registers `exec` on `app`.
void AddExecCommand(CLI::App& app,
                    const GlobalOptions& global,
                    const std::shared_ptr<EngineOptions>& engine,
                    int& exit_code);

/// Runs the command in the service's running container number `index` through ExecCreate and
/// a hijacked ExecStart: with a TTY when stdin is a terminal and not -T, stdin copied in when
/// given (its end half-closes the stream), output copied to `out`/`err`. Returns the exec's
/// exit code (0 with -d). Throws engine::Error(kNotFound, "service \"web\" is not running")
/// when there is no such running container.
int RunExec(const ExecOptions& options,
            const ProjectContext& context,
            engine::client::EngineApi& api,
            std::ostream& out,
            std::ostream& err);

}  // namespace compose::cli
