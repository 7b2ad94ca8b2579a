// `berth start`: start containers; with -a (one container) attach first and exit with its status.
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/client/terminal_streams.hpp"

namespace engine::cli {
namespace {

struct StartOptions {
    bool attach = false;
    bool interactive = false;
    std::string detach_keys;
    std::vector<std::string> args;
};

int StartAttached(CommandContext& context, const StartOptions& options) {
    CliIo& io = context.io();
    const std::string& name = options.args.front();
    const nlohmann::json info = context.Api().ContainerInspect(name, false);
    const nlohmann::json config = info.value("Config", nlohmann::json::object());
    const bool tty = config.value("Tty", false);
    client::AttachOptions attach;
    attach.stdin_stream = options.interactive && config.value("OpenStdin", false);
    attach.detach_keys = options.detach_keys;
    const std::string id = info.value("Id", name);
    std::shared_ptr<client::RawStream> stream = context.Api().ContainerAttach(id, attach);
    std::unique_ptr<client::PendingWait> wait = context.Api().ContainerWaitBegin(
        id, info.value("HostConfig", nlohmann::json::object()).value("AutoRemove", false) ? "removed" : "next-exit");
    context.Api().ContainerStart(id);
    std::optional<client::RawTerminal> raw;
    if (tty && io.stdin_is_tty && attach.stdin_stream) {
        raw.emplace(io.stdin_fd);
    }
    {
        std::optional<client::StdinPump> pump;
        if (attach.stdin_stream) {
            pump.emplace(io.stdin_fd, stream);
        }
        client::CopyOutput(*stream, tty, io.out, io.err);
    }
    raw.reset();
    return wait->Result().value("StatusCode", 0);
}

void Start(CommandContext& context, const StartOptions& options) {
    if (options.attach || options.interactive) {
        if (options.args.size() > 1) {
            throw ExitError(1, "you cannot start and attach multiple containers at once");
        }
        const int code = StartAttached(context, options);
        if (code != 0) {
            throw ExitError(code, "");
        }
        return;
    }
    std::vector<std::string> failed;
    for (const std::string& name : options.args) {
        try {
            context.Api().ContainerStart(name);
        } catch (const Error& error) {
            context.io().err << error.what() << '\n';
            failed.push_back(name);
            continue;
        }
        context.io().out << name << '\n';
    }
    if (!failed.empty()) {
        std::string joined;
        for (const std::string& name : failed) {
            joined += (joined.empty() ? "" : ", ") + name;
        }
        throw ExitError(1, "Error: failed to start containers: " + joined);
    }
}

}  // namespace

void AddStartCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command =
        NewCommand(parent, context, name, "Start one or more stopped containers", "[OPTIONS] CONTAINER [CONTAINER...]");
    auto options = std::make_shared<StartOptions>();
    command->add_flag("-a,--attach", options->attach, "Attach STDOUT/STDERR and forward signals");
    command->add_flag("-i,--interactive", options->interactive, "Attach container's STDIN");
    command->add_option("--detach-keys", options->detach_keys, "Override the key sequence for detaching a container");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {1, SIZE_MAX});
        Start(context, *options);
    });
}

}  // namespace engine::cli
