#pragma once

// The verbs of `berth`, one file each. Every Add*Command registers the verb under `parent` as
// `name` (docker's aliases register the same verb again under another parent or name).

#include <string>

#include <CLI/CLI.hpp>

#include "engine/cli/command_context.hpp"

namespace engine::cli {

/// Creates subcommand `name` of `parent` and records its path and usage line
/// ("berth image tag" / "berth image tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]").
CLI::App* NewCommand(CLI::App& parent,
                     CommandContext& context,
                     const std::string& name,
                     const std::string& description,
                     const std::string& usage_args);

/// A flag that may repeat, taking exactly one value each time (`-f a=b -f c=d`), so a value
/// after it is never swallowed as a second value.
CLI::Option* AddRepeatable(CLI::App& command,
                           const std::string& names,
                           std::vector<std::string>& values,
                           const std::string& description);

void AddVersionCommand(CLI::App& parent, CommandContext& context);
void AddInfoCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddEventsCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddSystemDfCommand(CLI::App& parent, CommandContext& context);
void AddSystemPruneCommand(CLI::App& parent, CommandContext& context);

void AddImagesCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImageImportCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImageLoadCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImageSaveCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImageTagCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImageRmCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImageInspectCommand(CLI::App& parent, CommandContext& context);
void AddImageHistoryCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImagePruneCommand(CLI::App& parent, CommandContext& context);

void AddRunCommand(CLI::App& parent, CommandContext& context);
void AddCreateCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddStartCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddStopCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddRestartCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddKillCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddPauseCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddUnpauseCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddWaitCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddPortCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddRenameCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddRmCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddPsCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddLogsCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddExecCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddTopCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddDiffCommand(CLI::App& parent, const std::string& name, CommandContext& context);
/// `berth cp`: tar streams ("-") only; host paths are refused as not implemented.
void AddCpCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddExportCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddAttachCommand(CLI::App& parent, const std::string& name, CommandContext& context);
/// `berth stats`: --no-stream only (the live view is not implemented).
void AddStatsCommand(CLI::App& parent, const std::string& name, CommandContext& context);
/// `berth inspect`: containers, then images, networks and volumes, as docker tries them.
void AddInspectCommand(CLI::App& parent, CommandContext& context);
void AddContainerInspectCommand(CLI::App& parent, CommandContext& context);
void AddContainerPruneCommand(CLI::App& parent, CommandContext& context);

void AddVolumeCreateCommand(CLI::App& parent, CommandContext& context);
void AddVolumeLsCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddVolumeInspectCommand(CLI::App& parent, CommandContext& context);
void AddVolumeRmCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddVolumePruneCommand(CLI::App& parent, CommandContext& context);

void AddNetworkCreateCommand(CLI::App& parent, CommandContext& context);
void AddNetworkLsCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddNetworkInspectCommand(CLI::App& parent, CommandContext& context);
void AddNetworkRmCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddNetworkConnectCommand(CLI::App& parent, CommandContext& context);
void AddNetworkDisconnectCommand(CLI::App& parent, CommandContext& context);
void AddNetworkPruneCommand(CLI::App& parent, CommandContext& context);

/// The berth-compose to run: the one beside berth when it is executable, else the first on
/// `path_env` (PATH's value); "" when there is none.
std::string FindCompose(const std::string& self_directory, const std::string& path_env);

/// One event as `docker events` prints it without --format:
/// "<RFC3339NanoFixed local time> <Type> <Action> <Actor.ID> (k=v, ...)".
std::string FormatEvent(const nlohmann::json& event);

/// `berth compose ARGS...`: replaces the process with berth-compose (found beside the running
/// berth first, then on PATH) and the remaining arguments.
void AddComposeCommand(CLI::App& parent, CommandContext& context);

}  // namespace engine::cli
