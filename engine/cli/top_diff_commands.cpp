// `berth top` and `berth diff`: a container's processes and filesystem changes.
#include "engine/cli/commands.hpp"
#include "engine/cli/tab_writer.hpp"

namespace engine::cli {
namespace {

std::string JoinTabs(const nlohmann::json& values) {
    std::string line;
    for (const nlohmann::json& value : values.is_array() ? values : nlohmann::json::array()) {
        line += (line.empty() ? "" : "\t") + (value.is_string() ? value.get<std::string>() : value.dump());
    }
    return line;
}

}  // namespace

void AddTopCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command =
        NewCommand(parent, context, name, "Display the running processes of a container", "CONTAINER [ps OPTIONS]");
    command->prefix_command();  // ps options are passed on, not parsed
    command->callback([&context, command] {
        const std::vector<std::string> words = command->remaining();
        CheckArgCount(context, command, words, {1, SIZE_MAX});
        std::string ps_args;
        for (std::size_t i = 1; i < words.size(); ++i) {
            ps_args += (i == 1 ? "" : " ") + words[i];
        }
        const nlohmann::json top = context.Api().ContainerTop(words.front(), ps_args);
        TabWriter writer(20, 3);  // docker top's tabwriter settings
        writer.Write(JoinTabs(top.value("Titles", nlohmann::json::array())) + "\n");
        for (const nlohmann::json& process : top.value("Processes", nlohmann::json::array())) {
            writer.Write(JoinTabs(process) + "\n");
        }
        writer.Flush(context.io().out);
    });
}

void AddDiffCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(
        parent, context, name, "Inspect changes to files or directories on a container's filesystem", "CONTAINER");
    auto args = std::make_shared<std::vector<std::string>>();
    command->add_option("args", *args)->group("");
    command->callback([&context, command, args] {
        CheckArgCount(context, command, *args, {1, 1});
        const nlohmann::json changes = context.Api().ContainerChanges(args->front());
        for (const nlohmann::json& change : changes.is_array() ? changes : nlohmann::json::array()) {
            static constexpr const char* kKinds[] = {"C", "A", "D"};
            const int kind = change.value("Kind", 0);
            context.io().out << (kind >= 0 && kind < 3 ? kKinds[kind] : "?") << ' ' << change.value("Path", "") << '\n';
        }
    });
}

}  // namespace engine::cli
