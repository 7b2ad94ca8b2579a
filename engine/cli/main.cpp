// berth: the Engine command line. Builds the real IO and API client and runs the CLI; all
// behaviour lives in engine/cli so tests can run it in memory.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include <unistd.h>

#include "engine/cli/app.hpp"
#include "engine/client/engine_client.hpp"

namespace {

std::optional<std::string> GetEnv(std::string_view name) {
    const char* value = std::getenv(std::string(name).c_str());
    return value == nullptr ? std::nullopt : std::optional<std::string>(value);
}

int Exec(const std::string& program, const std::vector<std::string>& argv) {
    std::vector<char*> pointers;
    for (const std::string& arg : argv) {
        pointers.push_back(const_cast<char*>(arg.c_str()));
    }
    pointers.push_back(nullptr);
    std::cout.flush();
    execv(program.c_str(), pointers.data());
    return errno;
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(true);
    std::error_code ignored;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ignored);
    engine::cli::CliIo io(std::cin, std::cout, std::cerr);
    io.stdin_is_tty = isatty(STDIN_FILENO) != 0;
    io.stdout_is_tty = isatty(STDOUT_FILENO) != 0;
    io.get_env = GetEnv;
    io.now = [] { return std::chrono::system_clock::now(); };
    io.self_directory = self.parent_path().string();
    io.exec = Exec;
    std::unique_ptr<engine::client::EngineClient> client;
    const engine::cli::ApiProvider provider =
        [&client](const engine::client::Endpoint& endpoint) -> engine::client::EngineApi& {
        // DOCKER_API_VERSION pins the version and skips negotiation, as for the docker CLI.
        client = std::make_unique<engine::client::EngineClient>(endpoint, GetEnv("DOCKER_API_VERSION"));
        return *client;
    };
    return engine::cli::RunCli(std::vector<std::string>(argv + 1, argv + argc), std::move(io), provider);
}
