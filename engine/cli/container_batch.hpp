#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/cli/command_context.hpp"

namespace engine::cli {

/// Runs `action` on each of `names` in order as docker's stop/kill/pause/rm do: a name is printed
/// to stdout when its action succeeded; failures are collected and thrown at the end as one
/// ExitError(1) with the messages one per line. With `tolerate_missing` (rm -f), a kNotFound
/// failure is printed to stderr and does not fail the command.
void ForEachContainer(CommandContext& context,
                      const std::vector<std::string>& names,
                      const std::function<void(const std::string& name)>& action,
                      bool tolerate_missing = false);

}  // namespace engine::cli
