// `berth image prune`: remove unused images after asking, as docker does.
#include "engine/cli/commands.hpp"
#include "engine/cli/output.hpp"
#include "engine/cli/units.hpp"

namespace engine::cli {
namespace {

struct PruneOptions {
    bool all = false;
    bool force = false;
    std::vector<std::string> filters;
    std::vector<std::string> args;
};

constexpr std::string_view kDanglingWarning = "WARNING! This will remove all dangling images.";
constexpr std::string_view kAllWarning =
    "WARNING! This will remove all images without at least one container associated to them.";

void Run(CommandContext& context, const PruneOptions& options) {
    const api::Filters filters = ParseFilterFlags(options.filters, "--filter");
    CliIo& io = context.io();
    const std::string warning(options.all ? kAllWarning : kDanglingWarning);
    if (!options.force && !Confirm(io.in, io.out, warning + "\nAre you sure you want to continue?")) {
        return;  // docker's v28 CLI ends quietly with status 0 when the answer is no
    }
    const nlohmann::json report = context.Api().ImagePrune(options.all, filters);
    const nlohmann::json deleted = report.value("ImagesDeleted", nlohmann::json::array());
    if (deleted.is_array() && !deleted.empty()) {
        io.out << "Deleted Images:\n";
        for (const nlohmann::json& item : deleted) {
            if (!item.value("Untagged", "").empty()) {
                io.out << "untagged: " << item.value("Untagged", "") << '\n';
            }
            if (!item.value("Deleted", "").empty()) {
                io.out << "deleted: " << item.value("Deleted", "") << '\n';
            }
        }
        io.out << '\n';
    }
    const auto reclaimed = report.value("SpaceReclaimed", std::uint64_t{0});
    io.out << "Total reclaimed space: " << HumanSize(static_cast<double>(reclaimed)) << '\n';
}

}  // namespace

void AddImagePruneCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, "prune", "Remove unused images", "[OPTIONS]");
    auto options = std::make_shared<PruneOptions>();
    command->add_flag("-a,--all", options->all, "Remove all unused images, not just dangling ones");
    command->add_flag("-f,--force", options->force, "Do not prompt for confirmation");
    AddRepeatable(*command, "--filter", options->filters, "Provide filter values (e.g. \"until=<timestamp>\")");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {0, 0});
        Run(context, *options);
    });
}

}  // namespace engine::cli
