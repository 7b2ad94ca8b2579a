// `berth container prune` and `berth volume prune`: ask, prune, report as docker does.
#include "engine/cli/commands.hpp"
#include "engine/cli/output.hpp"
#include "engine/cli/units.hpp"

namespace engine::cli {
namespace {

struct PruneKind {
    std::string_view warning;
    std::string_view deleted_key;    // "ContainersDeleted"
    std::string_view deleted_title;  // "Deleted Containers:"
};

constexpr PruneKind kContainers = {
    "WARNING! This will remove all stopped containers.", "ContainersDeleted", "Deleted Containers:"};
// API 1.41 prunes every unused local volume, and docker words the warning for that version so.
constexpr PruneKind kVolumes = {"WARNING! This will remove all local volumes not used by at least one container.",
                                "VolumesDeleted",
                                "Deleted Volumes:"};

struct PruneOptions {
    bool force = false;
    std::vector<std::string> filters;
    std::vector<std::string> args;
};

void Prune(CommandContext& context, const PruneOptions& options, const PruneKind& kind) {
    const api::Filters filters = ParseFilterFlags(options.filters, "--filter");
    CliIo& io = context.io();
    if (!options.force && !Confirm(io.in, io.out, std::string(kind.warning) + "\nAre you sure you want to continue?")) {
        return;
    }
    const nlohmann::json report =
        &kind == &kContainers ? context.Api().ContainerPrune(filters) : context.Api().VolumePrune(filters);
    const nlohmann::json deleted = report.value(std::string(kind.deleted_key), nlohmann::json::array());
    if (deleted.is_array() && !deleted.empty()) {
        io.out << kind.deleted_title << '\n';
        for (const nlohmann::json& item : deleted) {
            io.out << item.get<std::string>() << '\n';
        }
        io.out << '\n';
    }
    const auto reclaimed = report.value("SpaceReclaimed", std::uint64_t{0});
    io.out << "Total reclaimed space: " << HumanSize(static_cast<double>(reclaimed)) << '\n';
}

void AddPrune(CLI::App& parent, CommandContext& context, const std::string& description, const PruneKind& kind) {
    CLI::App* command = NewCommand(parent, context, "prune", description, "[OPTIONS]");
    auto options = std::make_shared<PruneOptions>();
    command->add_flag("-f,--force", options->force, "Do not prompt for confirmation");
    AddRepeatable(*command, "--filter", options->filters, "Provide filter values (e.g. \"until=<timestamp>\")");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options, &kind] {
        CheckArgCount(context, command, options->args, {0, 0});
        Prune(context, *options, kind);
    });
}

}  // namespace

void AddContainerPruneCommand(CLI::App& parent, CommandContext& context) {
    AddPrune(parent, context, "Remove all stopped containers", kContainers);
}

void AddVolumePruneCommand(CLI::App& parent, CommandContext& context) {
    AddPrune(parent, context, "Remove unused local volumes", kVolumes);
}

}  // namespace engine::cli
