#include "engine/api/exec_config.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

std::string ExecError(const json& body) {
    try {
        ParseExecCreate(body, ApiVersion(1, 41));
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    return "no error";
}

// `docker exec -it x sh` from the v28 CLI.
TEST(ExecCreate, DockerCliBody) {
    const ExecCreateRequest request = ParseExecCreate(json::parse(R"({
        "User": "", "Privileged": false, "Tty": true, "ConsoleSize": [50, 200], "AttachStdin": true,
        "AttachStderr": true, "AttachStdout": true, "Detach": false, "DetachKeys": "", "Env": null,
        "WorkingDir": "", "Cmd": ["sh"]})"),
                                                      ApiVersion(1, 41));
    EXPECT_TRUE(request.tty);
    EXPECT_TRUE(request.attach_stdin);
    EXPECT_EQ(request.cmd, (Strings{"sh"}));
    EXPECT_FALSE(request.env.has_value());
    EXPECT_FALSE(request.console_size.has_value());  // below API 1.42
    const ExecCreateRequest newer =
        ParseExecCreate(json{{"Cmd", {"sh"}}, {"ConsoleSize", {50, 200}}}, ApiVersion(1, 42));
    EXPECT_EQ(newer.console_size, (std::array<std::uint64_t, 2>{50, 200}));
}

TEST(ExecCreate, Errors) {
    EXPECT_EQ(ExecError(json::object()), "No exec command specified");
    EXPECT_EQ(ExecError(nullptr), "No exec command specified");
    EXPECT_EQ(ExecError({{"Cmd", json::array()}}), "No exec command specified");
    EXPECT_EQ(ExecError({{"Cmd", "ls"}}),
              "invalid JSON: json: cannot unmarshal string into Go struct field ExecConfig.Cmd of type []string");
    EXPECT_EQ(ExecError({{"Cmd", {"ls"}}, {"Tty", "yes"}}),
              "invalid JSON: json: cannot unmarshal string into Go struct field ExecConfig.Tty of type bool");
    EXPECT_EQ(ExecError({{"Cmd", {"ls"}}, {"DetachKeys", "ctrl-1"}}), "Invalid escape keys (ctrl-1) provided");
}

TEST(ExecCreate, DetachKeys) {
    EXPECT_EQ(DetachKeysToBytes("ctrl-p,ctrl-q"), std::string("\x10\x11"));
    EXPECT_EQ(DetachKeysToBytes("a,ctrl-@,ctrl-_"), std::string("a\x00\x1f", 3));
    EXPECT_EQ(DetachKeysToBytes("ctrl-P"), std::nullopt);
    EXPECT_EQ(DetachKeysToBytes("ab"), std::nullopt);
    EXPECT_EQ(DetachKeysToBytes(""), std::nullopt);
}

TEST(ExecInspect, RunningAndExited) {
    ExecCreateRequest request = ParseExecCreate(json{{"Cmd", {"sh", "-c", "exit 3"}},
                                                     {"AttachStdout", true},
                                                     {"DetachKeys", "ctrl-p,ctrl-q"},
                                                     {"User", "nobody"}},
                                                ApiVersion(1, 41));
    ExecView exec = NewExecView("e1", "c1", request);
    exec.running = true;
    exec.pid = 77;
    EXPECT_EQ(ExecInspectJson(exec), json::parse(R"({
        "ID": "e1", "Running": true, "ExitCode": null,
        "ProcessConfig": {"tty": false, "entrypoint": "sh", "arguments": ["-c", "exit 3"],
                          "privileged": false, "user": "nobody"},
        "OpenStdin": false, "OpenStderr": false, "OpenStdout": true, "CanRemove": false,
        "ContainerID": "c1", "DetachKeys": "EBE=", "Pid": 77})"));
    exec.running = false;
    exec.exit_code = 3;
    exec.user.clear();
    exec.detach_keys.clear();
    const json inspect = ExecInspectJson(exec);
    EXPECT_EQ(inspect["ExitCode"], 3);
    EXPECT_FALSE(inspect["ProcessConfig"].contains("user"));
    EXPECT_EQ(inspect["DetachKeys"], "");
    EXPECT_EQ(ExecInspectJson(NewExecView(
                  "e2", "c1", ParseExecCreate(json{{"Cmd", {"ls"}}}, ApiVersion(1, 41))))["ProcessConfig"]["arguments"],
              json::array());
}

}  // namespace
}  // namespace engine::api
