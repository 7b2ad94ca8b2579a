// `berth inspect` (containers, images, networks, volumes: tried in docker's order), `berth container
// inspect` and `berth volume inspect`.
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/template.hpp"

namespace engine::cli {
namespace {

struct InspectOptions {
    std::string format;
    std::string type;
    bool size = false;
    std::vector<std::string> args;
};

// One object by the first kind that knows `ref`; nullopt when none does. Errors other than
// "not found" stop the search, as docker's inspectAll.
nlohmann::json Find(client::EngineApi& api, const InspectOptions& options, const std::string& ref) {
    const std::vector<std::pair<std::string, std::function<nlohmann::json()>>> kinds = {
        {"container", [&] { return api.ContainerInspect(ref, options.size); }},
        {"image", [&] { return api.ImageInspect(ref); }},
        {"network", [&] { return api.NetworkInspect(ref, false); }},
        {"volume", [&] { return api.VolumeInspect(ref); }},
    };
    std::optional<Error> last;
    for (const auto& [kind, inspect] : kinds) {
        if (!options.type.empty() && options.type != kind) {
            continue;
        }
        try {
            return inspect();
        } catch (const Error& error) {
            if (error.code() != Errc::kNotFound) {
                throw;
            }
            last = error;
        }
    }
    if (!options.type.empty() && last) {
        throw *last;
    }
    throw Error(Errc::kNotFound, "Error: No such object: " + ref);
}

void Inspect(CommandContext& context, const InspectOptions& options) {
    if (!options.type.empty() && options.type != "container" && options.type != "image" && options.type != "network" &&
        options.type != "volume") {
        throw ExitError(1, "\"" + options.type + "\" is not a valid value for --type");
    }
    const std::string format = options.format == "json" ? "" : options.format;
    const std::optional<Template> tmpl = format.empty() ? std::nullopt : std::optional(Template::Parse(format));
    nlohmann::json found = nlohmann::json::array();
    std::string errors;
    for (const std::string& ref : options.args) {
        try {
            found.push_back(Find(context.Api(), options, ref));
        } catch (const Error& error) {
            errors += (errors.empty() ? "" : "\n") + std::string(error.what());
        }
    }
    std::ostream& out = context.io().out;
    if (tmpl) {
        for (const nlohmann::json& element : found) {
            out << tmpl->Execute(element) << '\n';
        }
    } else {
        out << found.dump(4) << '\n';
    }
    if (!errors.empty()) {
        throw ExitError(1, errors);
    }
}

CLI::App* AddInspect(CLI::App& parent,
                     const std::string& name,
                     CommandContext& context,
                     const std::string& description,
                     const std::string& usage,
                     const std::string& fixed_type) {
    CLI::App* command = NewCommand(parent, context, name, description, usage);
    auto options = std::make_shared<InspectOptions>();
    options->type = fixed_type;
    command->add_option("-f,--format", options->format, "Format output using a custom template");
    if (fixed_type != "volume") {
        command->add_flag("-s,--size", options->size, "Display total file sizes if the type is container");
    }
    if (fixed_type.empty()) {
        command->add_option("--type", options->type, "Only inspect objects of the given type");
    }
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {1, SIZE_MAX});
        Inspect(context, *options);
    });
    return command;
}

}  // namespace

void AddInspectCommand(CLI::App& parent, CommandContext& context) {
    AddInspect(parent,
               "inspect",
               context,
               "Return low-level information on Berth objects",
               "[OPTIONS] NAME|ID [NAME|ID...]",
               "");
}

void AddContainerInspectCommand(CLI::App& parent, CommandContext& context) {
    AddInspect(parent,
               "inspect",
               context,
               "Display detailed information on one or more containers",
               "[OPTIONS] CONTAINER [CONTAINER...]",
               "container");
}

void AddVolumeInspectCommand(CLI::App& parent, CommandContext& context) {
    AddInspect(parent,
               "inspect",
               context,
               "Display detailed information on one or more volumes",
               "[OPTIONS] VOLUME [VOLUME...]",
               "volume");
}

}  // namespace engine::cli
