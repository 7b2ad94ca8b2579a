// `berth image rm` / `berth rmi`: untag and delete images, reporting each step.
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"

namespace engine::cli {
namespace {

struct RmOptions {
    bool force = false;
    bool no_prune = false;
    std::vector<std::string> args;
};

void PrintDeletions(std::ostream& out, const nlohmann::json& items) {
    for (const nlohmann::json& item : items.is_array() ? items : nlohmann::json::array()) {
        if (!item.value("Deleted", "").empty()) {
            out << "Deleted: " << item.value("Deleted", "") << '\n';
        } else {
            out << "Untagged: " << item.value("Untagged", "") << '\n';
        }
    }
}

void Run(CommandContext& context, const RmOptions& options) {
    std::string messages;
    bool fatal = false;
    for (const std::string& ref : options.args) {
        try {
            PrintDeletions(context.io().out, context.Api().ImageRemove(ref, options.force, options.no_prune));
        } catch (const Error& error) {
            // As docker: with --force a missing image is reported but does not fail the command.
            fatal = fatal || error.code() != Errc::kNotFound || !options.force;
            messages += (messages.empty() ? "" : "\n") + std::string(error.what());
        }
    }
    if (messages.empty()) {
        return;
    }
    if (!fatal) {
        context.io().err << messages << '\n';
        return;
    }
    throw ExitError(1, messages);
}

}  // namespace

void AddImageRmCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "Remove one or more images", "[OPTIONS] IMAGE [IMAGE...]");
    auto options = std::make_shared<RmOptions>();
    command->add_flag("-f,--force", options->force, "Force removal of the image");
    command->add_flag("--no-prune", options->no_prune, "Do not delete untagged parents");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {1, SIZE_MAX});
        Run(context, *options);
    });
}

}  // namespace engine::cli
