// `berth system prune`: docker's sequence — containers, networks, (volumes,) images, build
// cache — with one confirmation and one total.
#include "engine/cli/commands.hpp"
#include "engine/cli/output.hpp"
#include "engine/cli/units.hpp"

namespace engine::cli {
namespace {

struct SystemPruneOptions {
    bool all = false;
    bool force = false;
    bool volumes = false;
    std::vector<std::string> filters;
    std::vector<std::string> args;
};

std::string Warning(const SystemPruneOptions& options) {
    std::string text = "WARNING! This will remove:\n  - all stopped containers\n";
    text += "  - all networks not used by at least one container\n";
    if (options.volumes) {
        text += "  - all volumes not used by at least one container\n";
    }
    text += options.all ? "  - all images without at least one container associated to them\n"
                        : "  - all dangling images\n";
    text += options.all ? "  - all build cache\n" : "  - unused build cache\n";
    return text + "\nAre you sure you want to continue?";
}

void PrintList(std::ostream& out, const std::string& title, const nlohmann::json& items) {
    if (!items.is_array() || items.empty()) {
        return;
    }
    out << title << '\n';
    for (const nlohmann::json& item : items) {
        out << (item.is_string() ? item.get<std::string>() : item.dump()) << '\n';
    }
    out << '\n';
}

void PrintImages(std::ostream& out, const nlohmann::json& items) {
    if (!items.is_array() || items.empty()) {
        return;
    }
    out << "Deleted Images:\n";
    for (const nlohmann::json& item : items) {
        if (!item.value("Untagged", "").empty()) {
            out << "untagged: " << item.value("Untagged", "") << '\n';
        }
        if (!item.value("Deleted", "").empty()) {
            out << "deleted: " << item.value("Deleted", "") << '\n';
        }
    }
    out << '\n';
}

void Prune(CommandContext& context, const SystemPruneOptions& options) {
    const api::Filters filters = ParseFilterFlags(options.filters, "--filter");
    CliIo& io = context.io();
    if (!options.force && !Confirm(io.in, io.out, Warning(options))) {
        return;
    }
    client::EngineApi& api = context.Api();
    std::uint64_t reclaimed = 0;
    const auto space = [&reclaimed](const nlohmann::json& report) {
        reclaimed += report.value("SpaceReclaimed", std::uint64_t{0});
        return report;
    };
    PrintList(
        io.out, "Deleted Containers:", space(api.ContainerPrune(filters)).value("ContainersDeleted", nlohmann::json()));
    PrintList(io.out, "Deleted Networks:", api.NetworkPrune(filters).value("NetworksDeleted", nlohmann::json()));
    if (options.volumes) {
        PrintList(
            io.out, "Deleted Volumes:", space(api.VolumePrune(filters)).value("VolumesDeleted", nlohmann::json()));
    }
    PrintImages(io.out, space(api.ImagePrune(options.all, filters)).value("ImagesDeleted", nlohmann::json()));
    PrintList(io.out,
              "Deleted build cache objects:",
              space(api.BuildCachePrune(options.all, filters)).value("CachesDeleted", nlohmann::json()));
    io.out << "Total reclaimed space: " << HumanSize(static_cast<double>(reclaimed)) << '\n';
}

}  // namespace

void AddSystemPruneCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, "prune", "Remove unused data", "[OPTIONS]");
    auto options = std::make_shared<SystemPruneOptions>();
    command->add_flag("-a,--all", options->all, "Remove all unused images not just dangling ones");
    command->add_flag("-f,--force", options->force, "Do not prompt for confirmation");
    command->add_flag("--volumes", options->volumes, "Prune volumes");
    AddRepeatable(*command, "--filter", options->filters, "Provide filter values (e.g. \"label=<key>=<value>\")");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {0, 0});
        Prune(context, *options);
    });
}

}  // namespace engine::cli
