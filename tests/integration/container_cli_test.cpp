// The real docker CLIs (v28 and Debian's 20.10) run busybox containers on berthd and must see
// what they see against Docker: output, exit codes, states and error texts.

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/integration/integration_env.hpp"
#include "tests/support/container_suite.hpp"
#include "tests/support/real_container.hpp"

namespace engine::testing {
namespace {

namespace fs = std::filesystem;

std::string Trim(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

// The CLI that imports busybox for the whole suite: whichever is installed.
std::string AnyDockerCli() {
    for (const char* cli : {"/usr/local/bin/docker", "/usr/bin/docker"}) {
        if (fs::exists(cli)) {
            return cli;
        }
    }
    return "";
}

class DockerCliRealContainerTest : public ::testing::TestWithParam<std::string> {
  protected:
    static void SetUpTestSuite() {
        if (!RealContainerBlocker().empty() || AnyDockerCli().empty()) {
            return;  // each test skips with the reason
        }
        scratch_ = new TempDir();
        try {
            suite_ = new ContainerSuiteDaemon(BerthdPath(), MakeBusyboxTar(scratch_->path()), AnyDockerCli());
        } catch (const std::exception& error) {
            setup_error_ = new std::string(error.what());  // every test fails with it
        }
    }
    static void TearDownTestSuite() {
        delete suite_;
        suite_ = nullptr;
        delete scratch_;
        scratch_ = nullptr;
        delete setup_error_;
        setup_error_ = nullptr;
    }
    void SetUp() override {
        REQUIRE_REAL_CONTAINERS();
        if (!fs::exists(GetParam())) {
            GTEST_SKIP() << GetParam() << " is not installed";
        }
        ASSERT_EQ(setup_error_, nullptr) << *setup_error_;
        ASSERT_NE(suite_, nullptr);
        names_ = std::make_unique<ContainerNames>(GetParam(), suite_->ClientEnv());
    }
    void TearDown() override {
        names_.reset();
        if (HasFailure() && suite_ != nullptr) {
            std::cerr << "berthd log:\n" << suite_->daemon().Log().substr(LogTailStart()) << "\n";
        }
    }

    CommandResult Docker(std::vector<std::string> args, const std::string& input = "") {
        args.insert(args.begin(), GetParam());
        return RunCommand(args, suite_->ClientEnv(), input, std::chrono::seconds(60));
    }

    // A container name unique to this test and CLI, removed when the test ends.
    std::string Name(const std::string& suffix = "c") {
        const std::string cli = GetParam().find("/usr/local") == 0 ? "v28" : "v20";
        std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        test = test.substr(0, test.find('/'));
        for (char& c : test) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return names_->Add("ct-" + cli + "-" + test + "-" + suffix);
    }

    // Runs `docker run -d` of busybox with `command` as `name`; the container's ID.
    std::string RunDetached(const std::string& name, std::vector<std::string> command) {
        std::vector<std::string> args = {"run", "-d", "--name", name, "busybox"};
        args.insert(args.end(), command.begin(), command.end());
        const CommandResult run = Docker(args);
        EXPECT_EQ(run.exit_code, 0) << run.err;
        return Trim(run.out);
    }

    std::string Inspect(const std::string& name, const std::string& format) {
        const CommandResult inspected = Docker({"inspect", "-f", format, name});
        EXPECT_EQ(inspected.exit_code, 0) << inspected.err;
        return Trim(inspected.out);
    }

    // Polls `docker <args>` until its output (stdout then stderr) contains `wanted` (containers
    // run asynchronously from the test's point of view); returns the last output.
    std::string WaitForOutput(const std::vector<std::string>& args, const std::string& wanted) {
        std::string last;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            const CommandResult result = Docker(args);
            last = result.out + result.err;
            if (last.find(wanted) != std::string::npos) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return last;
    }

    static std::size_t LogTailStart() {
        const std::size_t size = suite_->daemon().Log().size();
        return size > 6000 ? size - 6000 : 0;
    }

    static TempDir* scratch_;
    static ContainerSuiteDaemon* suite_;
    static std::string* setup_error_;
    std::unique_ptr<ContainerNames> names_;
};

TempDir* DockerCliRealContainerTest::scratch_ = nullptr;
ContainerSuiteDaemon* DockerCliRealContainerTest::suite_ = nullptr;
std::string* DockerCliRealContainerTest::setup_error_ = nullptr;

TEST_P(DockerCliRealContainerTest, RunPrintsOutputAndRemovesTheContainer) {
    const std::string name = Name();
    const CommandResult run = Docker({"run", "--rm", "--name", name, "busybox", "echo", "hi"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "hi\n");
    const CommandResult listed = Docker({"ps", "-a", "-q", "--filter", "name=" + name});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(listed.out, "");
}

TEST_P(DockerCliRealContainerTest, RunPropagatesExitCodeAndStderr) {
    const CommandResult run = Docker({"run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3"});
    EXPECT_EQ(run.exit_code, 3) << run.err;
    EXPECT_EQ(run.out, "out\n");
    EXPECT_NE(run.err.find("err\n"), std::string::npos) << run.err;
}

TEST_P(DockerCliRealContainerTest, RunWithPipedStdin) {
    const CommandResult run = Docker({"run", "-i", "--rm", "busybox", "cat"}, "abc\n");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "abc\n");
}

TEST_P(DockerCliRealContainerTest, TtyOutputIsRawInRunAndLogs) {
    const std::string name = Name();
    const CommandResult run = Docker({"run", "-t", "--name", name, "busybox", "sh", "-c", "echo out; echo err >&2"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "out\r\nerr\r\n");
    const CommandResult logs = Docker({"logs", name});
    EXPECT_EQ(logs.exit_code, 0) << logs.err;
    EXPECT_EQ(logs.out, "out\r\nerr\r\n");
    EXPECT_EQ(logs.err, "");
}

TEST_P(DockerCliRealContainerTest, LogsFollowEndsWhenTheContainerExits) {
    const std::string name = Name();
    RunDetached(name, {"sh", "-c", "echo first; sleep 2; echo second"});
    const CommandResult followed = Docker({"logs", "-f", name});
    EXPECT_EQ(followed.exit_code, 0) << followed.err;
    EXPECT_EQ(followed.out, "first\nsecond\n");
    EXPECT_EQ(Inspect(name, "{{.State.Status}}"), "exited");
}

TEST_P(DockerCliRealContainerTest, DetachedContainerLogsPsStopRm) {
    const std::string name = Name();
    const std::string id = RunDetached(name, {"sh", "-c", "echo one; echo two; echo three >&2; sleep 300"});
    ASSERT_EQ(id.size(), 64u) << id;
    EXPECT_NE(WaitForOutput({"logs", name}, "three").find("three"), std::string::npos);
    const CommandResult all = Docker({"logs", name});
    EXPECT_EQ(all.out, "one\ntwo\n");
    EXPECT_EQ(all.err, "three\n");
    const CommandResult tail = Docker({"logs", "--tail", "2", name});
    EXPECT_EQ(tail.out + tail.err, "two\nthree\n");
    const CommandResult stamped = Docker({"logs", "-t", name});
    EXPECT_TRUE(std::regex_match(stamped.out,
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one\n)"
                                            R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z two\n)")))
        << stamped.out;
    const CommandResult ps = Docker({"ps", "--filter", "name=" + name, "--format", "{{.Names}} {{.Status}}"});
    EXPECT_EQ(ps.out.rfind(name + " Up ", 0), 0u) << ps.out << ps.err;
    const CommandResult stop = Docker({"stop", "-t", "1", name});
    EXPECT_EQ(stop.exit_code, 0) << stop.err;
    EXPECT_EQ(stop.out, name + "\n");
    // sh as PID 1 ignores SIGTERM, so the stop ends with SIGKILL: 137, as with Docker.
    EXPECT_EQ(Inspect(name, "{{.State.Status}} {{.State.ExitCode}}"), "exited 137");
    const CommandResult exited = Docker({"ps", "-a", "--filter", "name=" + name, "--format", "{{.Status}}"});
    EXPECT_EQ(exited.out.rfind("Exited (137) ", 0), 0u) << exited.out;
    const CommandResult again = Docker({"stop", name});
    EXPECT_EQ(again.exit_code, 0) << again.err;  // 304 is success for the CLI
    const CommandResult removed = Docker({"rm", name});
    EXPECT_EQ(removed.exit_code, 0) << removed.err;
    EXPECT_EQ(removed.out, name + "\n");
}

TEST_P(DockerCliRealContainerTest, ExecOutputExitCodeAndStdin) {
    const std::string name = Name();
    RunDetached(name, {"sleep", "300"});
    const CommandResult hello = Docker({"exec", name, "echo", "hello"});
    EXPECT_EQ(hello.exit_code, 0) << hello.err;
    EXPECT_EQ(hello.out, "hello\n");
    const CommandResult failed = Docker({"exec", name, "sh", "-c", "echo bad >&2; exit 5"});
    EXPECT_EQ(failed.exit_code, 5) << failed.err;
    EXPECT_EQ(failed.err, "bad\n");
    const CommandResult piped = Docker({"exec", "-i", name, "cat"}, "xyz\n");
    EXPECT_EQ(piped.exit_code, 0) << piped.err;
    EXPECT_EQ(piped.out, "xyz\n");
    const CommandResult detached = Docker({"exec", "-d", name, "touch", "/tmp/marker"});
    EXPECT_EQ(detached.exit_code, 0) << detached.err;
    EXPECT_NE(WaitForOutput({"exec", name, "ls", "/tmp"}, "marker").find("marker"), std::string::npos);
}

TEST_P(DockerCliRealContainerTest, InspectShowsStateConfigAndLimits) {
    const std::string name = Name();
    const CommandResult run = Docker({"run", "-d", "--name", name, "--memory", "64m", "busybox", "sleep", "300"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(Inspect(name, "{{.Name}} {{.State.Status}} {{.State.Running}} {{.State.ExitCode}}"),
              "/" + name + " running true 0");
    EXPECT_EQ(Inspect(name, "{{json .Config.Cmd}} {{.HostConfig.Memory}}"), "[\"sleep\",\"300\"] 67108864");
    EXPECT_NE(Inspect(name, "{{.State.Pid}}"), "0");
}

TEST_P(DockerCliRealContainerTest, KillPauseUnpauseRestart) {
    const std::string name = Name();
    RunDetached(name, {"sleep", "300"});
    EXPECT_EQ(Docker({"pause", name}).exit_code, 0);
    const CommandResult paused = Docker({"ps", "--filter", "name=" + name, "--format", "{{.Status}}"});
    EXPECT_NE(paused.out.find("(Paused)"), std::string::npos) << paused.out;
    EXPECT_EQ(Inspect(name, "{{.State.Status}}"), "paused");
    EXPECT_EQ(Docker({"unpause", name}).exit_code, 0);
    EXPECT_EQ(Inspect(name, "{{.State.Status}}"), "running");
    const std::string started = Inspect(name, "{{.State.StartedAt}}");
    const CommandResult restarted = Docker({"restart", "-t", "1", name});
    EXPECT_EQ(restarted.exit_code, 0) << restarted.err;
    EXPECT_EQ(Inspect(name, "{{.State.Status}}"), "running");
    EXPECT_NE(Inspect(name, "{{.State.StartedAt}}"), started);
    const CommandResult killed = Docker({"kill", "-s", "KILL", name});
    EXPECT_EQ(killed.exit_code, 0) << killed.err;
    EXPECT_EQ(killed.out, name + "\n");
    EXPECT_EQ(WaitForOutput({"inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", name}, "exited"),
              "exited 137\n");
    const CommandResult again = Docker({"kill", name});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.err.find("is not running"), std::string::npos) << again.err;
}

TEST_P(DockerCliRealContainerTest, WaitReturnsTheExitCode) {
    const std::string name = Name();
    RunDetached(name, {"sh", "-c", "sleep 1; exit 7"});
    const CommandResult waited = Docker({"wait", name});
    EXPECT_EQ(waited.exit_code, 0) << waited.err;
    EXPECT_EQ(waited.out, "7\n");
}

TEST_P(DockerCliRealContainerTest, TopAndStatsOfARunningContainer) {
    const std::string name = Name();
    RunDetached(name, {"sleep", "300"});
    const CommandResult top = Docker({"top", name});
    EXPECT_EQ(top.exit_code, 0) << top.err;
    EXPECT_NE(top.out.find("PID"), std::string::npos) << top.out;
    EXPECT_NE(top.out.find("sleep 300"), std::string::npos) << top.out;
    const CommandResult custom = Docker({"top", name, "-o", "pid,comm"});
    EXPECT_EQ(custom.exit_code, 0) << custom.err;
    EXPECT_NE(custom.out.find("sleep"), std::string::npos) << custom.out;
    const CommandResult stats = Docker({"stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}", name});
    EXPECT_EQ(stats.exit_code, 0) << stats.err;
    EXPECT_EQ(stats.out.rfind(name + "|", 0), 0u) << stats.out;
    EXPECT_NE(stats.out.find(" / "), std::string::npos) << stats.out;
    EXPECT_NE(stats.out.find("|1\n"), std::string::npos) << stats.out;
}

TEST_P(DockerCliRealContainerTest, CopyBothWays) {
    const std::string name = Name();
    RunDetached(name, {"sleep", "300"});
    const fs::path host = suite_->root() / ("cp-" + name);
    fs::create_directories(host);
    std::ofstream(host / "hello.txt") << "from the host\n";
    const CommandResult in = Docker({"cp", (host / "hello.txt").string(), name + ":/tmp/"});
    EXPECT_EQ(in.exit_code, 0) << in.err;
    EXPECT_EQ(Docker({"exec", name, "cat", "/tmp/hello.txt"}).out, "from the host\n");
    const CommandResult out = Docker({"cp", name + ":/etc/passwd", (host / "passwd").string()});
    EXPECT_EQ(out.exit_code, 0) << out.err;
    std::ifstream copied(host / "passwd");
    std::stringstream text;
    text << copied.rdbuf();
    EXPECT_EQ(text.str().rfind("root:x:0:0:", 0), 0u) << text.str();
    const CommandResult directory = Docker({"cp", name + ":/etc", (host / "etc-copy").string()});
    EXPECT_EQ(directory.exit_code, 0) << directory.err;
    EXPECT_TRUE(fs::exists(host / "etc-copy/group"));
    const CommandResult missing = Docker({"cp", name + ":/no/such", (host / "x").string()});
    EXPECT_EQ(missing.exit_code, 1);
    // v28 shows the daemon's "Could not find the file /no/such in container ..."; v20.10 its own
    // "No such container:path: ...:/no/such".
    EXPECT_NE(missing.err.find("/no/such"), std::string::npos) << missing.err;
}

TEST_P(DockerCliRealContainerTest, ExportOfAStoppedContainer) {
    const std::string name = Name();
    const CommandResult created = Docker({"create", "--name", name, "busybox", "true"});
    ASSERT_EQ(created.exit_code, 0) << created.err;
    const fs::path tar = suite_->root() / (name + ".tar");
    const CommandResult exported = Docker({"export", "-o", tar.string(), name});
    EXPECT_EQ(exported.exit_code, 0) << exported.err;
    const CommandResult listed = RunCommand({"tar", "tf", tar.string()});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find("bin/busybox\n"), std::string::npos) << listed.out.substr(0, 500);
    EXPECT_NE(listed.out.find("etc/passwd\n"), std::string::npos);
}

TEST_P(DockerCliRealContainerTest, DiffShowsTheWritableLayer) {
    const std::string name = Name();
    RunDetached(name, {"sh", "-c", "echo x > /tmp/new; echo y >> /etc/passwd; sleep 300"});
    const std::string diff = WaitForOutput({"diff", name}, "A /tmp/new");
    EXPECT_NE(diff.find("A /tmp/new\n"), std::string::npos) << diff;
    EXPECT_NE(diff.find("C /etc/passwd\n"), std::string::npos) << diff;
    EXPECT_NE(diff.find("C /tmp\n"), std::string::npos) << diff;
}

TEST_P(DockerCliRealContainerTest, RenameAndPrune) {
    const std::string old_name = Name("old");
    const std::string new_name = Name("new");
    ASSERT_EQ(Docker({"create", "--name", old_name, "busybox", "true"}).exit_code, 0);
    const CommandResult renamed = Docker({"rename", old_name, new_name});
    EXPECT_EQ(renamed.exit_code, 0) << renamed.err;
    EXPECT_EQ(Inspect(new_name, "{{.Name}}"), "/" + new_name);
    EXPECT_EQ(Docker({"inspect", old_name}).exit_code, 1);
    const std::string id = Inspect(new_name, "{{.Id}}");
    const CommandResult pruned = Docker({"container", "prune", "-f"});
    EXPECT_EQ(pruned.exit_code, 0) << pruned.err;
    EXPECT_NE(pruned.out.find(id), std::string::npos) << pruned.out;
    EXPECT_NE(pruned.out.find("Total reclaimed space"), std::string::npos) << pruned.out;
    EXPECT_EQ(Docker({"inspect", new_name}).exit_code, 1);
}

TEST_P(DockerCliRealContainerTest, ErrorsAsDocker) {
    const CommandResult missing = Docker({"run", "--rm", "ct-no-such-image"});
    EXPECT_EQ(missing.exit_code, 125);
    EXPECT_NE(missing.err.find("Unable to find image 'ct-no-such-image:latest' locally"), std::string::npos)
        << missing.err;
    const std::string name = Name();
    RunDetached(name, {"sleep", "300"});
    const CommandResult conflict = Docker({"run", "-d", "--name", name, "busybox", "true"});
    EXPECT_EQ(conflict.exit_code, 125);
    EXPECT_NE(conflict.err.find("is already in use"), std::string::npos) << conflict.err;
    const CommandResult busy = Docker({"rm", name});
    EXPECT_EQ(busy.exit_code, 1);
    EXPECT_NE(busy.err.find("You cannot remove a running container"), std::string::npos) << busy.err;
    const CommandResult forced = Docker({"rm", "-f", name});
    EXPECT_EQ(forced.exit_code, 0) << forced.err;
    const CommandResult gone = Docker({"logs", "ct-no-such-container"});
    EXPECT_EQ(gone.exit_code, 1);
    EXPECT_NE(gone.err.find("No such container: ct-no-such-container"), std::string::npos) << gone.err;
}

INSTANTIATE_TEST_SUITE_P(Clis,
                         DockerCliRealContainerTest,
                         ::testing::Values("/usr/local/bin/docker", "/usr/bin/docker"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                             return param.param.find("/usr/local") == 0 ? std::string("v28") : std::string("v20");
                         });

}  // namespace
}  // namespace engine::testing
