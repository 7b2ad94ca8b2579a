#include <csignal>
#include <fstream>
#include <iostream>
#include <thread>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/runtime/monitor/attach_client.hpp"
#include "engine/runtime/monitor/shim.hpp"
#include "tests/unit/engine/runtime/monitor/shim_fixture.hpp"

namespace engine::runtime {
namespace {

using testing::ShimFixture;
constexpr auto kExitWait = std::chrono::seconds(20);

/// Output frames until the kExit frame (whose payload goes to `exit_json`).
std::string CollectOutput(AttachClient& client, std::string* exit_json = nullptr) {
    std::string output;
    while (std::optional<Frame> frame = client.ReadFrame(kExitWait)) {
        if (frame->type == FrameType::kExit) {
            if (exit_json != nullptr) {
                *exit_json = frame->payload;
            }
        } else if (frame->type == FrameType::kStdout || frame->type == FrameType::kStderr) {
            output += frame->payload;
        }
    }
    return output;
}

std::uint64_t RssKib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            std::uint64_t kib = 0;
            status >> kib;
            return kib;
        }
    }
    return 0;
}

TEST(ShimRealContainer, LogsBothStreamsAndTheExitCode) {
    REQUIRE_REAL_CONTAINERS();
    ShimFixture fixture;
    fixture.WriteConfig({"sh", "-c", "echo out; echo err >&2; exit 3"});
    const ShimProcess process = SpawnShim(fixture.options());
    EXPECT_GT(process.init.pid, 0);
    EXPECT_NE(process.shim.pid, ::getpid());
    const std::optional<ExitStatus> status = WaitForExit(fixture.state_dir(), kExitWait);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->exit_code, 3);
    EXPECT_FALSE(status->oom_killed);
    EXPECT_EQ(status->error, "");
    EXPECT_EQ(ReadExitStatus(fixture.state_dir())->exit_code, 3);
    const std::vector<LogEntry> entries = fixture.LogEntries();
    ASSERT_EQ(entries.size(), 2u);
    // Two pipes: their relative order is not defined, the streams are.
    for (const LogEntry& entry : entries) {
        EXPECT_EQ(entry.text, entry.stream == "stdout" ? "out\n" : "err\n");
    }
    EXPECT_NE(entries[0].stream, entries[1].stream);
    EXPECT_FALSE(ShimAlive(fixture.state_dir()));
    try {
        fixture.runtime().State(fixture.id());
        FAIL() << "the shim should have deleted the container";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kNotFound) << error.what();
    }
}

TEST(ShimRealContainer, ManagesARunningContainerAndRecordsASignalDeath) {
    REQUIRE_REAL_CONTAINERS();
    ShimFixture fixture;
    fixture.WriteConfig({"sleep", "100"});
    const ShimProcess process = SpawnShim(fixture.options());
    EXPECT_EQ(fixture.runtime().State(fixture.id()).status, "running");
    EXPECT_EQ(fixture.runtime().State(fixture.id()).pid, process.init.pid);
    std::cout << "berth-shim RSS with a running container: " << RssKib(process.shim.pid) << " KiB\n";
    EXPECT_EQ(fixture.runtime().Ps(fixture.id()), std::vector<pid_t>{process.init.pid});
    fixture.runtime().Pause(fixture.id());
    EXPECT_EQ(fixture.runtime().State(fixture.id()).status, "paused");
    fixture.runtime().Resume(fixture.id());
    EXPECT_EQ(fixture.runtime().State(fixture.id()).status, "running");
    fixture.runtime().Kill(fixture.id(), SIGKILL);
    const std::optional<ExitStatus> status = WaitForExit(fixture.state_dir(), kExitWait);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->exit_code, 137);
}

TEST(ShimRealContainer, MissingExecutableFailsTheSpawnWithTheRuntimesMessage) {
    REQUIRE_REAL_CONTAINERS();
    ShimFixture fixture;
    fixture.WriteConfig({"/bin/nothere"});
    try {
        SpawnShim(fixture.options());
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument) << error.what();
        EXPECT_NE(std::string(error.what()).find("OCI runtime create failed: "), std::string::npos) << error.what();
        EXPECT_NE(std::string(error.what()).find("/bin/nothere"), std::string::npos) << error.what();
    }
}

TEST(ShimRealContainer, SurvivesTheDeathOfItsSpawner) {
    REQUIRE_REAL_CONTAINERS();
    ShimFixture fixture;
    fixture.WriteConfig({"sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.05; done"});
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t spawner = ::fork();
    if (spawner == 0) {
        try {
            SpawnShim(fixture.options());
            [[maybe_unused]] const ssize_t ignored = ::write(ready[1], "k", 1);
        } catch (...) {
        }
        ::pause();
        ::_exit(0);
    }
    ::close(ready[1]);
    char byte = 0;
    ASSERT_EQ(::read(ready[0], &byte, 1), 1) << "the spawner failed; see " << fixture.state_dir() / "shim.log";
    ::close(ready[0]);
    ::kill(spawner, SIGKILL);
    ::waitpid(spawner, nullptr, 0);

    const std::size_t before = fixture.LogEntries().size();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_TRUE(ShimAlive(fixture.state_dir()));
    EXPECT_EQ(fixture.runtime().State(fixture.id()).status, "running");
    EXPECT_GT(fixture.LogEntries().size(), before + 3);  // still logging
    // Re-adoption: a new process (not the shim's parent) still manages and waits for it.
    AttachClient client = AttachClient::Connect(fixture.state_dir());
    const std::optional<Frame> frame = client.ReadFrame(kExitWait);
    ASSERT_TRUE(frame.has_value());
    EXPECT_EQ(frame->payload.rfind("tick ", 0), 0u);
    fixture.runtime().Kill(fixture.id(), SIGKILL);
    const std::optional<ExitStatus> status = WaitForExit(fixture.state_dir(), kExitWait);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->exit_code, 137);
}

TEST(ShimRealContainer, AttachSendsStdinAndReceivesOutput) {
    REQUIRE_REAL_CONTAINERS();
    ShimFixture fixture;
    fixture.WriteConfig({"cat"});
    fixture.options().open_stdin = true;
    fixture.options().stdin_once = true;
    SpawnShim(fixture.options());
    AttachClient client = AttachClient::Connect(fixture.state_dir());
    client.SendStdin("hello\n");
    const std::optional<Frame> echoed = client.ReadFrame(kExitWait);
    ASSERT_TRUE(echoed.has_value());
    EXPECT_EQ(echoed->type, FrameType::kStdout);
    EXPECT_EQ(echoed->payload, "hello\n");
    client.SendStdin("bye\n");
    client.CloseStdin();  // cat sees EOF and exits 0
    std::string exit_json;
    EXPECT_EQ(CollectOutput(client, &exit_json), "bye\n");
    EXPECT_EQ(ExitStatusFromJson(exit_json).exit_code, 0);
    const std::vector<LogEntry> entries = fixture.LogEntries();
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].text, "hello\n");
    EXPECT_EQ(entries[1].text, "bye\n");
}

TEST(ShimRealContainer, StdinOnceClosesStdinWhenTheAttacherLeaves) {
    REQUIRE_REAL_CONTAINERS();
    ShimFixture fixture;
    fixture.WriteConfig({"cat"});
    fixture.options().open_stdin = true;
    fixture.options().stdin_once = true;
    SpawnShim(fixture.options());
    {
        AttachClient writer = AttachClient::Connect(fixture.state_dir());
        writer.SendStdin("once\n");
        ASSERT_TRUE(writer.ReadFrame(kExitWait).has_value());
    }  // detaches without closing stdin explicitly
    const std::optional<ExitStatus> status = WaitForExit(fixture.state_dir(), kExitWait);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->exit_code, 0);
}

TEST(ShimRealContainer, TerminalThroughTheConsoleSocketWithGatedStart) {
    REQUIRE_REAL_CONTAINERS();
    ShimFixture fixture;
    fixture.WriteConfig({"sh", "-c", "tty; stty size; echo err >&2"}, true);
    fixture.options().start_gate = true;
    // As deep as <exec-root>/containers/<64 hex> under a temporary root: the sockets' paths
    // exceed sun_path and must still work.
    fixture.options().state_dir /= "exec/containers/" + std::string(64, 'a');
    SpawnShim(fixture.options());
    EXPECT_EQ(fixture.runtime().State(fixture.id()).status, "created");
    AttachClient client = AttachClient::Connect(fixture.state_dir());
    client.Resize(40, 100);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the resize is applied first
    StartGatedContainer(fixture.state_dir());
    const std::string output = CollectOutput(client);
    EXPECT_EQ(output, "/dev/pts/0\r\n40 100\r\nerr\r\n");
    const std::optional<ExitStatus> status = WaitForExit(fixture.state_dir(), kExitWait);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->exit_code, 0);
    // One raw stream: all of it logged as stdout, as Docker does for a tty.
    for (const LogEntry& entry : fixture.LogEntries()) {
        EXPECT_EQ(entry.stream, "stdout");
    }
}

TEST(ShimRealContainer, RotatesTheLogOfAChattyContainer) {
    REQUIRE_REAL_CONTAINERS();
    ShimFixture fixture;
    fixture.WriteConfig({"sh", "-c", "i=0; while [ $i -lt 300 ]; do echo line $i; i=$((i+1)); done"});
    fixture.options().log_max_size = 1024;
    fixture.options().log_max_file = 3;
    SpawnShim(fixture.options());
    ASSERT_TRUE(WaitForExit(fixture.state_dir(), kExitWait).has_value());
    const std::filesystem::path log = fixture.options().log_path;
    EXPECT_TRUE(std::filesystem::exists(log.string() + ".1"));
    EXPECT_TRUE(std::filesystem::exists(log.string() + ".2"));
    EXPECT_FALSE(std::filesystem::exists(log.string() + ".3"));
    for (const std::string suffix : {"", ".1", ".2"}) {
        EXPECT_LT(std::filesystem::file_size(log.string() + suffix), 1024u + 200u) << suffix;
    }
    const std::vector<LogEntry> entries = fixture.LogEntries();
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries.back().text, "line 299\n");
}

TEST(ShimRealContainer, RecordsTheRealExitWhileNobodyWatches) {
    REQUIRE_REAL_CONTAINERS();
    ShimFixture fixture;
    fixture.WriteConfig({"sh", "-c", "sleep 0.5; exit 7"});
    const pid_t spawner = ::fork();
    if (spawner == 0) {
        int code = 1;
        try {
            SpawnShim(fixture.options());
            code = 0;
        } catch (...) {
        }
        ::_exit(code);  // the "daemon" is gone before the container ends
    }
    int spawner_status = 0;
    ::waitpid(spawner, &spawner_status, 0);
    ASSERT_TRUE(WIFEXITED(spawner_status) && WEXITSTATUS(spawner_status) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    // A restarted daemon finds the exit settled on disk, with the real code.
    EXPECT_FALSE(ShimAlive(fixture.state_dir()));
    const std::optional<ExitStatus> status = ReadExitStatus(fixture.state_dir());
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->exit_code, 7);
}

TEST(ShimRealContainer, RecordsAnOomKill) {
    REQUIRE_REAL_CONTAINERS();
    ShimFixture fixture;
    fixture.WriteConfig({"sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived"});
    nlohmann::json config = nlohmann::json::parse(ReadFile(fixture.options().bundle / "config.json"));
    config["linux"]["resources"]["memory"] = {{"limit", 32 << 20}, {"swap", 32 << 20}};
    WriteFileAtomically(fixture.options().bundle / "config.json", config.dump());
    SpawnShim(fixture.options());
    const std::optional<ExitStatus> status = WaitForExit(fixture.state_dir(), kExitWait);
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(status->oom_killed);
    EXPECT_EQ(status->exit_code, 137);
}

TEST(ShimRealContainer, ExecRunsAProcessWithItsOwnAttachAndExit) {
    REQUIRE_REAL_CONTAINERS();
    ShimFixture fixture;
    fixture.WriteConfig({"sleep", "100"});
    SpawnShim(fixture.options());
    nlohmann::json process = nlohmann::json::parse(ReadFile(fixture.options().bundle / "config.json"))["process"];
    process["args"] = {"sh", "-c", "echo hi; echo oops >&2; exit 5"};
    const std::filesystem::path exec_dir = fixture.state_dir().parent_path() / "exec1";
    std::filesystem::create_directories(exec_dir);
    WriteFileAtomically(exec_dir / "process.json", process.dump());
    ShimOptions exec = fixture.options();
    exec.state_dir = exec_dir;
    exec.exec = true;
    exec.process_file = exec_dir / "process.json";
    exec.start_gate = true;
    EXPECT_EQ(SpawnShim(exec).init.pid, 0);
    AttachClient client = AttachClient::Connect(exec_dir);
    StartGatedContainer(exec_dir);
    std::string exit_json;
    const std::string output = CollectOutput(client, &exit_json);
    EXPECT_NE(output.find("hi\n"), std::string::npos);
    EXPECT_NE(output.find("oops\n"), std::string::npos);
    EXPECT_EQ(ExitStatusFromJson(exit_json).exit_code, 5);
    EXPECT_EQ(WaitForExit(exec_dir, kExitWait)->exit_code, 5);
    EXPECT_TRUE(fixture.LogEntries().empty());  // exec output is not the container's log
    EXPECT_EQ(fixture.runtime().State(fixture.id()).status, "running");

    // A gated exec whose executable is missing: the start fails with the runtime's message,
    // and the exec settles as Docker's 127.
    process["args"] = {"/bin/nothere"};
    WriteFileAtomically(exec_dir / "process.json", process.dump());
    SpawnShim(exec);
    try {
        StartGatedContainer(exec_dir);
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument) << error.what();
        EXPECT_NE(std::string(error.what()).find("OCI runtime exec failed: "), std::string::npos) << error.what();
    }
    const std::optional<ExitStatus> failed = WaitForExit(exec_dir, kExitWait);
    ASSERT_TRUE(failed.has_value());
    EXPECT_EQ(failed->exit_code, 127);
    EXPECT_NE(failed->error.find("/bin/nothere"), std::string::npos) << failed->error;
}

}  // namespace
}  // namespace engine::runtime
