#include "compose/cli/pull_command.hpp"

#include <iostream>

#include <CLI/CLI.hpp>

#include "engine/base/error.hpp"

namespace compose::cli {
namespace {

// A reference without a tag or digest means :latest, as the engine reads it.
std::string WithTag(const std::string& image) {
    const auto slash = image.rfind('/');
    const auto colon = image.rfind(':');
    const bool tagged = colon != std::string::npos && (slash == std::string::npos || colon > slash);
    return tagged || image.find('@') != std::string::npos ? image : image + ":latest";
}

}  // namespace

int RunPull(const PullOptions& options,
            const ProjectContext& context,
            engine::client::EngineApi& api,
            std::ostream& err) {
    if (!context.project) {
        throw engine::Error(engine::Errc::kInvalidArgument,
                            "no compose file found: pull needs one (compose.yaml, or -f FILE) to know the images");
    }
    int failures = 0;
    for (const std::string& service : SelectServices(context, options.selected)) {
        const model::Value* config = context.project->Service(service);
        const model::Value* image = config->Find("image");
        if (image == nullptr || !image->IsString()) {
            continue;  // build-only: there is nothing to pull
        }
        const std::string reference = WithTag(image->AsString());
        try {
            api.ImageInspect(reference);
            if (!options.quiet) {
                err << "Image " << reference << " exists locally, skipping pull: no registry is reachable yet\n";
            }
        } catch (const engine::Error& error) {
            if (error.code() != engine::Errc::kNotFound) {
                throw;
            }
            ++failures;
            const bool buildable = config->Find("build") != nullptr;
            err << "service \"" << service << "\": image " << reference
                << " is not available locally and cannot be pulled (no registry is reachable yet); load it with "
                   "`berth image load`"
                << (buildable ? " or build it with `berth-compose build`" : " or build it") << '\n';
        }
    }
    return failures > 0 && !options.ignore_pull_failures ? 1 : 0;
}

void AddPullCommand(CLI::App& app,
                    const GlobalOptions& global,
                    const std::shared_ptr<EngineOptions>& engine,
                    int& exit_code) {
    auto options = std::make_shared<PullOptions>();
    CLI::App* cmd = app.add_subcommand("pull", "Pull service images");
    cmd->add_flag("-q,--quiet", options->quiet, "Pull without printing progress information");
    cmd->add_flag("--ignore-pull-failures",
                  options->ignore_pull_failures,
                  "Pull what it can and ignores images with pull failures");
    cmd->add_option("services", options->selected, "Services");
    cmd->callback([options, &global, engine, &exit_code] {
        const CommandEnvironment env = PrepareProjectCommand(global, *engine, options->selected, std::cerr);
        exit_code = RunPull(*options, env.project, *env.api, std::cerr);
    });
}

}  // namespace compose::cli
