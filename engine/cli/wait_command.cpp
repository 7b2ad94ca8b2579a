// `berth wait`: block until each container stops and print its exit code.
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"

namespace engine::cli {

void AddWaitCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent,
                                   context,
                                   name,
                                   "Block until one or more containers stop, then print their exit codes",
                                   "CONTAINER [CONTAINER...]");
    auto args = std::make_shared<std::vector<std::string>>();
    command->add_option("args", *args)->group("");
    command->callback([&context, command, args] {
        CheckArgCount(context, command, *args, {1, SIZE_MAX});
        std::string errors;
        for (const std::string& id : *args) {
            try {
                const nlohmann::json status = context.Api().ContainerWait(id, "");
                context.io().out << status.value("StatusCode", 0) << '\n';
            } catch (const Error& error) {
                errors += (errors.empty() ? "" : "\n") + std::string(error.what());
            }
        }
        if (!errors.empty()) {
            throw ExitError(1, errors);
        }
    });
}

void AddRenameCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "Rename a container", "CONTAINER NEW_NAME");
    auto args = std::make_shared<std::vector<std::string>>();
    command->add_option("args", *args)->group("");
    command->callback([&context, command, args] {
        CheckArgCount(context, command, *args, {2, 2});
        if (args->at(1).empty()) {
            throw ExitError(1, "Error: neither old nor new names may be empty");
        }
        try {
            context.Api().ContainerRename(args->at(0), args->at(1));
        } catch (const Error& error) {
            context.io().err << error.what() << '\n';
            throw ExitError(1, "Error: failed to rename container named " + args->at(0));
        }
    });
}

}  // namespace engine::cli
