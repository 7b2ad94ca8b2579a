// berth-compose end to end with real containers: a health-gated stack that comes up, answers
// on its published port, is left alone by a second `up` and leaves nothing behind after
// `down`; each depends_on condition, succeeding and failing with its real cause; a changed
// service recreated alone; scale; `down` from labels alone once the file is gone. Each test
// uses its own project name and a port it found free, and takes its project down at the end.

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "tests/integration/integration_env.hpp"
#include "tests/support/container_suite.hpp"
#include "tests/support/dockerd_process.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/real_container.hpp"

namespace engine::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kDocker = "/usr/local/bin/docker";

std::string Trim(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

// A TCP port on 127.0.0.1 nobody listens on right now (the kernel picks it).
int FreePort() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t size = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    close(fd);
    return ntohs(address.sin_port);
}

class ComposeRealContainerTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (!RealContainerBlocker().empty() || !fs::exists(kDocker)) {
            return;  // each test skips with the reason
        }
        scratch_ = new TempDir();
        const std::string octet = std::to_string(100 + (getpid() + 50) % 100);
        try {
            suite_ = new ContainerSuiteDaemon(BerthdPath(),
                                              MakeBusyboxTar(scratch_->path()),
                                              kDocker,
                                              {"--default-address-pool", "base=10." + octet + ".128.0/18,size=24"});
        } catch (const std::exception& error) {
            setup_error_ = new std::string(error.what());
        }
    }

    static void TearDownTestSuite() {
        if (suite_ != nullptr) {
            // Networks go before the daemon is killed, so their bridges go with them.
            const CommandResult networks = RunCommand({kDocker, "network", "ls", "-q"}, suite_->ClientEnv());
            std::istringstream ids(networks.out);
            for (std::string id; std::getline(ids, id);) {
                RunCommand({kDocker, "network", "rm", id}, suite_->ClientEnv());
            }
        }
        delete suite_;
        suite_ = nullptr;
        delete scratch_;
        scratch_ = nullptr;
        delete setup_error_;
        setup_error_ = nullptr;
    }

    void SetUp() override {
        REQUIRE_REAL_CONTAINERS();
        if (!fs::exists(kDocker)) {
            GTEST_SKIP() << kDocker << " is not installed";
        }
        ASSERT_EQ(setup_error_, nullptr) << *setup_error_;
        ASSERT_NE(suite_, nullptr);
        std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        project_ = "ct" + std::to_string(getpid() % 10000) + "-";
        for (char c : test) {
            if (std::isupper(static_cast<unsigned char>(c)) != 0) {
                project_ += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
        }
        dir_ = std::make_unique<TempDir>();
    }

    void TearDown() override {
        if (suite_ == nullptr || dir_ == nullptr) {
            return;
        }
        Compose({"down", "-v", "-t", "1", "--remove-orphans"});
        if (HasFailure()) {
            const std::string log = suite_->daemon().Log();
            std::cerr << "berthd log:\n" << log.substr(log.size() > 8000 ? log.size() - 8000 : 0) << "\n";
        }
    }

    void WriteCompose(const std::string& yaml) { std::ofstream(dir_->path() / "compose.yaml") << yaml; }

    CommandResult Compose(std::vector<std::string> args, std::vector<std::string> env = {}) {
        args.insert(args.begin(), {BERTH_COMPOSE_PATH, "-p", project_, "--progress", "plain"});
        std::vector<std::string> full_env = suite_->ClientEnv();
        full_env.insert(full_env.end(), env.begin(), env.end());
        full_env.push_back("PWD=" + dir_->path().string());
        const std::string cd = dir_->path().string();
        std::vector<std::string> shell = {"sh", "-c", "cd \"$0\" && exec \"$@\"", cd};
        shell.insert(shell.end(), args.begin(), args.end());
        return RunCommand(shell, full_env, "", 180s);
    }

    CommandResult Docker(std::vector<std::string> args) {
        args.insert(args.begin(), kDocker);
        return RunCommand(args, suite_->ClientEnv(), "", 60s);
    }

    // "name id state" of every container of the project, sorted by name.
    std::string Containers() {
        return Trim(Docker({"ps",
                            "-a",
                            "--filter",
                            "label=com.docker.compose.project=" + project_,
                            "--format",
                            "{{.Names}} {{.ID}} {{.State}}"})
                        .out);
    }

    std::string ProjectObjects() {
        const std::string label = "label=com.docker.compose.project=" + project_;
        return Trim(Docker({"ps", "-aq", "--filter", label}).out +
                    Docker({"network", "ls", "-q", "--filter", label}).out +
                    Docker({"volume", "ls", "-q", "--filter", label}).out);
    }

    static TempDir* scratch_;
    static ContainerSuiteDaemon* suite_;
    static std::string* setup_error_;
    std::string project_;
    std::unique_ptr<TempDir> dir_;
};

TempDir* ComposeRealContainerTest::scratch_ = nullptr;
ContainerSuiteDaemon* ComposeRealContainerTest::suite_ = nullptr;
std::string* ComposeRealContainerTest::setup_error_ = nullptr;

std::string HealthGatedStack(int port, const std::string& api_env = "one") {
    return R"(
services:
  web:
    image: busybox
    command: ["sh", "-c", "mkdir -p /www && echo hello from web > /www/index.html && exec httpd -f -p 80 -h /www"]
    ports: ["127.0.0.1:)" +
           std::to_string(port) + R"(:80"]
    depends_on:
      api: {condition: service_healthy}
  api:
    image: busybox
    command: ["sh", "-c", "touch /tmp/ready; trap 'exit 0' TERM; sleep 600 & wait"]
    environment: {SETTING: )" +
           api_env + R"(}
    healthcheck: {test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, timeout: 2s, retries: 5}
    depends_on: [db]
  db:
    image: busybox
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
    volumes: ["data:/var/lib/db"]
volumes:
  data:
)";
}

TEST_F(ComposeRealContainerTest, AHealthGatedStackMustComeUpAnswerStayPutAndLeaveNothingAfterDown) {
    const int port = FreePort();
    WriteCompose(HealthGatedStack(port));
    const CommandResult up = Compose({"up", "-d"});
    ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
    EXPECT_NE(up.err.find("Healthy"), std::string::npos) << up.err;
    EXPECT_EQ(Trim(HttpGet("127.0.0.1", port)), "hello from web");
    const std::string before = Containers();
    EXPECT_NE(before.find(project_ + "-web-1"), std::string::npos) << before;

    const CommandResult again = Compose({"up", "-d"});
    ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_EQ(Containers(), before) << "a no-op up must not recreate anything";

    const CommandResult ps = Compose({"ps", "--format", "json"});
    EXPECT_EQ(ps.exit_code, 0) << ps.err;
    EXPECT_NE(ps.out.find("\"Service\":\"api\""), std::string::npos) << ps.out;

    const std::string network_id =
        Trim(Docker({"network", "ls", "-q", "--filter", "label=com.docker.compose.project=" + project_}).out);
    ASSERT_EQ(network_id.size(), 12U) << network_id;
    EXPECT_TRUE(fs::exists("/sys/class/net/br-" + network_id)) << "the project network's bridge";
    const CommandResult rules_up = RunCommand({"nft", "list", "table", "inet", suite_->daemon().nft_table()});
    EXPECT_NE(rules_up.out.find(std::to_string(port)), std::string::npos) << rules_up.out;

    const CommandResult down = Compose({"down", "-v", "-t", "1"});
    ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
    EXPECT_EQ(ProjectObjects(), "");
    EXPECT_FALSE(fs::exists("/sys/class/net/br-" + network_id)) << "down must remove the bridge";
    const CommandResult rules = RunCommand({"nft", "list", "table", "inet", suite_->daemon().nft_table()});
    EXPECT_EQ(rules.out.find(std::to_string(port)), std::string::npos) << "no rule for the published port:\n"
                                                                       << rules.out;
}

TEST_F(ComposeRealContainerTest, AChangedServiceMustBeRecreatedAloneAndKeepItsName) {
    const int port = FreePort();
    WriteCompose(HealthGatedStack(port));
    ASSERT_EQ(Compose({"up", "-d"}).exit_code, 0);
    const std::string before = Containers();
    WriteCompose(HealthGatedStack(port, "two"));
    const CommandResult up = Compose({"up", "-d"});
    ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
    const std::string after = Containers();
    auto line_of = [](const std::string& listing, const std::string& name) {
        const std::regex pattern("(^|\n)(" + name + " [^\n]*)");
        std::smatch found;
        return std::regex_search(listing, found, pattern) ? found[2].str() : std::string();
    };
    EXPECT_EQ(line_of(after, project_ + "-db-1"), line_of(before, project_ + "-db-1"));
    EXPECT_EQ(line_of(after, project_ + "-web-1"), line_of(before, project_ + "-web-1"));
    EXPECT_NE(line_of(after, project_ + "-api-1"), line_of(before, project_ + "-api-1"));
    EXPECT_NE(line_of(after, project_ + "-api-1").find("running"), std::string::npos) << after;
    EXPECT_EQ(Trim(Docker({"exec", project_ + "-api-1", "sh", "-c", "echo $SETTING"}).out), "two");
}

TEST_F(ComposeRealContainerTest, AnUnhealthyDependencyMustStopUpWithTheCheckOutput) {
    WriteCompose(R"(
services:
  app:
    image: busybox
    command: ["sleep", "600"]
    depends_on:
      db: {condition: service_healthy}
  db:
    image: busybox
    command: ["sleep", "600"]
    healthcheck: {test: ["CMD-SHELL", "echo database is broken; exit 1"], interval: 1s, retries: 1}
)");
    const CommandResult up = Compose({"up", "-d"});
    EXPECT_NE(up.exit_code, 0);
    EXPECT_NE(up.err.find("unhealthy"), std::string::npos) << up.err;
    EXPECT_NE(up.err.find("database is broken"), std::string::npos) << up.err;
    EXPECT_NE(Containers().find(project_ + "-app-1"), std::string::npos);
    EXPECT_EQ(Containers().find(project_ + "-app-1 running"), std::string::npos) << "app must not start";
}

TEST_F(ComposeRealContainerTest, AOneShotMustCompleteBeforeItsDependentStartsAndNotRunAgain) {
    WriteCompose(R"(
services:
  app:
    image: busybox
    command: ["sh", "-c", "cat /data/migrated && exec sleep 600"]
    volumes: ["data:/data"]
    depends_on:
      migrate: {condition: service_completed_successfully}
  migrate:
    image: busybox
    command: ["sh", "-c", "echo v1 >> /data/migrated"]
    volumes: ["data:/data"]
volumes:
  data:
)");
    const CommandResult up = Compose({"up", "-d"});
    ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
    EXPECT_NE(Containers().find(project_ + "-app-1"), std::string::npos);
    EXPECT_NE(Containers().find("running"), std::string::npos) << Containers();
    ASSERT_EQ(Compose({"up", "-d"}).exit_code, 0);
    EXPECT_EQ(Trim(Docker({"exec", project_ + "-app-1", "cat", "/data/migrated"}).out), "v1")
        << "a completed one-shot must not run again on a no-op up";

    WriteCompose(R"(
services:
  app:
    image: busybox
    command: ["sleep", "600"]
    depends_on:
      migrate: {condition: service_completed_successfully}
  migrate:
    image: busybox
    command: ["sh", "-c", "exit 3"]
)");
    const CommandResult failed = Compose({"up", "-d", "-t", "1"});
    EXPECT_NE(failed.exit_code, 0);
    EXPECT_NE(failed.err.find("exited with code 3"), std::string::npos) << failed.err;
}

TEST_F(ComposeRealContainerTest, ScaleMustAddAndRemoveTheHighestNumbers) {
    WriteCompose(R"(
services:
  worker:
    image: busybox
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
)");
    ASSERT_EQ(Compose({"up", "-d", "--scale", "worker=3"}).exit_code, 0);
    std::string listing = Containers();
    for (int n = 1; n <= 3; ++n) {
        EXPECT_NE(listing.find(project_ + "-worker-" + std::to_string(n) + " "), std::string::npos) << listing;
    }
    ASSERT_EQ(Compose({"up", "-d", "--scale", "worker=1"}).exit_code, 0);
    listing = Containers();
    EXPECT_NE(listing.find(project_ + "-worker-1 "), std::string::npos) << listing;
    EXPECT_EQ(listing.find(project_ + "-worker-2"), std::string::npos) << listing;
    EXPECT_EQ(listing.find(project_ + "-worker-3"), std::string::npos) << listing;
}

TEST_F(ComposeRealContainerTest, DownMustWorkFromLabelsAloneOnceTheFileIsGone) {
    const int port = FreePort();
    WriteCompose(HealthGatedStack(port));
    ASSERT_EQ(Compose({"up", "-d"}).exit_code, 0);
    fs::remove(dir_->path() / "compose.yaml");
    const CommandResult ps = Compose({"ps"});
    EXPECT_EQ(ps.exit_code, 0) << ps.err;
    EXPECT_NE(ps.out.find(project_ + "-web-1"), std::string::npos) << ps.out;
    const CommandResult down = Compose({"down", "-v", "-t", "1"});
    ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
    EXPECT_EQ(ProjectObjects(), "");
}

TEST_F(ComposeRealContainerTest, AMissingImageMustStopUpBeforeAnythingIsCreated) {
    WriteCompose(R"(
services:
  app:
    image: busybox
  other:
    image: nothing-here:1
)");
    const CommandResult up = Compose({"up", "-d"});
    EXPECT_NE(up.exit_code, 0);
    EXPECT_NE(up.err.find("nothing-here:1"), std::string::npos) << up.err;
    EXPECT_EQ(ProjectObjects(), "");
}

TEST_F(ComposeRealContainerTest, AttachedUpMustStreamPrefixedLogsAndReturnTheExitCodeFrom) {
    WriteCompose(R"(
services:
  talker:
    image: busybox
    command: ["sh", "-c", "echo first line; echo second line"]
  judge:
    image: busybox
    command: ["sh", "-c", "echo judging; sleep 1; exit 4"]
)");
    const CommandResult up = Compose({"up", "--exit-code-from", "judge"});
    EXPECT_EQ(up.exit_code, 4) << up.out << up.err;
    EXPECT_NE(up.out.find(project_ + "-talker-1  | first line"), std::string::npos) << up.out;
    EXPECT_NE(up.out.find(project_ + "-judge-1   | judging"), std::string::npos) << up.out;
    EXPECT_NE(up.out.find(project_ + "-judge-1 exited with code 4"), std::string::npos) << up.out;
}

TEST_F(ComposeRealContainerTest, RunMustMakeAOneOffOnTheProjectNetworkAndReturnItsExitCode) {
    WriteCompose(R"(
services:
  db:
    image: busybox
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
  tool:
    image: busybox
    depends_on: [db]
)");
    const CommandResult run = Compose({"run", "--rm", "-T", "tool", "sh", "-c", "nslookup db >/dev/null && exit 7"});
    EXPECT_EQ(run.exit_code, 7) << run.out << run.err;
    EXPECT_NE(Containers().find(project_ + "-db-1"), std::string::npos) << "run starts the dependencies";
    EXPECT_EQ(Containers().find("-run-"), std::string::npos) << "--rm removes the one-off";
    const CommandResult detached = Compose({"run", "-d", "tool", "sleep", "30"});
    ASSERT_EQ(detached.exit_code, 0) << detached.err;
    const std::string name = Trim(detached.out);
    EXPECT_EQ(name.rfind(project_ + "-tool-run-", 0), 0U) << name;
    EXPECT_EQ(Trim(Docker({"inspect", "-f", "{{index .Config.Labels \"com.docker.compose.oneoff\"}}", name}).out),
              "True");
}

// The examples, each brought up by berth-compose and checked the way its README says, then by
// Debian's docker-compose 1.29 on berthd (up -d, ps, logs, down).
TEST_F(ComposeRealContainerTest, ExamplesMustRunWithBerthComposeAndDockerCompose129) {
    struct Example {
        std::string dir;
        int port;
        std::string path;
        std::string expected;
    };
    const std::vector<Example> examples = {
        {"healthcheck-stack", 8081, "/cgi-bin/api", "ok: api answering"},
        {"two-networks", 8082, "/migrated", "schema v1 applied"},
        {"volumes-scale", 8083, "/workers.txt", ""},
    };
    for (const Example& example : examples) {
        SCOPED_TRACE(example.dir);
        const std::string file = (SourceDir() / "examples" / example.dir / "compose.yaml").string();
        const CommandResult up = Compose({"-f", file, "up", "-d"});
        ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
        const std::string body = HttpGet("127.0.0.1", example.port, example.path);
        if (example.expected.empty()) {
            EXPECT_EQ(std::count(body.begin(), body.end(), '\n'), 3) << body;  // three workers
        } else {
            EXPECT_NE(body.find(example.expected), std::string::npos) << body;
        }
        if (example.dir == "two-networks") {
            // app is on both networks and resolves names on each; proxy sees only front.
            const CommandResult from_app = Compose({"-f", file, "exec", "-T", "app", "nslookup", "store"});
            EXPECT_EQ(from_app.exit_code, 0) << from_app.out << from_app.err;
            EXPECT_NE(Compose({"-f", file, "exec", "-T", "proxy", "nslookup", "store"}).exit_code, 0);
        }
        const CommandResult down = Compose({"-f", file, "down", "-v", "-t", "1"});
        ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
        EXPECT_EQ(ProjectObjects(), "");
    }
    if (!fs::exists("/usr/bin/docker-compose")) {
        GTEST_FAIL() << "Debian's docker-compose 1.29 is not installed (scripts/install-deps installs it)";
    }
    const std::string file = (SourceDir() / "examples/volumes-scale/compose.yaml").string();
    auto legacy = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"/usr/bin/docker-compose", "-f", file, "-p", project_});
        return RunCommand(args, suite_->ClientEnv(), "", 180s);
    };
    const CommandResult up = legacy({"up", "-d"});
    ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
    const std::string workers = HttpGet("127.0.0.1", 8083, "/workers.txt");
    EXPECT_EQ(std::count(workers.begin(), workers.end(), '\n'), 3) << workers;
    const CommandResult ps = legacy({"ps"});
    EXPECT_NE(ps.out.find(project_ + "_worker_3"), std::string::npos) << ps.out << ps.err;
    EXPECT_EQ(legacy({"logs"}).exit_code, 0);
    const CommandResult down = legacy({"down", "-v"});
    EXPECT_EQ(down.exit_code, 0) << down.out << down.err;
    EXPECT_EQ(ProjectObjects(), "");
}

// Our Compose speaks the Docker API, not a private one: the same berth-compose drives Debian's
// dockerd.
TEST_F(ComposeRealContainerTest, BerthComposeMustBringTheSameStackUpOnDebiansDockerd) {
    if (!fs::exists("/usr/sbin/dockerd")) {
        GTEST_FAIL() << "needs Debian's dockerd (docker.io, installed by scripts/install-deps)";
    }
    if (!RootIsAMountPoint()) {
        GTEST_SKIP() << "dockerd cannot unpack layers inside a chroot; run on a real machine";
    }
    const fs::path root = dir_->path() / "dockerd";
    fs::create_directories(root);
    const std::string octet = std::to_string(100 + (getpid() + 50) % 100);
    Dockerd dockerd(root, {"--default-address-pool", "base=10." + octet + ".192.0/18,size=24"});
    ASSERT_TRUE(dockerd.WaitReady()) << "dockerd did not start";
    const std::vector<std::string> env = {"DOCKER_HOST=" + dockerd.host(), "BERTH_HOST=" + dockerd.host()};
    const CommandResult imported = RunCommand(
        {"/usr/bin/docker", "import", "-c", "CMD [\"sh\"]", MakeBusyboxTar(dir_->path()).string(), "busybox:latest"},
        env);
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    const int port = FreePort();
    WriteCompose(HealthGatedStack(port));
    auto compose = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {BERTH_COMPOSE_PATH, "-H", dockerd.host(), "-p", project_, "--progress", "plain"});
        std::vector<std::string> shell = {"sh", "-c", "cd \"$0\" && exec \"$@\"", dir_->path().string()};
        shell.insert(shell.end(), args.begin(), args.end());
        return RunCommand(shell, {}, "", 180s);
    };
    const CommandResult up = compose({"up", "-d"});
    ASSERT_EQ(up.exit_code, 0) << up.out << up.err << "\ndockerd log:\n" << engine::ReadFile(root / "dockerd.log");
    EXPECT_EQ(Trim(HttpGet("127.0.0.1", port)), "hello from web");
    const CommandResult again = compose({"up", "-d"});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.err.find("Recreate"), std::string::npos) << again.err;
    const CommandResult down = compose({"down", "-v", "-t", "1"});
    EXPECT_EQ(down.exit_code, 0) << down.out << down.err;
    const std::string label = "label=com.docker.compose.project=" + project_;
    EXPECT_EQ(Trim(RunCommand({"/usr/bin/docker", "ps", "-aq", "--filter", label}, env).out +
                   RunCommand({"/usr/bin/docker", "network", "ls", "-q", "--filter", label}, env).out),
              "");
}

}  // namespace
}  // namespace engine::testing
