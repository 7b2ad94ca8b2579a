// `berth export`: a container's filesystem as a tar, to a file or a redirected stdout.
#include "engine/cli/commands.hpp"
#include "engine/cli/image_transfer_support.hpp"

namespace engine::cli {
namespace {

struct ExportOptions {
    std::string output;
    std::vector<std::string> args;
};

void Export(CommandContext& context, const ExportOptions& options) {
    CliIo& io = context.io();
    if (options.output.empty()) {
        if (io.stdout_is_tty) {
            throw ExitError(1, "cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        context.Api().ContainerExport(options.args.front(), io.stdout_fd);
        return;
    }
    PendingFile file(options.output);
    context.Api().ContainerExport(options.args.front(), file.fd());
    file.Commit();
}

}  // namespace

void AddExportCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command =
        NewCommand(parent, context, name, "Export a container's filesystem as a tar archive", "[OPTIONS] CONTAINER");
    auto options = std::make_shared<ExportOptions>();
    command->add_option("-o,--output", options->output, "Write to a file, instead of STDOUT");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {1, 1});
        Export(context, *options);
    });
}

}  // namespace engine::cli
