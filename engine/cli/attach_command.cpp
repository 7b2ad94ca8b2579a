// `berth attach`: docker's sequence — inspect (refusing stopped or paused containers), arm a
// wait, attach, resize a TTY, stream, then exit with the container's exit code.
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/client/terminal_streams.hpp"

namespace engine::cli {
namespace {

struct AttachFlags {
    bool no_stdin = false;
    bool sig_proxy = true;
    std::string detach_keys;
    std::vector<std::string> args;
};

int Attach(CommandContext& context, const AttachFlags& flags) {
    CliIo& io = context.io();
    const std::string& name = flags.args.front();
    const nlohmann::json info = context.Api().ContainerInspect(name, false);
    const nlohmann::json state = info.value("State", nlohmann::json::object());
    if (!state.value("Running", false)) {
        throw ExitError(1, "You cannot attach to a stopped container, start it first");
    }
    if (state.value("Paused", false)) {
        throw ExitError(1, "You cannot attach to a paused container, unpause it first");
    }
    const nlohmann::json config = info.value("Config", nlohmann::json::object());
    const bool tty = config.value("Tty", false);
    client::AttachOptions options;
    options.stdin_stream = !flags.no_stdin && config.value("OpenStdin", false);
    options.detach_keys = flags.detach_keys;
    // The wait is armed first so the exit code cannot be missed (docker's attach does the same).
    std::unique_ptr<client::PendingWait> wait = context.Api().ContainerWaitBegin(name, "");
    std::shared_ptr<client::RawStream> stream = context.Api().ContainerAttach(name, options);
    std::optional<client::RawTerminal> raw;
    if (tty && options.stdin_stream && io.stdin_is_tty) {
        raw.emplace(io.stdin_fd);
    }
    if (tty && io.stdout_is_tty) {
        if (const auto size = client::TerminalSize(io.stdout_fd)) {
            context.Api().ContainerResize(name, size->first, size->second);
        }
    }
    {
        std::optional<client::StdinPump> pump;
        if (options.stdin_stream) {
            pump.emplace(io.stdin_fd, stream);
        }
        client::CopyOutput(*stream, tty, io.out, io.err);
    }
    raw.reset();
    return wait->Result().value("StatusCode", 0);
}

}  // namespace

void AddAttachCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent,
                                   context,
                                   name,
                                   "Attach local standard input, output, and error streams to a running container",
                                   "[OPTIONS] CONTAINER");
    auto flags = std::make_shared<AttachFlags>();
    command->add_flag("--no-stdin", flags->no_stdin, "Do not attach STDIN");
    command->add_flag("--sig-proxy{true}", flags->sig_proxy, "Proxy all received signals to the process");
    command->add_option("--detach-keys", flags->detach_keys, "Override the key sequence for detaching a container");
    command->add_option("args", flags->args)->group("");
    command->callback([&context, command, flags] {
        CheckArgCount(context, command, flags->args, {1, 1});
        const int code = Attach(context, *flags);
        if (code != 0) {
            throw ExitError(code, "");
        }
    });
}

}  // namespace engine::cli
