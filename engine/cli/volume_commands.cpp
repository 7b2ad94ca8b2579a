// `berth volume create | ls | rm`.
#include <algorithm>

#include "engine/cli/commands.hpp"
#include "engine/cli/container_batch.hpp"
#include "engine/cli/output.hpp"

namespace engine::cli {
namespace {

struct VolumeCreateOptions {
    std::string name;
    std::string driver = "local";
    std::vector<std::string> opts;
    std::vector<std::string> labels;
    std::vector<std::string> args;
};

nlohmann::json KeyValueMap(const std::vector<std::string>& values) {
    nlohmann::json map = nlohmann::json::object();
    for (const std::string& value : values) {
        const std::size_t equals = value.find('=');
        map[value.substr(0, equals)] = equals == std::string::npos ? "" : value.substr(equals + 1);
    }
    return map;
}

void Create(CommandContext& context, const VolumeCreateOptions& options) {
    std::string name = options.name;
    if (!options.args.empty()) {
        if (!name.empty() && name != options.args.front()) {
            throw ExitError(1, "conflicting options: either specify --name or provide positional arg, not both");
        }
        name = options.args.front();
    }
    const nlohmann::json body = {{"Name", name},
                                 {"Driver", options.driver},
                                 {"DriverOpts", KeyValueMap(options.opts)},
                                 {"Labels", KeyValueMap(options.labels)}};
    context.io().out << context.Api().VolumeCreate(body).value("Name", "") << '\n';
}

struct VolumeLsOptions {
    bool quiet = false;
    std::vector<std::string> filters;
    std::string format;
    std::vector<std::string> args;
};

void List(CommandContext& context, const VolumeLsOptions& options) {
    const nlohmann::json reply = context.Api().VolumeList(ParseFilterFlags(options.filters));
    std::vector<nlohmann::json> rows;
    for (const nlohmann::json& volume : reply.value("Volumes", nlohmann::json::array())) {
        std::string labels;
        const nlohmann::json label_map = volume.value("Labels", nlohmann::json::object());
        for (const auto& [key, value] : label_map.items()) {
            labels += (labels.empty() ? "" : ",") + key + "=" + value.get<std::string>();
        }
        rows.push_back(nlohmann::json{{"Name", volume.value("Name", "")},
                                      {"Driver", volume.value("Driver", "")},
                                      {"Scope", volume.value("Scope", "")},
                                      {"Mountpoint", volume.value("Mountpoint", "")},
                                      {"CreatedAt", volume.value("CreatedAt", "")},
                                      {"Labels", labels},
                                      {"Links", "N/A"},
                                      {"Size", "N/A"}});
    }
    std::sort(rows.begin(), rows.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
        return a["Name"].get<std::string>() < b["Name"].get<std::string>();
    });
    WriteFormatted(context.io().out,
                   options.quiet ? "{{.Name}}" : options.format,
                   "table {{.Driver}}\t{{.Name}}",
                   rows,
                   nlohmann::json{{"Name", "VOLUME NAME"},
                                  {"Driver", "DRIVER"},
                                  {"Scope", "SCOPE"},
                                  {"Mountpoint", "MOUNTPOINT"},
                                  {"CreatedAt", "CREATED"},
                                  {"Labels", "LABELS"},
                                  {"Links", "LINKS"},
                                  {"Size", "SIZE"}});
}

}  // namespace

void AddVolumeCreateCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, "create", "Create a volume", "[OPTIONS] [VOLUME]");
    auto options = std::make_shared<VolumeCreateOptions>();
    command->add_option("--name", options->name, "Specify volume name")->group("");
    command->add_option("-d,--driver", options->driver, "Specify volume driver name");
    AddRepeatable(*command, "-o,--opt", options->opts, "Set driver specific options");
    AddRepeatable(*command, "--label", options->labels, "Set metadata for a volume");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {0, 1});
        Create(context, *options);
    });
}

void AddVolumeLsCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "List volumes", "[OPTIONS]");
    auto options = std::make_shared<VolumeLsOptions>();
    command->add_flag("-q,--quiet", options->quiet, "Only display volume names");
    AddRepeatable(*command, "-f,--filter", options->filters, "Provide filter values (e.g. \"dangling=true\")");
    command->add_option("--format", options->format, "Format output using a custom template");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {0, 0});
        List(context, *options);
    });
}

void AddVolumeRmCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "Remove one or more volumes", "[OPTIONS] VOLUME [VOLUME...]");
    auto force = std::make_shared<bool>(false);
    auto args = std::make_shared<std::vector<std::string>>();
    command->add_flag("-f,--force", *force, "Force the removal of one or more volumes");
    command->add_option("args", *args)->group("");
    command->callback([&context, command, force, args] {
        CheckArgCount(context, command, *args, {1, SIZE_MAX});
        ForEachContainer(
            context, *args, [&](const std::string& volume) { context.Api().VolumeRemove(volume, *force); });
    });
}

}  // namespace engine::cli
