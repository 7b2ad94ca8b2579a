// `berth image load` / `berth load`: images from a tar archive (docker save format).
#include "engine/cli/commands.hpp"
#include "engine/cli/image_transfer_support.hpp"
#include "engine/cli/output.hpp"

namespace engine::cli {
namespace {

struct LoadOptions {
    std::string input;
    bool quiet = false;
    std::vector<std::string> args;
};

void Run(CommandContext& context, const LoadOptions& options) {
    CliIo& io = context.io();
    if (options.input.empty() && io.stdin_is_tty) {
        throw ExitError(1, "requested load from stdin, but stdin is empty");
    }
    FileDescriptor file;
    int input_fd = io.stdin_fd;
    if (!options.input.empty()) {
        file = OpenForReading(options.input);
        input_fd = file.get();
    }
    // Like docker: progress is only worth asking for when a terminal shows it.
    const bool quiet = options.quiet || !io.stdout_is_tty;
    context.Api().ImageLoad(input_fd, quiet, [&io](const nlohmann::json& message) {
        PrintJsonMessage(io.out, message);
        return true;
    });
}

}  // namespace

void AddImageLoadCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "Load an image from a tar archive or STDIN", "[OPTIONS]");
    auto options = std::make_shared<LoadOptions>();
    command->add_option("-i,--input", options->input, "Read from tar archive file, instead of STDIN");
    command->add_flag("-q,--quiet", options->quiet, "Suppress the load output");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {0, 0});
        Run(context, *options);
    });
}

}  // namespace engine::cli
