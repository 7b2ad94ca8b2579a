// `berth run`: docker's runContainer sequence — create (pulling a missing image), attach before
// start, arm the wait (next-exit, or removed with --rm) before start, start, stream, and exit
// with the container's status.
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/container_create.hpp"
#include "engine/client/terminal_streams.hpp"

namespace engine::cli {
namespace {

struct RunOptions {
    ContainerOptions container;
    bool detach = false;
    std::string detach_keys;
};

std::string TrimmedMessage(const Error& error) {
    std::string message = error.what();
    while (!message.empty() && message.back() == '.') {
        message.pop_back();
    }
    return message;
}

// docker's reportError + runStartContainerErr: "berth: <message>." and 125/126/127.
ExitError StartError(const Error& error) {
    const ExitError status = RunError("run", error.what());
    return ExitError(status.code(), "berth: " + TrimmedMessage(error) + ".");
}

void PrepareAttach(nlohmann::json& body, const RunOptions& options) {
    if (options.detach) {
        if (!options.container.attach.empty()) {
            throw ExitError(1, "Conflicting options: -a and -d");
        }
        body["AttachStdin"] = false;
        body["AttachStdout"] = false;
        body["AttachStderr"] = false;
        body["StdinOnce"] = false;
        return;
    }
    body["StdinOnce"] = body.value("OpenStdin", false) && body.value("AttachStdin", false);
}

int RunAttached(CommandContext& context, const RunOptions& options, const nlohmann::json& body, const std::string& id) {
    CliIo& io = context.io();
    client::AttachOptions attach;
    attach.stdin_stream = body.value("AttachStdin", false);
    attach.stdout_stream = body.value("AttachStdout", false);
    attach.stderr_stream = body.value("AttachStderr", false);
    attach.detach_keys = options.detach_keys;
    std::shared_ptr<client::RawStream> stream = context.Api().ContainerAttach(id, attach);
    std::unique_ptr<client::PendingWait> wait =
        context.Api().ContainerWaitBegin(id, options.container.auto_remove ? "removed" : "next-exit");
    try {
        context.Api().ContainerStart(id);
    } catch (const Error& error) {
        throw StartError(error);
    }
    const bool tty = options.container.tty;
    std::optional<client::RawTerminal> raw;
    if (tty && io.stdin_is_tty) {
        raw.emplace(io.stdin_fd);
    }
    if (tty && io.stdout_is_tty) {
        if (const auto size = client::TerminalSize(io.stdout_fd)) {
            context.Api().ContainerResize(id, size->first, size->second);
        }
    }
    {
        std::optional<client::StdinPump> pump;
        if (attach.stdin_stream) {
            pump.emplace(io.stdin_fd, stream);
        }
        client::CopyOutput(*stream, tty, io.out, io.err);
    }
    raw.reset();
    const nlohmann::json status = wait->Result();
    return status.value("StatusCode", 0);
}

int Run(CommandContext& context, const RunOptions& options, const std::vector<std::string>& words) {
    // CheckArgCount has run: words holds the image at least.
    CliIo& io = context.io();
    const std::vector<std::string> args(words.begin() + 1, words.end());
    nlohmann::json body = BuildCreateBody(options.container, words.front(), args, io.get_env);
    PrepareAttach(body, options);
    if (!options.detach && options.container.tty && options.container.interactive && !io.stdin_is_tty) {
        throw ExitError(1, "the input device is not a TTY");
    }
    std::string id;
    try {
        id = CreateContainer(context, options.container, body);
    } catch (const Error& error) {
        throw RunError("run", error.what());
    }
    if (!options.detach) {
        return RunAttached(context, options, body, id);
    }
    std::unique_ptr<client::PendingWait> wait =
        context.Api().ContainerWaitBegin(id, options.container.auto_remove ? "removed" : "next-exit");
    try {
        context.Api().ContainerStart(id);
    } catch (const Error& error) {
        throw StartError(error);
    }
    io.out << id << '\n';
    return 0;
}

}  // namespace

void AddRunCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command = NewCommand(
        parent, context, "run", "Create and run a new container from an image", "[OPTIONS] IMAGE [COMMAND] [ARG...]");
    auto options = std::make_shared<RunOptions>();
    AddContainerOptions(*command, options->container);
    command->add_flag("-d,--detach", options->detach, "Run container in background and print container ID");
    command->add_option("--detach-keys", options->detach_keys, "Override the key sequence for detaching a container");
    command->callback([&context, command, options] {
        const std::vector<std::string> words = command->remaining();
        CheckArgCount(context, command, words, {1, SIZE_MAX});
        const int code = Run(context, *options, words);
        if (code != 0) {
            throw ExitError(code, "");
        }
    });
}

}  // namespace engine::cli
