// `berth image history` / `berth history`: the layers an image was built from.
#include "engine/cli/commands.hpp"
#include "engine/cli/image_format.hpp"
#include "engine/cli/output.hpp"

namespace engine::cli {
namespace {

struct HistoryOptions {
    bool human = true;
    bool quiet = false;
    bool no_trunc = false;
    std::string format;
    std::vector<std::string> args;
};

}  // namespace

void AddImageHistoryCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "Show the history of an image", "[OPTIONS] IMAGE");
    auto options = std::make_shared<HistoryOptions>();
    // On by default; docker users turn it off with -H=false / --human=false.
    command->add_flag("-H,--human", options->human, "Print sizes and dates in human readable format");
    command->add_flag("-q,--quiet", options->quiet, "Only show image IDs");
    command->add_flag("--no-trunc", options->no_trunc, "Don't truncate output");
    command->add_option("--format", options->format, "Format output using a custom template");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {1, 1});
        const nlohmann::json history = context.Api().ImageHistory(options->args[0]);
        const std::string format = options->quiet ? "{{.ID}}" : options->format;
        WriteFormatted(context.io().out,
                       format,
                       kHistoryTableFormat,
                       HistoryRows(history, options->human, options->no_trunc, context.io().now()),
                       HistoryHeaders());
    });
}

}  // namespace engine::cli
