// `berth image inspect`: the daemon's image objects as a JSON array, or through a template.
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/template.hpp"

namespace engine::cli {
namespace {

struct InspectOptions {
    std::string format;
    std::vector<std::string> args;
};

void Run(CommandContext& context, const InspectOptions& options) {
    const std::string format = options.format == "json" ? "" : options.format;
    const std::optional<Template> tmpl = format.empty() ? std::nullopt : std::optional(Template::Parse(format));
    nlohmann::json found = nlohmann::json::array();
    std::string errors;
    for (const std::string& ref : options.args) {
        try {
            found.push_back(context.Api().ImageInspect(ref));
        } catch (const Error& error) {
            // docker inspects every name, prints what it found, then reports the rest.
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

}  // namespace

void AddImageInspectCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command = NewCommand(
        parent, context, "inspect", "Display detailed information on one or more images", "[OPTIONS] IMAGE [IMAGE...]");
    auto options = std::make_shared<InspectOptions>();
    command->add_option("-f,--format", options->format, "Format output using a custom template");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {1, SIZE_MAX});
        Run(context, *options);
    });
}

}  // namespace engine::cli
