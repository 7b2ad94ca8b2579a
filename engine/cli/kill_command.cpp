// `berth kill`, `berth pause`, `berth unpause`: one call per container, names echoed.
#include "engine/cli/commands.hpp"
#include "engine/cli/container_batch.hpp"

namespace engine::cli {
namespace {

struct NamesOptions {
    std::string signal;
    std::vector<std::string> args;
};

using Action = std::function<void(client::EngineApi& api, const std::string& id, const NamesOptions& options)>;

CLI::App* AddBatch(CLI::App& parent,
                   const std::string& name,
                   CommandContext& context,
                   const std::string& description,
                   std::shared_ptr<NamesOptions> options,
                   Action action) {
    CLI::App* command = NewCommand(parent, context, name, description, "[OPTIONS] CONTAINER [CONTAINER...]");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options, action = std::move(action)] {
        CheckArgCount(context, command, options->args, {1, SIZE_MAX});
        ForEachContainer(context, options->args, [&](const std::string& id) { action(context.Api(), id, *options); });
    });
    return command;
}

}  // namespace

void AddKillCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    auto options = std::make_shared<NamesOptions>();
    CLI::App* command = AddBatch(
        parent, name, context, "Kill one or more running containers", options, [](auto& api, auto& id, auto& opts) {
            api.ContainerKill(id, opts.signal);
        });
    command->add_option("-s,--signal", options->signal, "Signal to send to the container");
}

void AddPauseCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    AddBatch(parent,
             name,
             context,
             "Pause all processes within one or more containers",
             std::make_shared<NamesOptions>(),
             [](auto& api, auto& id, auto&) { api.ContainerPause(id); });
}

void AddUnpauseCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    AddBatch(parent,
             name,
             context,
             "Unpause all processes within one or more containers",
             std::make_shared<NamesOptions>(),
             [](auto& api, auto& id, auto&) { api.ContainerUnpause(id); });
}

}  // namespace engine::cli
