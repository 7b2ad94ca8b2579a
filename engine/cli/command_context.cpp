#include "engine/cli/command_context.hpp"

#include <cstdint>

#include "engine/cli/commands.hpp"

namespace engine::cli {

client::EngineApi& CommandContext::Api() {
    if (api_ == nullptr) {
        api_ = &provider_(client::ResolveEndpoint(endpoint_flags_, io_.get_env));
    }
    return *api_;
}

void CommandContext::SetUsage(const CLI::App* command, std::string path, std::string usage) {
    usage_[command] = {std::move(path), std::move(usage)};
}

const std::string& CommandContext::PathOf(const CLI::App* command) const {
    static const std::string kNone = "berth";
    const auto it = usage_.find(command);
    return it == usage_.end() ? kNone : it->second.first;
}

const std::string& CommandContext::UsageOf(const CLI::App* command) const {
    static const std::string kNone = "berth [OPTIONS] COMMAND";
    const auto it = usage_.find(command);
    return it == usage_.end() ? kNone : it->second.second;
}

void CheckArgCount(const CommandContext& context,
                   const CLI::App* command,
                   const std::vector<std::string>& args,
                   ArgCount count) {
    if (args.size() >= count.min && args.size() <= count.max) {
        return;
    }
    const auto plural = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
    std::string problem;
    std::string hint = "Run";
    if (count.max == 0) {
        problem = "accepts no arguments";
    } else if (count.min == count.max) {
        problem = "requires " + plural(count.min);
    } else if (args.size() < count.min) {
        problem = "requires at least " + plural(count.min);
        hint = "See";  // docker's wording differs for this case
    } else {
        problem = "requires at most " + plural(count.max);
    }
    const std::string& path = context.PathOf(command);
    throw ExitError(1,
                    "berth: '" + path + "' " + problem + "\n\nUsage:  " + context.UsageOf(command) + "\n\n" + hint +
                        " '" + path + " --help' for more information");
}

CLI::App* NewCommand(CLI::App& parent,
                     CommandContext& context,
                     const std::string& name,
                     const std::string& description,
                     const std::string& usage_args) {
    CLI::App* command = parent.add_subcommand(name, description);
    const std::string path = context.PathOf(&parent) + " " + name;
    context.SetUsage(command, path, usage_args.empty() ? path : path + " " + usage_args);
    return command;
}

CLI::Option* AddRepeatable(CLI::App& command,
                           const std::string& names,
                           std::vector<std::string>& values,
                           const std::string& description) {
    return command.add_option(names, values, description)->allow_extra_args(false);
}

}  // namespace engine::cli
