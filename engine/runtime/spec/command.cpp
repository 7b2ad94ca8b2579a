#include "engine/runtime/spec/command.hpp"

#include <algorithm>
#include <map>

#include "engine/base/error.hpp"

namespace engine::runtime {
namespace {

std::string EnvKey(const std::string& entry) {
    return entry.substr(0, entry.find('='));
}

// moby's merge of Env: the container's entries, then the image's with keys not yet set.
std::vector<std::string> MergeEnv(const CommandConfig& image, const CommandConfig& container) {
    std::vector<std::string> env = container.env.value_or(std::vector<std::string>{});
    if (env.empty()) {
        return image.env.value_or(std::vector<std::string>{});
    }
    for (const std::string& image_entry : image.env.value_or(std::vector<std::string>{})) {
        const std::string key = EnvKey(image_entry);
        const bool set = std::any_of(env.begin(), env.end(), [&](const std::string& e) { return EnvKey(e) == key; });
        if (!set) {
            env.push_back(image_entry);
        }
    }
    return env;
}

}  // namespace

ResolvedCommand ResolveCommand(const CommandConfig& image, const CommandConfig& container) {
    ResolvedCommand resolved;
    resolved.entrypoint = container.entrypoint;
    resolved.cmd = container.cmd;
    if (!container.entrypoint || container.entrypoint->empty()) {
        if (!container.cmd || container.cmd->empty()) {
            resolved.cmd = image.cmd;
        }
        if (!container.entrypoint) {
            resolved.entrypoint = image.entrypoint;
        }
    }
    if (resolved.entrypoint && resolved.entrypoint->size() == 1 && resolved.entrypoint->front().empty()) {
        resolved.entrypoint.reset();
    }
    resolved.env = MergeEnv(image, container);
    const std::vector<std::string> no_args;
    const std::vector<std::string>& entrypoint = resolved.entrypoint ? *resolved.entrypoint : no_args;
    const std::vector<std::string>& cmd = resolved.cmd ? *resolved.cmd : no_args;
    if (entrypoint.empty() && cmd.empty()) {
        throw Error(Errc::kInvalidArgument, "No command specified");
    }
    resolved.argv = entrypoint;
    resolved.argv.insert(resolved.argv.end(), cmd.begin(), cmd.end());
    return resolved;
}

std::vector<std::string> ReplaceOrAppendEnv(std::vector<std::string> defaults,
                                            const std::vector<std::string>& overrides) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < defaults.size(); ++i) {
        index.emplace(EnvKey(defaults[i]), i);
    }
    std::vector<bool> removed(defaults.size(), false);
    for (const std::string& entry : overrides) {
        const auto found = index.find(EnvKey(entry));
        if (entry.find('=') == std::string::npos) {
            if (found != index.end()) {
                removed[found->second] = true;
            }
        } else if (found != index.end()) {
            defaults[found->second] = entry;
            removed[found->second] = false;
        } else {
            defaults.push_back(entry);
            removed.push_back(false);
        }
    }
    std::vector<std::string> result;
    for (std::size_t i = 0; i < defaults.size(); ++i) {
        if (!removed[i]) {
            result.push_back(std::move(defaults[i]));
        }
    }
    return result;
}

}  // namespace engine::runtime
