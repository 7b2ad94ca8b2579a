// engine/client against a real berthd: a container's whole life through EngineApi, with the
// raw streams (attach, exec) read as the berth CLI reads them.

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/client/endpoint.hpp"
#include "engine/client/engine_client.hpp"
#include "tests/integration/integration_env.hpp"
#include "tests/support/container_suite.hpp"
#include "tests/support/real_container.hpp"

namespace engine::testing {
namespace {

class ClientRealContainerTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (!RealContainerBlocker().empty() || !std::filesystem::exists("/usr/local/bin/docker")) {
            return;  // each test skips with the reason
        }
        scratch_ = new TempDir();
        try {
            suite_ = new ContainerSuiteDaemon(BerthdPath(), MakeBusyboxTar(scratch_->path()), "/usr/local/bin/docker");
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
        ASSERT_EQ(setup_error_, nullptr) << *setup_error_;
        if (suite_ == nullptr) {
            GTEST_SKIP() << "needs /usr/local/bin/docker to import the busybox image";
        }
        names_ = std::make_unique<ContainerNames>("/usr/local/bin/docker", suite_->ClientEnv());
        client_ = std::make_unique<client::EngineClient>(client::ParseEndpoint(suite_->daemon().host()));
    }
    void TearDown() override {
        names_.reset();
        if (HasFailure() && suite_ != nullptr) {
            std::cerr << "berthd log:\n" << suite_->daemon().Log() << "\n";
        }
    }

    // Everything a demultiplexed stream delivers, stdout and stderr apart.
    struct Output {
        std::string out;
        std::string err;
    };
    client::OutputCallback Collect(Output& output) {
        return [&output](client::StdStream stream, std::string_view data) {
            (stream == client::StdStream::kStderr ? output.err : output.out).append(data);
            return true;
        };
    }

    // Splits a multiplexed stream by its 8-byte frame headers.
    static Output Demultiplex(std::string_view raw) {
        Output output;
        while (raw.size() >= 8) {
            const std::size_t size = (static_cast<std::size_t>(static_cast<unsigned char>(raw[4])) << 24) |
                                     (static_cast<std::size_t>(static_cast<unsigned char>(raw[5])) << 16) |
                                     (static_cast<std::size_t>(static_cast<unsigned char>(raw[6])) << 8) |
                                     static_cast<unsigned char>(raw[7]);
            (raw[0] == 2 ? output.err : output.out).append(raw.substr(8, size));
            raw.remove_prefix(std::min(raw.size(), 8 + size));
        }
        EXPECT_TRUE(raw.empty()) << "a partial frame is left";
        return output;
    }

    static TempDir* scratch_;
    static ContainerSuiteDaemon* suite_;
    static std::string* setup_error_;
    std::unique_ptr<ContainerNames> names_;
    std::unique_ptr<client::EngineClient> client_;
};

TempDir* ClientRealContainerTest::scratch_ = nullptr;
ContainerSuiteDaemon* ClientRealContainerTest::suite_ = nullptr;
std::string* ClientRealContainerTest::setup_error_ = nullptr;

TEST_F(ClientRealContainerTest, CreateStartWaitLogsRemove) {
    const std::string name = names_->Add("cc-flow");
    const nlohmann::json created = client_->ContainerCreate(
        name, "", {{"Image", "busybox"}, {"Cmd", {"sh", "-c", "echo out; echo err >&2; exit 4"}}});
    const std::string id = created.at("Id");
    ASSERT_EQ(id.size(), 64u);
    EXPECT_EQ(created.at("Warnings"), nlohmann::json::array());
    const std::unique_ptr<client::PendingWait> wait = client_->ContainerWaitBegin(id, "next-exit");
    client_->ContainerStart(id);
    const nlohmann::json status = wait->Result();
    EXPECT_EQ(status.at("StatusCode"), 4);
    EXPECT_TRUE(status.at("Error").is_null());
    Output logs;
    client_->ContainerLogs(id, client::LogsOptions{}, false, Collect(logs));
    EXPECT_EQ(logs.out, "out\n");
    EXPECT_EQ(logs.err, "err\n");
    const nlohmann::json inspected = client_->ContainerInspect(name, false);
    EXPECT_EQ(inspected.at("State").at("Status"), "exited");
    EXPECT_EQ(inspected.at("State").at("ExitCode"), 4);
    // Already stopped: start again succeeds, a wait on a stopped container answers at once.
    EXPECT_EQ(client_->ContainerWait(id, "not-running").at("StatusCode"), 4);
    client_->ContainerRemove(id, false, false);
    try {
        client_->ContainerInspect(id, false);
        FAIL() << "removed container still inspectable";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kNotFound);
    }
}

TEST_F(ClientRealContainerTest, AttachBeforeStartSeesAllOutputAndStdin) {
    const std::string name = names_->Add("cc-attach");
    const std::string id =
        client_
            ->ContainerCreate(name,
                              "",
                              {{"Image", "busybox"},
                               {"Cmd", {"sh", "-c", "echo ready; read line; echo got $line; echo bye >&2"}},
                               {"OpenStdin", true},
                               {"StdinOnce", true},
                               {"AttachStdin", true},
                               {"AttachStdout", true},
                               {"AttachStderr", true}})
            .at("Id");
    client::AttachOptions options;
    options.stdin_stream = true;
    const std::unique_ptr<client::RawStream> stream = client_->ContainerAttach(id, options);
    client_->ContainerStart(id);
    stream->Write("hello\n");
    stream->CloseWrite();
    std::string raw;
    char buffer[4096];
    for (std::size_t count; (count = stream->Read(buffer)) > 0;) {
        raw.append(buffer, count);
    }
    const Output output = Demultiplex(raw);
    EXPECT_EQ(output.out, "ready\ngot hello\n");
    EXPECT_EQ(output.err, "bye\n");
    EXPECT_EQ(client_->ContainerWait(id, "").at("StatusCode"), 0);
}

TEST_F(ClientRealContainerTest, ExecInspectAndTop) {
    const std::string name = names_->Add("cc-exec");
    const std::string id =
        client_->ContainerCreate(name, "", {{"Image", "busybox"}, {"Cmd", {"sleep", "300"}}}).at("Id");
    client_->ContainerStart(id);
    const std::string exec_id =
        client_->ExecCreate(id, {{"Cmd", {"sh", "-c", "echo in-exec; exit 9"}}, {"AttachStdout", true}}).at("Id");
    const nlohmann::json before = client_->ExecInspect(exec_id);
    EXPECT_EQ(before.at("Running"), false);
    EXPECT_TRUE(before.at("ExitCode").is_null());
    const std::unique_ptr<client::RawStream> stream = client_->ExecStart(exec_id, false, false);
    std::string raw;
    char buffer[4096];
    for (std::size_t count; (count = stream->Read(buffer)) > 0;) {
        raw.append(buffer, count);
    }
    using namespace std::string_literals;
    EXPECT_EQ(raw, "\x01\0\0\0\0\0\0\x08in-exec\n"s);
    const nlohmann::json after = client_->ExecInspect(exec_id);
    EXPECT_EQ(after.at("Running"), false);
    EXPECT_EQ(after.at("ExitCode"), 9);
    EXPECT_EQ(after.at("ContainerID"), id);
    const nlohmann::json top = client_->ContainerTop(id, "");
    EXPECT_EQ(top.at("Titles").at(1), "PID");
    ASSERT_EQ(top.at("Processes").size(), 1u) << top.dump();
    EXPECT_EQ(top.at("Processes").at(0).back(), "sleep 300");
    client_->ContainerRemove(id, true, false);
}

}  // namespace
}  // namespace engine::testing
