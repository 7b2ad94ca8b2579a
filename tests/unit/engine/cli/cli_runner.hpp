#pragma once

// Runs `berth` in memory against a FakeEngineApi for the command tests.

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/cli/app.hpp"
#include "tests/unit/engine/cli/fake_engine_api.hpp"

namespace engine::cli::testing {

using nlohmann::json;

// Event lines print local time; pin the zone so the expected text is fixed.
class UtcEnvironment final : public ::testing::Environment {
  public:
    void SetUp() override {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};
inline const auto* const kUtc = ::testing::AddGlobalTestEnvironment(new UtcEnvironment);

inline constexpr std::int64_t kNow = 1'700'000'000;

struct Result {
    int code = 0;
    std::string out;
    std::string err;
    std::string endpoint;
    std::vector<std::string> exec;
};

struct Stdio {
    std::string input;
    int stdin_fd = -1;
    int stdout_fd = -1;
    bool stdin_tty = false;
    bool stdout_tty = false;
    std::map<std::string, std::string, std::less<>> env;
};

inline Result Berth(FakeEngineApi& api, const std::vector<std::string>& args, const Stdio& setup = {}) {
    std::istringstream in(setup.input);
    std::ostringstream out;
    std::ostringstream err;
    Result result;
    CliIo io(in, out, err);
    io.stdin_fd = setup.stdin_fd;
    io.stdout_fd = setup.stdout_fd;
    io.stdin_is_tty = setup.stdin_tty;
    io.stdout_is_tty = setup.stdout_tty;
    io.get_env = [&setup](std::string_view name) -> std::optional<std::string> {
        const auto it = setup.env.find(name);
        return it == setup.env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    io.now = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(kNow)); };
    io.self_directory = "/nonexistent";
    io.exec = [&result](const std::string& program, const std::vector<std::string>& argv) {
        result.exec = argv;
        result.exec.insert(result.exec.begin(), program);
        return ENOEXEC;
    };
    result.code = RunCli(args, std::move(io), [&](const client::Endpoint& endpoint) -> client::EngineApi& {
        result.endpoint = endpoint.ToString();
        return api;
    });
    result.out = out.str();
    result.err = err.str();
    return result;
}

inline json Image(
    const std::string& id, json tags, std::int64_t created, std::int64_t size, json digests = json::array()) {
    return json{{"Id", id},
                {"RepoTags", tags},
                {"RepoDigests", digests},
                {"Created", created},
                {"Size", size},
                {"SharedSize", -1},
                {"Containers", -1}};
}

}  // namespace engine::cli::testing
