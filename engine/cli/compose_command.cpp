// `berth compose ...`: hands the rest of the command line to berth-compose (DESIGN.md section 3).
#include <cstring>
#include <filesystem>

#include <unistd.h>

#include "engine/cli/commands.hpp"

namespace engine::cli {

std::string FindCompose(const std::string& self_directory, const std::string& path_env) {
    const auto executable = [](const std::filesystem::path& candidate) {
        return access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate);
    };
    if (!self_directory.empty() && executable(std::filesystem::path(self_directory) / "berth-compose")) {
        return (std::filesystem::path(self_directory) / "berth-compose").string();
    }
    std::size_t start = 0;
    while (start <= path_env.size()) {
        std::size_t end = path_env.find(':', start);
        if (end == std::string::npos) {
            end = path_env.size();
        }
        const std::string dir = path_env.substr(start, end - start);
        const std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / "berth-compose";
        if (executable(candidate)) {
            return candidate.string();
        }
        start = end + 1;
    }
    return "";
}

void AddComposeCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, "compose", "Define and run multi-container applications", "");
    command->prefix_command();  // every argument after "compose" belongs to berth-compose
    command->callback([&context, command] {
        CliIo& io = context.io();
        const std::string program = FindCompose(io.self_directory, io.get_env("PATH").value_or(""));
        if (program.empty()) {
            throw ExitError(1, "berth: 'compose' needs berth-compose, which is neither beside berth nor on PATH");
        }
        std::vector<std::string> argv = {"berth-compose"};
        for (const std::string& arg : command->remaining()) {
            argv.push_back(arg);
        }
        const int error = io.exec(program, argv);
        throw ExitError(1, "berth: cannot run " + program + ": " + std::strerror(error));
    });
}

}  // namespace engine::cli
