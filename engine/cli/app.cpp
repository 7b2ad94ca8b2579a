#include "engine/cli/app.hpp"

#include <algorithm>

#include <CLI/CLI.hpp>

#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"

#ifndef BERTH_VERSION
#define BERTH_VERSION "dev"
#endif

namespace engine::cli {
namespace {

void AddGlobalOptions(CLI::App& app, client::EndpointFlags& flags) {
    app.add_option_function<std::string>(
        "-H,--host", [&flags](const std::string& value) { flags.host = value; }, "Daemon socket to connect to");
    app.add_flag("--tls", flags.tls, "Use TLS; implied by --tlsverify");
    app.add_flag_function(
        "--tlsverify", [&flags](std::int64_t count) { flags.tls_verify = count > 0; }, "Use TLS and verify the remote");
    app.add_option_function<std::string>(
        "--tlscacert",
        [&flags](const std::string& value) { flags.tls_ca = value; },
        "Trust certs signed only by this CA");
    app.add_option_function<std::string>(
        "--tlscert", [&flags](const std::string& value) { flags.tls_cert = value; }, "Path to TLS certificate file");
    app.add_option_function<std::string>(
        "--tlskey", [&flags](const std::string& value) { flags.tls_key = value; }, "Path to TLS key file");
}

CLI::App* NewGroup(CLI::App& app, CommandContext& context, const std::string& name, const std::string& description) {
    CLI::App* group = app.add_subcommand(name, description);
    context.SetUsage(group, "berth " + name, "berth " + name + " COMMAND");
    // Alone, a group shows its commands, as `docker image` does.
    group->callback([group, &context] {
        if (group->get_subcommands().empty()) {
            context.io().out << group->help();
        }
    });
    return group;
}

// The container verbs, at the top level and under `berth container` as docker has them.
void AddContainerCommands(CLI::App& app, CommandContext& context) {
    CLI::App* container = NewGroup(app, context, "container", "Manage containers");
    AddRunCommand(app, context);
    AddRunCommand(*container, context);
    using Adder = void (*)(CLI::App&, const std::string&, CommandContext&);
    const std::vector<std::pair<std::string, Adder>> verbs = {
        {"create", AddCreateCommand},   {"start", AddStartCommand},   {"stop", AddStopCommand},
        {"restart", AddRestartCommand}, {"kill", AddKillCommand},     {"pause", AddPauseCommand},
        {"unpause", AddUnpauseCommand}, {"wait", AddWaitCommand},     {"port", AddPortCommand},
        {"rename", AddRenameCommand},   {"rm", AddRmCommand},         {"logs", AddLogsCommand},
        {"exec", AddExecCommand},       {"top", AddTopCommand},       {"diff", AddDiffCommand},
        {"export", AddExportCommand},   {"attach", AddAttachCommand}, {"stats", AddStatsCommand},
        {"cp", AddCpCommand},
    };
    for (const auto& [name, add] : verbs) {
        add(app, name, context);
        add(*container, name, context);
    }
    AddPsCommand(app, "ps", context);
    AddPsCommand(*container, "ls", context);
    AddPsCommand(*container, "list", context);
    AddPsCommand(*container, "ps", context);
    AddRmCommand(*container, "remove", context);
    AddContainerInspectCommand(*container, context);
    AddContainerPruneCommand(*container, context);
    AddInspectCommand(app, context);
    CLI::App* volume = NewGroup(app, context, "volume", "Manage volumes");
    AddVolumeCreateCommand(*volume, context);
    AddVolumeLsCommand(*volume, "ls", context);
    AddVolumeLsCommand(*volume, "list", context);
    AddVolumeInspectCommand(*volume, context);
    AddVolumeRmCommand(*volume, "rm", context);
    AddVolumeRmCommand(*volume, "remove", context);
    AddVolumePruneCommand(*volume, context);
}

void AddNetworkCommands(CLI::App& app, CommandContext& context) {
    CLI::App* network = NewGroup(app, context, "network", "Manage networks");
    AddNetworkCreateCommand(*network, context);
    AddNetworkLsCommand(*network, "ls", context);
    AddNetworkLsCommand(*network, "list", context);
    AddNetworkInspectCommand(*network, context);
    AddNetworkRmCommand(*network, "rm", context);
    AddNetworkRmCommand(*network, "remove", context);
    AddNetworkConnectCommand(*network, context);
    AddNetworkDisconnectCommand(*network, context);
    AddNetworkPruneCommand(*network, context);
}

void AddCommands(CLI::App& app, CommandContext& context) {
    AddContainerCommands(app, context);
    CLI::App* image = NewGroup(app, context, "image", "Manage images");
    CLI::App* system = NewGroup(app, context, "system", "Manage Berth");
    AddVersionCommand(app, context);
    AddInfoCommand(app, "info", context);
    AddInfoCommand(*system, "info", context);
    AddEventsCommand(app, "events", context);
    AddEventsCommand(*system, "events", context);
    AddSystemDfCommand(*system, context);
    AddSystemPruneCommand(*system, context);
    AddImagesCommand(app, "images", context);
    AddImagesCommand(*image, "ls", context);
    AddImagesCommand(*image, "list", context);
    AddImageImportCommand(app, "import", context);
    AddImageImportCommand(*image, "import", context);
    AddImageLoadCommand(app, "load", context);
    AddImageLoadCommand(*image, "load", context);
    AddImageSaveCommand(app, "save", context);
    AddImageSaveCommand(*image, "save", context);
    AddImageTagCommand(app, "tag", context);
    AddImageTagCommand(*image, "tag", context);
    AddImageRmCommand(app, "rmi", context);
    AddImageRmCommand(*image, "rm", context);
    AddImageRmCommand(*image, "remove", context);
    AddImageInspectCommand(*image, context);
    AddImageHistoryCommand(app, "history", context);
    AddImageHistoryCommand(*image, "history", context);
    AddImagePruneCommand(*image, context);
    AddNetworkCommands(app, context);
    AddComposeCommand(app, context);
}

// The innermost command the parser had reached, for usage messages.
const CLI::App* ActiveCommand(const CLI::App& app) {
    const CLI::App* current = &app;
    for (;;) {
        const auto selected = current->get_subcommands();
        if (selected.empty()) {
            return current;
        }
        current = selected.front();
    }
}

// docker's texts for a flag it does not know: "unknown flag: --x", "unknown shorthand flag:
// 'x' in -x"; for a word at the top level: "unknown command".
std::string DescribeExtra(const CLI::ExtrasError& error, const CommandContext& context, const CLI::App* command) {
    std::string what = error.what();
    const std::size_t colon = what.find(": ");
    std::string extra = colon == std::string::npos ? what : what.substr(colon + 2);
    extra = extra.substr(0, extra.find(' '));
    const std::string& path = context.PathOf(command);
    if (!extra.starts_with("-")) {
        return "berth: unknown command: " + path + " " + extra + "\n\nRun '" + path + " --help' for more information";
    }
    const std::string problem = extra.starts_with("--")
                                    ? "unknown flag: " + extra.substr(0, extra.find('='))
                                    : "unknown shorthand flag: '" + extra.substr(1, 1) + "' in " + extra;
    return problem + "\n\nUsage:  " + context.UsageOf(command) + "\n\nRun '" + path + " --help' for more information";
}

int ReportParseError(const CLI::ParseError& error, CLI::App& app, CommandContext& context) {
    CliIo& io = context.io();
    const CLI::App* command = ActiveCommand(app);
    if (error.get_exit_code() == 0) {  // --help, --version
        return app.exit(error, io.out, io.err);
    }
    if (const auto* extras = dynamic_cast<const CLI::ExtrasError*>(&error)) {
        const bool unknown_command = std::string(extras->what()).find(" -") == std::string::npos;
        io.err << DescribeExtra(*extras, context, command) << '\n';
        return unknown_command ? 1 : 125;
    }
    io.err << "berth: " << error.what() << "\n\nUsage:  " << context.UsageOf(command) << "\n\nRun '"
           << context.PathOf(command) << " --help' for more information\n";
    return 125;
}

}  // namespace

int RunCli(const std::vector<std::string>& args, CliIo io, const ApiProvider& provider) {
    CommandContext context(std::move(io), provider);
    CLI::App app("A self-sufficient runtime for containers", "berth");
    app.set_version_flag("-v,--version", "Berth version " BERTH_VERSION);
    // One command per invocation. Without the limit CLI11 hands a word after `compose` that is
    // also a berth command ("ps", "logs", "rm") to berth instead of to berth-compose.
    app.require_subcommand(0, 1);
    AddGlobalOptions(app, context.endpoint_flags());
    AddCommands(app, context);
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
    CliIo& out = context.io();
    try {
        app.parse(reversed);
        if (app.get_subcommands().empty()) {
            out.out << app.help();
        }
        return 0;
    } catch (const CLI::ParseError& error) {
        return ReportParseError(error, app, context);
    } catch (const ExitError& error) {
        if (error.what()[0] != '\0') {
            out.err << error.what() << '\n';
        }
        return error.code();
    } catch (const Error& error) {
        out.err << error.what() << '\n';
        return 1;
    } catch (const std::exception& error) {
        out.err << "berth: " << error.what() << '\n';
        return 1;
    }
}

}  // namespace engine::cli
