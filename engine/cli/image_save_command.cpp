// `berth image save` / `berth save`: images to a tar archive, streamed to a file or stdout.
#include "engine/cli/commands.hpp"
#include "engine/cli/image_transfer_support.hpp"

namespace engine::cli {
namespace {

struct SaveOptions {
    std::string output;
    std::vector<std::string> args;
};

void Run(CommandContext& context, const SaveOptions& options) {
    CliIo& io = context.io();
    if (options.output.empty()) {
        if (io.stdout_is_tty) {
            throw ExitError(1, "cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        context.Api().ImageSave(options.args, io.stdout_fd);
        return;
    }
    PendingFile file(options.output);
    context.Api().ImageSave(options.args, file.fd());
    file.Commit();
}

}  // namespace

void AddImageSaveCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent,
                                   context,
                                   name,
                                   "Save one or more images to a tar archive (streamed to STDOUT by default)",
                                   "[OPTIONS] IMAGE [IMAGE...]");
    auto options = std::make_shared<SaveOptions>();
    command->add_option("-o,--output", options->output, "Write to a file, instead of STDOUT");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {1, SIZE_MAX});
        Run(context, *options);
    });
}

}  // namespace engine::cli
