// `berth stop` and `berth restart`: both take -t/--timeout (only sent when given) and -s.
#include "engine/cli/commands.hpp"
#include "engine/cli/container_batch.hpp"

namespace engine::cli {
namespace {

struct StopOptions {
    std::optional<int> timeout;
    std::string signal;
    std::vector<std::string> args;
};

void AddStopLike(CLI::App& parent, const std::string& name, CommandContext& context, bool restart) {
    CLI::App* command = NewCommand(parent,
                                   context,
                                   name,
                                   restart ? "Restart one or more containers" : "Stop one or more running containers",
                                   "[OPTIONS] CONTAINER [CONTAINER...]");
    auto options = std::make_shared<StopOptions>();
    command->add_option_function<int>(
        "-t,--timeout,--time",
        [options](int value) { options->timeout = value; },
        "Seconds to wait before killing the container");
    command->add_option("-s,--signal", options->signal, "Signal to send to the container");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options, restart] {
        CheckArgCount(context, command, options->args, {1, SIZE_MAX});
        ForEachContainer(context, options->args, [&](const std::string& id) {
            if (restart) {
                context.Api().ContainerRestart(id, options->timeout, options->signal);
            } else {
                context.Api().ContainerStop(id, options->timeout, options->signal);
            }
        });
    });
}

}  // namespace

void AddStopCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    AddStopLike(parent, name, context, false);
}

void AddRestartCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    AddStopLike(parent, name, context, true);
}

}  // namespace engine::cli
