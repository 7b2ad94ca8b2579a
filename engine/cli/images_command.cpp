// `berth images` / `berth image ls`: the image list as docker prints it.
#include "engine/cli/commands.hpp"
#include "engine/cli/image_format.hpp"
#include "engine/cli/output.hpp"

namespace engine::cli {
namespace {

struct ImagesOptions {
    bool all = false;
    bool quiet = false;
    bool no_trunc = false;
    bool digests = false;
    std::vector<std::string> filters;
    std::string format;
    std::vector<std::string> args;
};

void Run(CommandContext& context, const ImagesOptions& options) {
    api::Filters filters = ParseFilterFlags(options.filters);
    if (!options.args.empty()) {
        // docker turns the REPOSITORY[:TAG] argument into a reference filter.
        api::Filters::Fields fields;
        for (const std::string& key : filters.Keys()) {
            for (const std::string& value : filters.Values(key)) {
                fields[key][value] = true;
            }
        }
        fields["reference"][options.args.front()] = true;
        filters = api::Filters(std::move(fields));
    }
    const nlohmann::json images = context.Api().ImageList(options.all, filters);
    std::string format = options.format;
    if (options.quiet) {
        format = "{{.ID}}";
    }
    const std::vector<nlohmann::json> rows = ImageRows(images, options.digests, options.no_trunc, context.io().now());
    WriteFormatted(context.io().out,
                   format,
                   options.digests ? kImagesDigestsTableFormat : kImagesTableFormat,
                   rows,
                   ImageHeaders());
}

}  // namespace

void AddImagesCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "List images", "[OPTIONS] [REPOSITORY[:TAG]]");
    auto options = std::make_shared<ImagesOptions>();
    command->add_flag("-a,--all", options->all, "Show all images (default hides intermediate images)");
    command->add_flag("-q,--quiet", options->quiet, "Only show image IDs");
    command->add_flag("--no-trunc", options->no_trunc, "Don't truncate output");
    command->add_flag("--digests", options->digests, "Show digests");
    AddRepeatable(*command, "-f,--filter", options->filters, "Filter output based on conditions provided");
    command->add_option("--format", options->format, "Format output using a custom template");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {0, 1});
        Run(context, *options);
    });
}

}  // namespace engine::cli
