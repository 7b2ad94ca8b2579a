// `berth rm`: remove containers; with -f a missing one is reported but not fatal, as docker.
#include "engine/cli/commands.hpp"
#include "engine/cli/container_batch.hpp"

namespace engine::cli {
namespace {

struct RmOptions {
    bool force = false;
    bool volumes = false;
    std::vector<std::string> args;
};

}  // namespace

void AddRmCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command =
        NewCommand(parent, context, name, "Remove one or more containers", "[OPTIONS] CONTAINER [CONTAINER...]");
    auto options = std::make_shared<RmOptions>();
    command->add_flag("-f,--force", options->force, "Force the removal of a running container (uses SIGKILL)");
    command->add_flag("-v,--volumes", options->volumes, "Remove anonymous volumes associated with the container");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {1, SIZE_MAX});
        ForEachContainer(
            context,
            options->args,
            [&](const std::string& id) { context.Api().ContainerRemove(id, options->force, options->volumes); },
            options->force);
    });
}

}  // namespace engine::cli
