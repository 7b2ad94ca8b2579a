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

void AddImagesCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImageImportCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImageLoadCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImageSaveCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImageTagCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImageRmCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImageInspectCommand(CLI::App& parent, CommandContext& context);
void AddImageHistoryCommand(CLI::App& parent, const std::string& name, CommandContext& context);
void AddImagePruneCommand(CLI::App& parent, CommandContext& context);

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
