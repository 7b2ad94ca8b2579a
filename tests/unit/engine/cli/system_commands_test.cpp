// version, info, events, system df, uploads and downloads, compose hand-off, endpoint choice
// and docker's usage errors, through the whole CLI against the in-memory EngineApi.
#include <fstream>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/cli/commands.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/cli/cli_runner.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;
using testing::Berth;
using testing::FakeEngineApi;
using testing::kNow;
using testing::Result;
using testing::Stdio;

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(VersionCommandTest, ShowsClientAndServer) {
    FakeEngineApi api;
    api.replies.emplace("Version",
                        json{{"Version", "0.1.0"},
                             {"ApiVersion", "1.41"},
                             {"MinAPIVersion", "1.24"},
                             {"GitCommit", "abc"},
                             {"BuildTime", "today"},
                             {"Os", "linux"},
                             {"Arch", "amd64"},
                             {"Experimental", false},
                             {"Platform", {{"Name", "Berth Engine"}}}});
    const Result result = Berth(api, {"version"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_NE(result.out.find("Client:\n Version:           "), std::string::npos) << result.out;
    EXPECT_NE(result.out.find(" API version:       1.41\n"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("\nServer: Berth Engine\n Engine:\n  Version:          0.1.0\n"
                              "  API version:      1.41 (minimum version 1.24)\n"),
              std::string::npos)
        << result.out;
    EXPECT_EQ(Berth(api, {"version", "--format", "{{.Server.Version}} {{.Client.ApiVersion}}"}).out, "0.1.0 1.41\n");
}

TEST(VersionCommandTest, PrintsClientHalfWhenTheDaemonIsDown) {
    FakeEngineApi api;
    api.errors.emplace(
        "Version", Error(Errc::kUnavailable, "Cannot connect to the Berth daemon at unix:///x. Is berthd running?"));
    const Result result = Berth(api, {"version"});
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.out.substr(0, 8), "Client:\n");
    EXPECT_EQ(result.out.find("Server"), std::string::npos);
    EXPECT_EQ(result.err, "Cannot connect to the Berth daemon at unix:///x. Is berthd running?\n");
}

TEST(InfoCommandTest, ServerSectionAndFormat) {
    FakeEngineApi api;
    api.replies.emplace("Info",
                        json{{"Containers", 3},
                             {"ContainersRunning", 1},
                             {"ContainersPaused", 0},
                             {"ContainersStopped", 2},
                             {"Images", 5},
                             {"ServerVersion", "0.1.0"},
                             {"MemTotal", 16000000000},
                             {"NCPU", 2},
                             {"Name", "host"}});
    const Result result = Berth(api, {"info"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_NE(result.out.find("Client:\n Version:    "), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("Server:\n Containers: 3\n  Running: 1\n  Paused: 0\n  Stopped: 2\n Images: 5\n"),
              std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find(" Total Memory: 14.9GiB\n"), std::string::npos) << result.out;
    EXPECT_EQ(Berth(api, {"system", "info", "-f", "{{.Name}}/{{.NCPU}}"}).out, "host/2\n");
}

TEST(EventsCommandTest, PrettyLinesFormatsAndTimes) {
    FakeEngineApi api;
    api.streams["Events"] = {
        json{{"Type", "image"},
             {"Action", "tag"},
             {"Actor", {{"ID", "sha256:1"}, {"Attributes", {{"name", "b:1"}, {"a", "x"}}}}},
             {"time", kNow},
             {"timeNano", kNow * 1000000000 + 5}},
        json{{"Type", "image"}, {"Action", "delete"}, {"Actor", {{"ID", "sha256:2"}}}, {"time", kNow}}};
    const Result result = Berth(api, {"events", "--since", "10m", "--until", "1700000000", "-f", "type=image"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out,
              "2023-11-14T22:13:20.000000005Z image tag sha256:1 (a=x, name=b:1)\n"
              "2023-11-14T22:13:20.000000000Z image delete sha256:2\n");
    EXPECT_EQ(api.calls.front(), R"(Events since=1699999400 until=1700000000 filters={"type":{"image":true}})");
    EXPECT_EQ(Berth(api, {"system", "events", "--format", "{{.Action}}"}).out, "tag\ndelete\n");
    const std::string lines = Berth(api, {"events", "--format", "json"}).out;
    EXPECT_EQ(json::parse(lines.substr(0, lines.find('\n'))), api.streams["Events"][0]);
}

TEST(SystemDfCommandTest, SummaryTable) {
    FakeEngineApi api;
    api.replies.emplace("SystemDf", json::parse(R"({
      "LayersSize": 8540000,
      "Images": [{"Containers": 1, "Size": 4270000, "SharedSize": 0}, {"Containers": 0, "Size": 4270000, "SharedSize": 0}],
      "Containers": [{"State": "running", "SizeRw": 100}, {"State": "exited", "SizeRw": 300}],
      "Volumes": [{"UsageData": {"Size": 2000, "RefCount": 0}}, {"UsageData": {"Size": -1, "RefCount": 1}}],
      "BuildCache": []})"));
    EXPECT_EQ(Berth(api, {"system", "df"}).out,
              "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
              "Images          2         1         8.54MB    4.27MB (50%)\n"
              "Containers      2         1         400B      300B (75%)\n"
              "Local Volumes   2         1         2kB       2kB (100%)\n"
              "Build Cache     0         0         0B        0B\n");
}

TEST(TransferCommandTest, ImportUploadsTheFileWithChangesAndPrintsStatus) {
    FakeEngineApi api;
    api.streams["ImageImport"] = {json{{"status", "sha256:abc"}}};
    engine::testing::TempDir dir;
    std::ofstream(dir.path() / "rootfs.tar") << "ROOTFS";
    const Result result = Berth(api,
                                {"import",
                                 "-c",
                                 "CMD [\"sh\"]",
                                 "--change",
                                 "ENV A=b",
                                 "-m",
                                 "hello",
                                 (dir.path() / "rootfs.tar").string(),
                                 "base:1"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out, "sha256:abc\n");
    EXPECT_EQ(api.uploaded, "ROOTFS");
    EXPECT_EQ(api.calls.front(), "ImageImport ref=base:1 url= changes=[CMD [\"sh\"]][ENV A=b] message=hello");
    const Result missing = Berth(api, {"image", "import", (dir.path() / "none.tar").string()});
    EXPECT_EQ(missing.code, 1);
    EXPECT_EQ(missing.err, "open " + (dir.path() / "none.tar").string() + ": No such file or directory\n");
}

TEST(TransferCommandTest, LoadReadsStdinOrFileAndReportsStreamErrors) {
    FakeEngineApi api;
    api.streams["ImageLoad"] = {json{{"stream", "Loaded image: busybox:latest\n"}}};
    engine::testing::TempDir dir;
    std::ofstream(dir.path() / "image.tar") << "IMAGE";
    const int fd = open((dir.path() / "image.tar").c_str(), O_RDONLY | O_CLOEXEC);
    Stdio stdio;
    stdio.stdin_fd = fd;
    const Result result = Berth(api, {"load"}, stdio);
    close(fd);
    EXPECT_EQ(result.out, "Loaded image: busybox:latest\n");
    EXPECT_EQ(api.uploaded, "IMAGE");
    EXPECT_EQ(api.calls.front(), "ImageLoad quiet=1");  // stdout is not a terminal
    stdio.stdin_tty = true;
    EXPECT_EQ(Berth(api, {"image", "load"}, stdio).err, "requested load from stdin, but stdin is empty\n");
    api.streams["ImageLoad"].push_back(json{{"errorDetail", {{"message", "bad tar"}}}, {"error", "bad tar"}});
    const Result failed = Berth(api, {"load", "-i", (dir.path() / "image.tar").string()});
    EXPECT_EQ(failed.code, 1);
    EXPECT_EQ(failed.out, "Loaded image: busybox:latest\n");
    EXPECT_EQ(failed.err, "bad tar\n");
}

TEST(TransferCommandTest, SaveWritesAFileOrStdoutButNeverATerminal) {
    FakeEngineApi api;
    engine::testing::TempDir dir;
    EXPECT_EQ(Berth(api, {"save", "-o", (dir.path() / "out.tar").string(), "busybox", "base:1"}).code, 0);
    EXPECT_EQ(ReadFile(dir.path() / "out.tar"), "TARBYTES");
    EXPECT_EQ(api.calls.back(), "ImageSave busybox base:1");
    Stdio terminal;
    terminal.stdout_tty = true;
    const Result refused = Berth(api, {"image", "save", "busybox"}, terminal);
    EXPECT_EQ(refused.code, 1);
    EXPECT_EQ(refused.err, "cowardly refusing to save to a terminal. Use the -o flag or redirect\n");
    const int fd = open((dir.path() / "piped.tar").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    Stdio piped;
    piped.stdout_fd = fd;
    EXPECT_EQ(Berth(api, {"save", "busybox"}, piped).code, 0);
    close(fd);
    EXPECT_EQ(ReadFile(dir.path() / "piped.tar"), "TARBYTES");
    EXPECT_EQ(Berth(api, {"save", "-o", "/nonexistent/x.tar", "busybox"}).err,
              "failed to save image: invalid output path: directory \"/nonexistent\" does not exist\n");
}

TEST(UsageTest, DockerStyleErrorsAndStatuses) {
    FakeEngineApi api;
    const Result flag = Berth(api, {"images", "--bogus"});
    EXPECT_EQ(flag.code, 125);
    EXPECT_EQ(flag.err,
              "unknown flag: --bogus\n\nUsage:  berth images [OPTIONS] [REPOSITORY[:TAG]]\n\n"
              "Run 'berth images --help' for more information\n");
    EXPECT_EQ(Berth(api, {"image", "ls", "-x"}).err.substr(0, 32), "unknown shorthand flag: 'x' in -");
    const Result args = Berth(api, {"image", "tag", "a"});
    EXPECT_EQ(args.code, 1);
    EXPECT_EQ(args.err,
              "berth: 'berth image tag' requires 2 arguments\n\nUsage:  berth image tag SOURCE_IMAGE[:TAG] "
              "TARGET_IMAGE[:TAG]\n\nRun 'berth image tag --help' for more information\n");
    EXPECT_EQ(Berth(api, {"rmi"}).err.substr(0, 48), "berth: 'berth rmi' requires at least 1 argument\n");
    EXPECT_EQ(Berth(api, {"version", "x"}).err.substr(0, 44), "berth: 'berth version' accepts no arguments\n");
    const Result filter = Berth(api, {"images", "--filter", "nope"});
    EXPECT_EQ(filter.code, 125);
    EXPECT_EQ(filter.err,
              "invalid argument \"nope\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\n");
    EXPECT_EQ(Berth(api, {"frobnicate"}).code, 1);
    EXPECT_TRUE(api.calls.empty());
}

TEST(EndpointTest, HostFlagThenBerthHostThenDockerHost) {
    FakeEngineApi api;
    Stdio env;
    env.env = {{"DOCKER_HOST", "unix:///docker.sock"}};
    EXPECT_EQ(Berth(api, {"images"}, env).endpoint, "unix:///docker.sock");
    env.env["BERTH_HOST"] = "tcp://127.0.0.1:2375";
    EXPECT_EQ(Berth(api, {"images"}, env).endpoint, "tcp://127.0.0.1:2375");
    EXPECT_EQ(Berth(api, {"-H", "unix:///flag.sock", "images"}, env).endpoint, "unix:///flag.sock");
    EXPECT_EQ(Berth(api, {"--host", "tcp://h", "--tlsverify", "images"}, env).endpoint, "tcp://h:2376");
    const Result bad = Berth(api, {"-H", "ssh://x", "images"});
    EXPECT_EQ(bad.code, 1);
    EXPECT_EQ(bad.err, "invalid daemon address \"ssh://x\": expected unix:///path or tcp://host:port\n");
}

TEST(ComposeCommandTest, ExecsBerthComposeWithTheRestOfTheLine) {
    FakeEngineApi api;
    engine::testing::TempDir dir;
    const std::filesystem::path compose = dir.path() / "berth-compose";
    std::ofstream(compose) << "#!/bin/sh\n";
    std::filesystem::permissions(compose, std::filesystem::perms::owner_all);
    Stdio env;
    env.env = {{"PATH", "/nonexistent:" + dir.path().string()}};
    const Result result = Berth(api, {"compose", "-f", "x.yaml", "config", "--services"}, env);
    EXPECT_EQ(result.exec,
              (std::vector<std::string>{compose.string(), "berth-compose", "-f", "x.yaml", "config", "--services"}));
    EXPECT_EQ(result.code, 1);  // the recorded exec "failed", as a real one only returns on failure
    // Words that are berth commands too still belong to berth-compose.
    for (const std::string verb : {"ps", "logs", "rm", "kill", "exec", "images", "top", "port"}) {
        EXPECT_EQ(Berth(api, {"compose", verb, "-a"}, env).exec,
                  (std::vector<std::string>{compose.string(), "berth-compose", verb, "-a"}))
            << verb;
    }
    EXPECT_EQ(FindCompose(dir.path().string(), ""), compose.string());
    EXPECT_EQ(FindCompose("/nonexistent", "/also-nonexistent"), "");
    EXPECT_EQ(Berth(api, {"compose", "up"}).err,
              "berth: 'compose' needs berth-compose, which is neither beside berth nor on PATH\n");
}

}  // namespace
}  // namespace engine::cli
