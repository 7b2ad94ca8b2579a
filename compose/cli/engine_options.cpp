#include "compose/cli/engine_options.hpp"

#include <charconv>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/client/engine_client.hpp"

namespace compose::cli {
namespace {

std::optional<std::string> Lookup(const std::map<std::string, std::string>& environment, std::string_view name) {
    const auto it = environment.find(std::string(name));
    return it == environment.end() ? std::nullopt : std::optional<std::string>(it->second);
}

int ParseParallel(const std::string& text, std::string_view source) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        throw engine::Error(
            engine::Errc::kInvalidArgument,
            std::string(source) + ": \"" + text + "\" is not a number; give a whole number (-1 for no limit)");
    }
    return value;
}

}  // namespace

std::shared_ptr<EngineOptions> AddEngineOptions(CLI::App& app) {
    auto options = std::make_shared<EngineOptions>();
    app.add_option("-H,--host", options->host, "Daemon socket to connect to (default: BERTH_HOST, DOCKER_HOST)");
    app.add_option("--parallel", options->parallel, "Control max parallelism, -1 for unlimited");
    app.add_option("--progress", options->progress, "Set type of progress output (auto, tty, plain, json, quiet)");
    return options;
}

Terminals CurrentTerminals() {
    return Terminals{.stdin_is_tty = isatty(STDIN_FILENO) != 0,
                     .stdout_is_tty = isatty(STDOUT_FILENO) != 0,
                     .stderr_is_tty = isatty(STDERR_FILENO) != 0};
}

ProgressMode ParseProgressMode(const std::string& value, bool stderr_is_tty) {
    if (value == "auto" || value.empty()) {
        return stderr_is_tty ? ProgressMode::kTty : ProgressMode::kPlain;
    }
    if (value == "tty") {
        return ProgressMode::kTty;
    }
    if (value == "plain") {
        return ProgressMode::kPlain;
    }
    if (value == "quiet") {
        return ProgressMode::kQuiet;
    }
    if (value == "json") {
        return ProgressMode::kJson;
    }
    throw engine::Error(engine::Errc::kInvalidArgument,
                        "unsupported --progress value \"" + value + "\"; use auto, tty, plain, json or quiet");
}

EngineContext ResolveEngineContext(const EngineOptions& options,
                                   const std::map<std::string, std::string>& environment,
                                   const Terminals& terminals) {
    EngineContext context;
    engine::client::EndpointFlags flags;
    flags.host = options.host;
    context.endpoint = engine::client::ResolveEndpoint(
        flags, [&environment](std::string_view name) { return Lookup(environment, name); });
    if (options.parallel) {
        context.parallel = *options.parallel;
    } else if (const auto limit = Lookup(environment, "COMPOSE_PARALLEL_LIMIT"); limit && !limit->empty()) {
        context.parallel = ParseParallel(*limit, "COMPOSE_PARALLEL_LIMIT");
    }
    std::string progress = options.progress;
    if (progress == "auto") {
        progress = Lookup(environment, "COMPOSE_PROGRESS").value_or("auto");
    }
    context.progress = ParseProgressMode(progress, terminals.stderr_is_tty);
    context.stdin_is_tty = terminals.stdin_is_tty;
    context.stdout_is_tty = terminals.stdout_is_tty;
    context.stderr_is_tty = terminals.stderr_is_tty;
    // DOCKER_API_VERSION pins the version and skips negotiation, as for the docker CLI.
    const std::optional<std::string> pinned = Lookup(environment, "DOCKER_API_VERSION");
    context.open_api = [endpoint = context.endpoint, pinned] {
        return std::shared_ptr<engine::client::EngineApi>(
            std::make_shared<engine::client::EngineClient>(endpoint, pinned));
    };
    return context;
}

}  // namespace compose::cli
