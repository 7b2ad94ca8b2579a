// `berth logs`: the container's output, stdout to stdout and stderr to stderr, as docker.
#include "engine/cli/commands.hpp"
#include "engine/cli/timestamp.hpp"

namespace engine::cli {
namespace {

struct LogsFlags {
    bool follow = false;
    bool timestamps = false;
    bool details = false;
    std::string since;
    std::string until;
    std::string tail = "all";
    std::vector<std::string> args;
};

void Logs(CommandContext& context, const LogsFlags& flags) {
    CliIo& io = context.io();
    const std::string& name = flags.args.front();
    // The stream is framed unless the container has a TTY, which only its config tells.
    const nlohmann::json info = context.Api().ContainerInspect(name, false);
    const bool tty = info.value("Config", nlohmann::json::object()).value("Tty", false);
    client::LogsOptions options;
    options.follow = flags.follow;
    options.timestamps = flags.timestamps;
    options.details = flags.details;
    options.tail = flags.tail;
    const auto now = io.now();
    if (!flags.since.empty()) {
        options.since = GetTimestamp(flags.since, now);
    }
    if (!flags.until.empty()) {
        options.until = GetTimestamp(flags.until, now);
    }
    context.Api().ContainerLogs(
        info.value("Id", name), options, tty, [&io](client::StdStream which, std::string_view data) {
            std::ostream& target = which == client::StdStream::kStderr ? io.err : io.out;
            target.write(data.data(), static_cast<std::streamsize>(data.size()));
            target.flush();
            return true;
        });
}

}  // namespace

void AddLogsCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "Fetch the logs of a container", "[OPTIONS] CONTAINER");
    auto flags = std::make_shared<LogsFlags>();
    command->add_flag("-f,--follow", flags->follow, "Follow log output");
    command->add_flag("-t,--timestamps", flags->timestamps, "Show timestamps");
    command->add_flag("--details", flags->details, "Show extra details provided to logs");
    command->add_option("--since", flags->since, "Show logs since timestamp or relative (e.g. 42m for 42 minutes)");
    command->add_option("--until", flags->until, "Show logs before a timestamp or relative");
    command->add_option("-n,--tail", flags->tail, "Number of lines to show from the end of the logs");
    command->add_option("args", flags->args)->group("");
    command->callback([&context, command, flags] {
        CheckArgCount(context, command, flags->args, {1, 1});
        Logs(context, *flags);
    });
}

}  // namespace engine::cli
