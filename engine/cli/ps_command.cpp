// `berth ps` / `berth container ls`: the container list as docker prints it.
#include "engine/cli/commands.hpp"
#include "engine/cli/container_format.hpp"
#include "engine/cli/output.hpp"

namespace engine::cli {
namespace {

struct PsOptions {
    bool all = false;
    bool quiet = false;
    bool size = false;
    bool latest = false;
    bool no_trunc = false;
    int last = -1;
    std::vector<std::string> filters;
    std::string format;
    std::vector<std::string> args;
};

void Ps(CommandContext& context, const PsOptions& options) {
    client::ContainerListOptions list;
    list.all = options.all;
    list.limit = options.last;
    if (options.latest && options.last == -1) {
        list.limit = 1;
    }
    list.filters = ParseFilterFlags(options.filters);
    std::string format = options.quiet ? "{{.ID}}" : options.format;
    // docker asks for sizes only when they are shown.
    list.size = options.size || (!options.quiet && format.find(".Size") != std::string::npos);
    const nlohmann::json containers = context.Api().ContainerList(list);
    const bool with_size = options.size && (format.empty() || format == "table");
    WriteFormatted(context.io().out,
                   format,
                   with_size ? kPsSizeTableFormat : kPsTableFormat,
                   ContainerRows(containers, options.no_trunc, context.io().now()),
                   ContainerHeaders());
}

}  // namespace

void AddPsCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "List containers", "[OPTIONS]");
    auto options = std::make_shared<PsOptions>();
    command->add_flag("-a,--all", options->all, "Show all containers (default shows just running)");
    command->add_flag("-q,--quiet", options->quiet, "Only display container IDs");
    command->add_flag("-s,--size", options->size, "Display total file sizes");
    command->add_flag("-l,--latest", options->latest, "Show the latest created container (includes all states)");
    command->add_option("-n,--last", options->last, "Show n last created containers (includes all states)");
    command->add_flag("--no-trunc", options->no_trunc, "Don't truncate output");
    AddRepeatable(*command, "-f,--filter", options->filters, "Filter output based on conditions provided");
    command->add_option("--format", options->format, "Format output using a custom template");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {0, 0});
        Ps(context, *options);
    });
}

}  // namespace engine::cli
