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

#include "tests/integration/integration_env.hpp"
#include "tests/support/container_suite.hpp"
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

std::string HttpGet(int port) {
    std::string last;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        const CommandResult got = RunCommand({"python3",
                                              "-c",
                                              "import sys,urllib.request;sys.stdout.write(urllib.request.urlopen("
                                              "'http://127.0.0.1:" +
                                                  std::to_string(port) + "/',timeout=3).read().decode())"},
                                             {"no_proxy=*", "NO_PROXY=*"},
                                             "",
                                             10s);
        last = got.out + got.err;
        if (got.exit_code == 0) {
            return got.out;
        }
        std::this_thread::sleep_for(100ms);
    }
    return "no answer: " + last;
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
                                              {"--default-address-pool", "base=10." + octet + ".128.0/17,size=24"});
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
    EXPECT_EQ(Trim(HttpGet(port)), "hello from web");
    const std::string before = Containers();
    EXPECT_NE(before.find(project_ + "-web-1"), std::string::npos) << before;

    const CommandResult again = Compose({"up", "-d"});
    ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_EQ(Containers(), before) << "a no-op up must not recreate anything";

    const CommandResult ps = Compose({"ps", "--format", "json"});
    EXPECT_EQ(ps.exit_code, 0) << ps.err;
    EXPECT_NE(ps.out.find("\"Service\":\"api\""), std::string::npos) << ps.out;

    const CommandResult down = Compose({"down", "-v", "-t", "1"});
    ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
    EXPECT_EQ(ProjectObjects(), "");
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
    const CommandResult failed = Compose({"up", "-d"});
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

}  // namespace
}  // namespace engine::testing
