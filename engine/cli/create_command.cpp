// `berth create`: create a container (pulling a missing image) and print its full ID.
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/container_create.hpp"

namespace engine::cli {

void AddCreateCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command =
        NewCommand(parent, context, name, "Create a new container", "[OPTIONS] IMAGE [COMMAND] [ARG...]");
    auto options = std::make_shared<ContainerOptions>();
    AddContainerOptions(*command, *options);
    command->callback([&context, command, options] {
        const std::vector<std::string> words = command->remaining();
        CheckArgCount(context, command, words, {1, SIZE_MAX});
        const std::vector<std::string> args(words.begin() + 1, words.end());
        const nlohmann::json body = BuildCreateBody(*options, words.front(), args, context.io().get_env);
        try {
            context.io().out << CreateContainer(context, *options, body) << '\n';
        } catch (const Error& error) {
            throw RunError("create", error.what());
        }
    });
}

}  // namespace engine::cli
