#include "compose/cli/config_command.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include "compose/graph/service_graph.hpp"
#include "compose/loader/list_syntax.hpp"
#include "compose/loader/load_error.hpp"
#include "compose/loader/project_loader.hpp"
#include "compose/loader/yaml_writer.hpp"
#include "compose/model/config_hash.hpp"

namespace compose::cli {
namespace {

using model::Value;

void PrintKeys(const Value& project, std::string_view section, std::ostream& out) {
    if (const Value* entries = project.Find(section); entries != nullptr && entries->IsMap()) {
        for (const auto& [name, entry] : entries->AsMap()) {
            out << name << '\n';
        }
    }
}

void PrintImages(const model::Project& project, std::ostream& out) {
    for (const auto& [name, service] : project.Services()) {
        const Value* image = service.Find("image");
        // A build-only service gets the image name Compose builds it under.
        out << (image != nullptr && image->IsString() ? image->AsString() : project.name + "-" + name) << '\n';
    }
}

void PrintHashes(const model::Project& project, const std::string& which, std::ostream& out) {
    std::vector<std::string> names = which == "*" ? project.ServiceNames() : loader::SplitList(which, ",");
    for (const std::string& name : names) {
        const Value* service = project.Service(name);
        if (service == nullptr) {
            throw loader::LoadError("--hash: no such service: \"" + name + "\"");
        }
        out << name << ' ' << model::ServiceConfigHash(*service) << '\n';
    }
}

// Keeps only `keep` in config.services.
void RestrictServices(model::Project& project, const std::vector<std::string>& keep) {
    Value* services = project.config.Find("services");
    if (services == nullptr || !services->IsMap()) {
        return;
    }
    Value::Map kept;
    for (const std::string& name : keep) {
        kept.emplace(name, std::move(services->AsMap().at(name)));
    }
    services->AsMap() = std::move(kept);
}

// Written beside the target and renamed over it, so a failure never leaves half a file.
void WriteFileAtomically(const std::string& path, const std::string& content) {
    const std::string temp = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream file(temp, std::ios::binary | std::ios::trunc);
        file << content;
        file.flush();
        if (!file) {
            std::filesystem::remove(temp);
            throw loader::LoadError("cannot write " + path + ": check the directory exists and is writable");
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::filesystem::remove(temp);
        throw loader::LoadError("cannot write " + path + ": " + ec.message());
    }
}

std::string Render(const ConfigOptions& options, const model::Project& project) {
    std::ostringstream out;
    if (options.services) {
        PrintKeys(project.config, "services", out);
    } else if (options.volumes) {
        PrintKeys(project.config, "volumes", out);
    } else if (options.networks) {
        PrintKeys(project.config, "networks", out);
    } else if (options.images) {
        PrintImages(project, out);
    } else if (options.profiles) {
        for (const std::string& profile : project.all_profiles) {
            out << profile << '\n';
        }
    } else if (options.environment) {
        for (const auto& [key, value] : project.environment) {
            out << key << '=' << value << '\n';
        }
    } else if (!options.hash.empty()) {
        PrintHashes(project, options.hash, out);
    } else {
        const loader::WriteOptions write{.escape_dollars = !options.no_interpolate};
        out << (options.format == "json" ? loader::WriteJson(project.config, write)
                                         : loader::WriteYaml(project.config, write));
    }
    return out.str();
}

}  // namespace

void RunConfig(const ConfigOptions& options,
               const GlobalOptions& global,
               const ProcessContext& process,
               std::ostream& out,
               std::ostream& err) {
    loader::LoadOptions load = ToLoadOptions(global, process);
    load.interpolate = !options.no_interpolate;
    // Templates like "${PORT}:80" cannot be normalized into typed fields, so showing the file
    // uninterpolated means showing it unnormalized too.
    load.normalize = !options.no_normalize && !options.no_interpolate;
    load.services = options.selected;
    loader::Warnings warnings;
    model::Project project = loader::LoadProject(load, warnings);
    for (const std::string& warning : warnings.List()) {
        err << "WARN: " << warning << '\n';
    }
    // Building the graph is what finds dependency cycles.
    const auto graph = graph::ServiceGraph::Build(project);
    if (!options.selected.empty()) {
        RestrictServices(project, graph.WithDependencies(options.selected));
    }
    if (options.quiet) {
        return;
    }
    std::string text = Render(options, project);
    if (options.output.empty()) {
        out << text;
    } else {
        WriteFileAtomically(options.output, text);
    }
}

void AddConfigCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
    auto options = std::make_shared<ConfigOptions>();
    CLI::App* cmd = app.add_subcommand("config", "Parse, resolve and render the compose file in canonical format");
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"yaml", "json"}));
    cmd->add_flag("-q,--quiet", options->quiet, "Only validate the configuration, print nothing");
    cmd->add_flag("--services", options->services, "Print the service names, one per line");
    cmd->add_flag("--volumes", options->volumes, "Print the volume names, one per line");
    cmd->add_flag("--networks", options->networks, "Print the network names, one per line");
    cmd->add_flag("--images", options->images, "Print the image names, one per line");
    cmd->add_flag("--profiles", options->profiles, "Print the profile names, one per line");
    cmd->add_flag("--environment", options->environment, "Print the environment used for interpolation");
    cmd->add_option("--hash", options->hash, "Print the config hash of the services (\"*\" for all)");
    cmd->add_flag("--no-interpolate",
                  options->no_interpolate,
                  "Don't interpolate environment variables (implies --no-normalize)");
    cmd->add_flag("--no-normalize", options->no_normalize, "Don't normalize the compose model");
    cmd->add_option("-o,--output", options->output, "Save to FILE instead of printing")->type_name("FILE");
    cmd->add_option("services", options->selected, "Services to render (with their dependencies)");
    cmd->callback([options, &global, &exit_code] {
        RunConfig(*options, global, CurrentProcess(), std::cout, std::cerr);
        exit_code = 0;
    });
}

}  // namespace compose::cli
