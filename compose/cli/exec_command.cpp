#include "compose/cli/exec_command.hpp"

#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/client/terminal_streams.hpp"

namespace compose::cli {
namespace {

const reconcile::ObservedContainer& FindContainer(const ExecOptions& options, const ProjectContext& context) {
    SelectServices(context, {options.service});
    for (const reconcile::ObservedContainer& container : context.observed.containers) {
        if (!container.oneoff && container.service == options.service && container.number == options.index &&
            container.state == "running") {
            return container;
        }
    }
    throw engine::Error(
        engine::Errc::kNotFound,
        "service \"" + options.service + "\" is not running" +
            (options.index != 1 ? " (no running container with index " + std::to_string(options.index) + ")" : ""));
}

// True when `fd` is /dev/null: nothing to copy, and copying would end the command's input at once.
bool IsDevNull(int fd) {
    struct stat info {};
    struct stat null_info {};
    return fstat(fd, &info) == 0 && stat("/dev/null", &null_info) == 0 && S_ISCHR(info.st_mode) &&
           info.st_rdev == null_info.st_rdev;
}

}  // namespace

int RunExec(const ExecOptions& options,
            const ProjectContext& context,
            engine::client::EngineApi& api,
            std::ostream& out,
            std::ostream& err) {
    const reconcile::ObservedContainer& container = FindContainer(options, context);
    const bool tty = !options.no_tty && options.stdin_is_tty;
    const bool attach_stdin = !options.detach && options.stdin_fd >= 0;
    const nlohmann::json body{{"User", options.user},
                              {"Privileged", options.privileged},
                              {"Tty", tty},
                              {"AttachStdin", attach_stdin},
                              {"AttachStdout", !options.detach},
                              {"AttachStderr", !options.detach},
                              {"Detach", options.detach},
                              {"Env", options.env.empty() ? nlohmann::json(nullptr) : nlohmann::json(options.env)},
                              {"WorkingDir", options.workdir},
                              {"Cmd", options.command}};
    const std::string exec_id = api.ExecCreate(container.id, body).value("Id", "");
    if (exec_id.empty()) {
        throw engine::Error(engine::Errc::kInternal, "exec in " + container.name + ": the engine returned no exec ID");
    }
    if (options.detach) {
        api.ExecStart(exec_id, true, tty);
        return 0;
    }
    std::shared_ptr<engine::client::RawStream> stream = api.ExecStart(exec_id, false, tty);
    std::optional<engine::client::RawTerminal> raw;
    if (tty) {
        raw.emplace(options.stdin_fd);
        if (const auto size = engine::client::TerminalSize(options.tty_fd); size && size->first != 0) {
            api.ExecResize(exec_id, size->first, size->second);
        }
    }
    {
        std::optional<engine::client::StdinPump> pump;
        if (attach_stdin) {
            pump.emplace(options.stdin_fd, stream);
        }
        engine::client::CopyOutput(*stream, tty, out, err);
    }
    raw.reset();
    return api.ExecInspect(exec_id).value("ExitCode", 0);
}

void AddExecCommand(CLI::App& app,
                    const GlobalOptions& global,
                    const std::shared_ptr<EngineOptions>& engine,
                    int& exit_code) {
    auto options = std::make_shared<ExecOptions>();
    CLI::App* cmd = app.add_subcommand("exec", "Execute a command in a running container");
    cmd->add_flag("-d,--detach", options->detach, "Detached mode: Run command in the background");
    cmd->add_option("-e,--env", options->env, "Set environment variables")->allow_extra_args(false);
    cmd->add_option("-u,--user", options->user, "Run the command as this user");
    cmd->add_option("-w,--workdir", options->workdir, "Path to workdir directory for this command");
    cmd->add_flag("-T,--no-tty", options->no_tty, "Disable pseudo-TTY allocation");
    cmd->add_flag("--privileged", options->privileged, "Give extended privileges to the process");
    cmd->add_option("--index", options->index, "Index of the container if service has multiple replicas");
    cmd->prefix_command();  // SERVICE and everything after it are the words, flags of the command included
    cmd->callback([options, cmd, &global, engine, &exit_code] {
        const std::vector<std::string> words = cmd->remaining();
        if (words.size() < 2) {
            throw CLI::ValidationError("exec", "requires at least 2 arguments: SERVICE COMMAND [ARGS...]");
        }
        options->service = words.front();
        options->command.assign(words.begin() + 1, words.end());
        const CommandEnvironment env = PrepareProjectCommand(global, *engine, {options->service}, std::cerr);
        options->stdin_is_tty = env.engine.stdin_is_tty;
        options->stdin_fd = IsDevNull(STDIN_FILENO) ? -1 : STDIN_FILENO;
        options->tty_fd = env.engine.stdout_is_tty ? STDOUT_FILENO : -1;
        exit_code = RunExec(*options, env.project, *env.api, std::cout, std::cerr);
    });
}

}  // namespace compose::cli
