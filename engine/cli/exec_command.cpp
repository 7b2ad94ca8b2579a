// `berth exec`: docker's sequence — inspect the container, create the exec, start it hijacked
// (or detached), then read its exit code from the exec's inspect.
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/client/terminal_streams.hpp"

namespace engine::cli {
namespace {

struct ExecOptions {
    bool interactive = false;
    bool tty = false;
    bool detach = false;
    bool privileged = false;
    std::string user;
    std::string workdir;
    std::string detach_keys;
    std::vector<std::string> env;
};

nlohmann::json ExecBody(const ExecOptions& options, const std::vector<std::string>& command) {
    return nlohmann::json{{"User", options.user},
                          {"Privileged", options.privileged},
                          {"Tty", options.tty},
                          {"AttachStdin", options.interactive && !options.detach},
                          {"AttachStderr", !options.detach},
                          {"AttachStdout", !options.detach},
                          {"Detach", options.detach},
                          {"DetachKeys", options.detach_keys},
                          {"Env", options.env.empty() ? nlohmann::json(nullptr) : nlohmann::json(options.env)},
                          {"WorkingDir", options.workdir},
                          {"Cmd", command}};
}

int Exec(CommandContext& context, const ExecOptions& options, const std::vector<std::string>& words) {
    CliIo& io = context.io();
    const std::string& container = words.front();
    const std::vector<std::string> command(words.begin() + 1, words.end());
    context.Api().ContainerInspect(container, false);
    if (!options.detach && options.interactive && options.tty && !io.stdin_is_tty) {
        throw ExitError(1, "the input device is not a TTY");
    }
    const std::string exec_id = context.Api().ExecCreate(container, ExecBody(options, command)).value("Id", "");
    if (exec_id.empty()) {
        throw ExitError(1, "exec ID empty");
    }
    if (options.detach) {
        context.Api().ExecStart(exec_id, true, options.tty);
        return 0;
    }
    std::shared_ptr<client::RawStream> stream = context.Api().ExecStart(exec_id, false, options.tty);
    std::optional<client::RawTerminal> raw;
    if (options.tty && options.interactive && io.stdin_is_tty) {
        raw.emplace(io.stdin_fd);
    }
    if (options.tty && io.stdout_is_tty) {
        if (const auto size = client::TerminalSize(io.stdout_fd)) {
            context.Api().ExecResize(exec_id, size->first, size->second);
        }
    }
    {
        std::optional<client::StdinPump> pump;
        if (options.interactive) {
            pump.emplace(io.stdin_fd, stream);
        }
        client::CopyOutput(*stream, options.tty, io.out, io.err);
    }
    raw.reset();
    return context.Api().ExecInspect(exec_id).value("ExitCode", 0);
}

}  // namespace

void AddExecCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(
        parent, context, name, "Execute a command in a running container", "[OPTIONS] CONTAINER COMMAND [ARG...]");
    auto options = std::make_shared<ExecOptions>();
    command->add_flag("-i,--interactive", options->interactive, "Keep STDIN open even if not attached");
    command->add_flag("-t,--tty", options->tty, "Allocate a pseudo-TTY");
    command->add_flag("-d,--detach", options->detach, "Detached mode: run command in the background");
    command->add_flag("--privileged", options->privileged, "Give extended privileges to the command");
    command->add_option("-u,--user", options->user, "Username or UID (format: \"<name|uid>[:<group|gid>]\")");
    command->add_option("-w,--workdir", options->workdir, "Working directory inside the container");
    command->add_option("--detach-keys", options->detach_keys, "Override the key sequence for detaching a container");
    AddRepeatable(*command, "-e,--env", options->env, "Set environment variables");
    command->prefix_command();  // everything after CONTAINER is the command
    command->callback([&context, command, options] {
        const std::vector<std::string> words = command->remaining();
        CheckArgCount(context, command, words, {2, SIZE_MAX});
        const int code = Exec(context, *options, words);
        if (code != 0) {
            throw ExitError(code, "");
        }
    });
}

}  // namespace engine::cli
