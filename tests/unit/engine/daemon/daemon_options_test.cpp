#include "engine/daemon/daemon_options.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::daemon {
namespace {

std::optional<DaemonOptions> Parse(std::vector<std::string> args) {
    args.insert(args.begin(), "berthd");
    std::vector<char*> argv;
    for (std::string& arg : args) {
        argv.push_back(arg.data());
    }
    return ParseDaemonOptions(static_cast<int>(argv.size()), argv.data());
}

std::string ErrorOf(std::vector<std::string> args) {
    try {
        Parse(std::move(args));
    } catch (const Error& error) {
        return error.what();
    }
    return "";
}

class DaemonOptionsTest : public ::testing::Test {
  protected:
    std::string WriteConfig(const std::string& json) {
        const std::filesystem::path file = dir_.path() / "daemon.json";
        std::ofstream(file) << json;
        return file.string();
    }
    engine::testing::TempDir dir_;
};

TEST_F(DaemonOptionsTest, FlagsFillTheOptions) {
    const auto options = Parse({"--data-root",
                                "/d",
                                "--exec-root",
                                "/e",
                                "-H",
                                "unix:///a.sock",
                                "-H",
                                "tcp://127.0.0.1:2376",
                                "--log-level",
                                "debug",
                                "--config-file",
                                WriteConfig("{}")});
    ASSERT_TRUE(options);
    EXPECT_EQ(options->data_root, "/d");
    EXPECT_EQ(options->exec_root, "/e");
    EXPECT_EQ(options->hosts, (std::vector<std::string>{"unix:///a.sock", "tcp://127.0.0.1:2376"}));
    EXPECT_EQ(options->pidfile, "/e/berthd.pid");
    EXPECT_EQ(options->log_level, "debug");
}

TEST_F(DaemonOptionsTest, ConfigFileFillsWhatFlagsLeaveAndFlagsWin) {
    const std::string file = WriteConfig(R"({"data-root": "/from-file", "hosts": ["unix:///f.sock"],
        "log-level": "warn", "tlsverify": true, "storage-driver": "overlay2", "default-runtime": "runc"})");
    const auto options = Parse({"--config-file", file, "--data-root", "/from-flag"});
    ASSERT_TRUE(options);
    EXPECT_EQ(options->data_root, "/from-flag");
    EXPECT_EQ(options->hosts, std::vector<std::string>{"unix:///f.sock"});
    EXPECT_EQ(options->log_level, "warn");
    EXPECT_TRUE(options->tlsverify);
    EXPECT_EQ(options->unknown_config_keys, std::vector<std::string>{"storage-driver"});
    EXPECT_EQ(options->default_runtime, "runc");
    EXPECT_EQ(options->config_file, file);
}

TEST_F(DaemonOptionsTest, BadInputNamesTheCulprit) {
    EXPECT_NE(ErrorOf({"--log-level", "loud"}).find("--log-level"), std::string::npos);
    EXPECT_NE(ErrorOf({"--no-such-flag"}).find("--no-such-flag"), std::string::npos);
    const std::string missing = (dir_.path() / "missing.json").string();
    EXPECT_NE(ErrorOf({"--config-file", missing}).find(missing), std::string::npos);
    const std::string broken = WriteConfig("{\"data-root\": ");
    EXPECT_NE(ErrorOf({"--config-file", broken}).find("invalid JSON"), std::string::npos);
    const std::string wrong_type = WriteConfig(R"({"hosts": "unix:///x"})");
    EXPECT_NE(ErrorOf({"--config-file", wrong_type}).find("\"hosts\" has the wrong type"), std::string::npos);
    const std::string bad_level = WriteConfig(R"({"log-level": "loud"})");
    EXPECT_NE(ErrorOf({"--config-file", bad_level}).find("log-level"), std::string::npos);
}

}  // namespace
}  // namespace engine::daemon
