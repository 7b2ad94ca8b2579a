#pragma once

#include <optional>
#include <string>
#include <vector>

namespace engine::runtime {

/// Entrypoint, Cmd and Env of an image config or of a container create request. nullopt is
/// Go's nil (not given), which Docker treats differently from an empty list.
struct CommandConfig final {
    std::optional<std::vector<std::string>> entrypoint;
    std::optional<std::vector<std::string>> cmd;
    std::optional<std::vector<std::string>> env;
};

/// The container's Config after Docker merged it with the image (daemon merge and
/// mergeAndVerifyConfig), and the argv it runs (Path followed by Args).
struct ResolvedCommand final {
    std::optional<std::vector<std::string>> entrypoint;
    std::optional<std::vector<std::string>> cmd;
    std::vector<std::string> env;
    std::vector<std::string> argv;
};

/// Combines image and container as Docker does: with no container Entrypoint (nil or empty),
/// an empty container Cmd takes the image's Cmd, and a nil Entrypoint takes the image's; any
/// container Entrypoint keeps the image Cmd out; an Entrypoint of [""] is then cleared. Env is
/// the container's entries followed by the image's whose keys the container does not set.
/// argv is Entrypoint followed by Cmd. Throws Error(kInvalidArgument, "No command specified")
/// when both end up empty.
ResolvedCommand ResolveCommand(const CommandConfig& image, const CommandConfig& container);

/// moby's ReplaceOrAppendEnvValues: each "KEY=VALUE" of `overrides` replaces the entry of
/// `defaults` with that key or is appended; a bare "KEY" removes the key from `defaults`.
std::vector<std::string> ReplaceOrAppendEnv(std::vector<std::string> defaults,
                                            const std::vector<std::string>& overrides);

}  // namespace engine::runtime
