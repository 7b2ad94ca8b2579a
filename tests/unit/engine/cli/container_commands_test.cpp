// Container and volume verbs other than run: lifecycle batches, ps, logs, inspect, top, diff,
// prune and the volume commands, with docker's output and exit codes.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/unit/engine/cli/cli_runner.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;
using testing::Berth;
using testing::FakeEngineApi;
using testing::kNow;
using testing::Result;
using testing::Stdio;

const std::string kId = "0123456789ab0123456789ab0123456789ab0123456789ab0123456789abcdef";

Error NoSuchContainer(const std::string& name) {
    return Error(Errc::kNotFound, "Error response from daemon: No such container: " + name);
}

TEST(ContainerLifecycleTest, StopEchoesNamesAndCollectsErrors) {
    FakeEngineApi api;
    api.errors.emplace("ContainerStop nope t=3", NoSuchContainer("nope"));  // keyed by all arguments
    const Result result = Berth(api, {"stop", "-t", "3", "web", "nope", "db"});
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.out, "web\ndb\n");
    EXPECT_EQ(result.err, "Error response from daemon: No such container: nope\n");
    EXPECT_EQ(api.calls,
              (std::vector<std::string>{"ContainerStop web t=3", "ContainerStop nope t=3", "ContainerStop db t=3"}));
    Berth(api, {"container", "stop", "web"});
    EXPECT_EQ(api.calls.back(), "ContainerStop web");
    Berth(api, {"restart", "-s", "SIGINT", "web"});
    EXPECT_EQ(api.calls.back(), "ContainerRestart web signal=SIGINT");
}

TEST(ContainerLifecycleTest, KillPauseUnpause) {
    FakeEngineApi api;
    EXPECT_EQ(Berth(api, {"kill", "web"}).out, "web\n");
    EXPECT_EQ(api.calls.back(), "ContainerKill web");
    Berth(api, {"kill", "-s", "HUP", "web"});
    EXPECT_EQ(api.calls.back(), "ContainerKill web signal=HUP");
    EXPECT_EQ(Berth(api, {"pause", "a", "b"}).out, "a\nb\n");
    EXPECT_EQ(Berth(api, {"container", "unpause", "a"}).out, "a\n");
    EXPECT_EQ(api.calls.back(), "ContainerUnpause a");
}

TEST(ContainerLifecycleTest, RmForceToleratesMissingContainers) {
    FakeEngineApi api;
    api.errors.emplace("ContainerRemove nope", NoSuchContainer("nope"));
    Result result = Berth(api, {"rm", "-f", "-v", "web", "nope"});
    EXPECT_EQ(result.code, 0);
    EXPECT_EQ(result.out, "web\n");
    EXPECT_EQ(result.err, "Error response from daemon: No such container: nope\n");
    EXPECT_EQ(api.calls.front(), "ContainerRemove web force=1 v=1");
    result = Berth(api, {"rm", "nope"});
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.err, "Error response from daemon: No such container: nope\n");
}

TEST(ContainerLifecycleTest, StartReportsTheFailedContainers) {
    FakeEngineApi api;
    api.errors.emplace("ContainerStart nope", NoSuchContainer("nope"));
    const Result result = Berth(api, {"start", "web", "nope"});
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.out, "web\n");
    EXPECT_EQ(result.err,
              "Error response from daemon: No such container: nope\nError: failed to start containers: nope\n");
}

TEST(ContainerLifecycleTest, WaitPrintsExitCodes) {
    FakeEngineApi api;
    api.replies.emplace("ContainerWait web", json{{"StatusCode", 137}});
    api.replies.emplace("ContainerWait db", json{{"StatusCode", 0}});
    const Result result = Berth(api, {"wait", "web", "db"});
    EXPECT_EQ(result.code, 0);
    EXPECT_EQ(result.out, "137\n0\n");
    EXPECT_EQ(api.calls.front(), "ContainerWait web");
}

TEST(ContainerLifecycleTest, PortPrintsPublishedPortsLikeDocker) {
    FakeEngineApi api;
    api.replies.emplace(
        "ContainerInspect web",
        json{{"NetworkSettings",
              {{"Ports",
                {{"9999/udp", {{{"HostIp", "127.0.0.1"}, {"HostPort", "40001"}}}},
                 {"80/tcp", {{{"HostIp", "0.0.0.0"}, {"HostPort", "8080"}}, {{"HostIp", "::"}, {"HostPort", "8080"}}}},
                 {"443/tcp", nullptr}}}}}});
    Result result = Berth(api, {"port", "web"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out, "80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n9999/udp -> 127.0.0.1:40001\n");
    result = Berth(api, {"port", "web", "9999/udp"});
    EXPECT_EQ(result.out, "127.0.0.1:40001\n");
    result = Berth(api, {"port", "web", "443"});
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.err, "Error: No public port '443/tcp' published for web\n");
}

TEST(ContainerLifecycleTest, ArgumentCountsAreCheckedLikeDocker) {
    FakeEngineApi api;
    const Result result = Berth(api, {"stop"});
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.err,
              "berth: 'berth stop' requires at least 1 argument\n\nUsage:  berth stop [OPTIONS] CONTAINER "
              "[CONTAINER...]\n\nSee 'berth stop --help' for more information\n");
}

json Summary(const std::string& id, const std::string& name, std::int64_t created, const std::string& status) {
    return json{{"Id", id},
                {"Names", {"/" + name}},
                {"Image", "busybox"},
                {"ImageID", "sha256:ffff"},
                {"Command", "sh -c 'while true; do sleep 1; done'"},
                {"Created", created},
                {"Ports", json::array()},
                {"State", "running"},
                {"Status", status},
                {"Labels", json::object()}};
}

TEST(PsCommandTest, PrintsDockersTable) {
    FakeEngineApi api;
    json web = Summary(kId, "web", kNow - 120, "Up 2 minutes");
    web["Ports"] = json::parse(R"([{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},
                                   {"IP":"0.0.0.0","PrivatePort":81,"PublicPort":8081,"Type":"tcp"},
                                   {"PrivatePort":443,"Type":"tcp"}])");
    api.replies.emplace(
        "ContainerList",
        json::array({web, Summary("fedcba987654" + kId.substr(12), "db", kNow - 7200, "Exited (0) 1 hour ago")}));
    const Result result = Berth(api, {"ps", "-a"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(
        result.out,
        "CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS                  PORTS        "
        "                           NAMES\n"
        "0123456789ab   busybox   \"sh -c 'while true; …\"   2 minutes ago   Up 2 minutes            0.0.0.0:8080-"
        "8081->80-81/tcp, 443/tcp   web\n"
        "fedcba987654   busybox   \"sh -c 'while true; …\"   2 hours ago     Exited (0) 1 hour ago                "
        "                           db\n");
    EXPECT_EQ(api.calls, std::vector<std::string>{"ContainerList all=1 limit=-1 size=0 filters="});
}

TEST(PsCommandTest, QuietLatestFiltersAndFormats) {
    FakeEngineApi api;
    api.replies.emplace("ContainerList", json::array({Summary(kId, "web", kNow - 5, "Up 5 seconds")}));
    EXPECT_EQ(Berth(api, {"ps", "-q", "-l", "-f", "status=running"}).out, "0123456789ab\n");
    EXPECT_EQ(api.calls.back(), R"(ContainerList all=0 limit=1 size=0 filters={"status":{"running":true}})");
    EXPECT_EQ(Berth(api, {"ps", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Command}}"}).out,
              kId + " web \"sh -c 'while true; do sleep 1; done'\"\n");
    Berth(api, {"container", "ls", "--format", "{{.Size}}"});
    EXPECT_EQ(api.calls.back(), "ContainerList all=0 limit=-1 size=1 filters=");
}

TEST(LogsCommandTest, InspectsThenStreamsBothStreams) {
    FakeEngineApi api;
    api.replies.emplace("ContainerInspect web", json{{"Id", kId}, {"Config", {{"Tty", false}}}});
    api.log_chunks = {{client::StdStream::kStdout, "out\n"}, {client::StdStream::kStderr, "err\n"}};
    const Result result = Berth(api, {"logs", "-f", "-t", "--since", "10m", "-n", "5", "web"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out, "out\n");
    EXPECT_EQ(result.err, "err\n");
    EXPECT_EQ(
        api.calls,
        (std::vector<std::string>{"ContainerInspect web",
                                  "ContainerLogs " + kId + " follow=1 stdout=1 stderr=1 timestamps=1 details=0 since=" +
                                      std::to_string(kNow - 600) + " until= tail=5 tty=0"}));
}

TEST(InspectCommandTest, TriesContainersThenImagesThenNetworksThenVolumes) {
    FakeEngineApi api;
    api.errors.emplace("ContainerInspect", NoSuchContainer("x"));
    api.errors.emplace("ImageInspect", Error(Errc::kNotFound, "Error response from daemon: No such image: x"));
    api.errors.emplace("NetworkInspect", Error(Errc::kNotFound, "Error response from daemon: network x not found"));
    api.replies.emplace("VolumeInspect data", json{{"Name", "data"}});
    api.errors.emplace("VolumeInspect", Error(Errc::kNotFound, "Error response from daemon: get x: no such volume"));
    const Result result = Berth(api, {"inspect", "-f", "{{.Name}}", "data", "missing"});
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.out, "data\n");
    EXPECT_EQ(result.err, "Error: No such object: missing\n");
    EXPECT_EQ(api.calls.at(0), "ContainerInspect data");
    EXPECT_EQ(api.calls.at(1), "ImageInspect data");
    EXPECT_EQ(api.calls.at(2), "NetworkInspect data");
    EXPECT_EQ(api.calls.at(3), "VolumeInspect data");
    EXPECT_EQ(Berth(api, {"container", "inspect", "x"}).err, "Error response from daemon: No such container: x\n");
}

TEST(TopAndDiffTest, PrintDockersOutput) {
    FakeEngineApi api;
    api.replies.emplace("ContainerTop web",
                        json{{"Titles", {"UID", "PID", "CMD"}}, {"Processes", {{"root", "12", "sleep 100"}}}});
    EXPECT_EQ(Berth(api, {"top", "web", "aux"}).out,
              "UID                 PID                 CMD\n"
              "root                12                  sleep 100\n");
    EXPECT_EQ(api.calls.back(), "ContainerTop web ps_args=aux");
    api.replies.emplace(
        "ContainerChanges web",
        json::parse(R"([{"Path":"/tmp","Kind":0},{"Path":"/tmp/x","Kind":1},{"Path":"/etc/y","Kind":2}])"));
    EXPECT_EQ(Berth(api, {"diff", "web"}).out, "C /tmp\nA /tmp/x\nD /etc/y\n");
}

TEST(PruneCommandTest, ContainerPruneAsksAndReports) {
    FakeEngineApi api;
    api.replies.emplace("ContainerPrune", json{{"ContainersDeleted", {kId}}, {"SpaceReclaimed", 1500}});
    Stdio stdio;
    stdio.input = "y\n";
    const Result result = Berth(api, {"container", "prune", "--filter", "until=24h"}, stdio);
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out,
              "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] "
              "Deleted Containers:\n" +
                  kId + "\n\nTotal reclaimed space: 1.5kB\n");
    EXPECT_EQ(api.calls, std::vector<std::string>{R"(ContainerPrune filters={"until":{"24h":true}})"});
    stdio.input = "n\n";
    Berth(api, {"volume", "prune"}, stdio);
    EXPECT_EQ(api.calls.size(), 1u);
}

TEST(VolumeCommandTest, CreateListRemovePrune) {
    FakeEngineApi api;
    api.replies.emplace("VolumeCreate", json{{"Name", "data"}});
    EXPECT_EQ(Berth(api, {"volume", "create", "-d", "local", "-o", "type=tmpfs", "--label", "a=b", "data"}).out,
              "data\n");
    EXPECT_EQ(api.calls.back(),
              R"(VolumeCreate {"Driver":"local","DriverOpts":{"type":"tmpfs"},"Labels":{"a":"b"},"Name":"data"})");
    api.replies.emplace(
        "VolumeList",
        json::parse(R"({"Volumes":[{"Name":"zeta","Driver":"local"},{"Name":"alpha","Driver":"local"}],)"
                    R"("Warnings":null})"));
    EXPECT_EQ(Berth(api, {"volume", "ls"}).out, "DRIVER    VOLUME NAME\nlocal     alpha\nlocal     zeta\n");
    EXPECT_EQ(Berth(api, {"volume", "ls", "-q", "-f", "dangling=true"}).out, "alpha\nzeta\n");
    EXPECT_EQ(api.calls.back(), R"(VolumeList filters={"dangling":{"true":true}})");
    EXPECT_EQ(Berth(api, {"volume", "rm", "-f", "data"}).out, "data\n");
    EXPECT_EQ(api.calls.back(), "VolumeRemove data force=1");
    api.replies.emplace("VolumePrune", json{{"VolumesDeleted", {"alpha"}}, {"SpaceReclaimed", 0}});
    EXPECT_EQ(Berth(api, {"volume", "prune", "-f"}).out, "Deleted Volumes:\nalpha\n\nTotal reclaimed space: 0B\n");
}

}  // namespace
}  // namespace engine::cli

namespace engine::cli {
namespace {

TEST(ExportCommandTest, WritesTheTarToStdoutOrRefusesATerminal) {
    FakeEngineApi api;
    char path[] = "/tmp/berth-export-XXXXXX";
    const int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    Stdio stdio;
    stdio.stdout_fd = fd;
    EXPECT_EQ(Berth(api, {"export", "web"}, stdio).code, 0);
    EXPECT_EQ(api.calls.back(), "ContainerExport web");
    char buffer[16] = {};
    EXPECT_EQ(pread(fd, buffer, sizeof buffer, 0), 8);
    EXPECT_EQ(std::string(buffer), "TARBYTES");
    close(fd);
    unlink(path);
    stdio.stdout_tty = true;
    const Result result = Berth(api, {"container", "export", "web"}, stdio);
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.err, "cowardly refusing to save to a terminal. Use the -o flag or redirect\n");
}

TEST(AttachCommandTest, StreamsAndExitsWithTheStatus) {
    FakeEngineApi api;
    api.replies.emplace("ContainerInspect web",
                        json::parse(R"({"State":{"Running":true},"Config":{"Tty":true,"OpenStdin":false}})"));
    api.replies.emplace("ContainerWait", json{{"StatusCode", 4}});
    api.attach_output = "raw tty output\r\n";
    const Result result = Berth(api, {"attach", "--no-stdin", "web"});
    EXPECT_EQ(result.code, 4);
    EXPECT_EQ(result.out, "raw tty output\r\n");
    EXPECT_EQ(api.calls,
              (std::vector<std::string>{
                  "ContainerInspect web", "ContainerWaitBegin web", "ContainerAttach web stdin=0 stdout=1 stderr=1"}));
    api.replies["ContainerInspect web"] = json::parse(R"({"State":{"Running":false}})");
    const Result stopped = Berth(api, {"attach", "web"});
    EXPECT_EQ(stopped.code, 1);
    EXPECT_EQ(stopped.err, "You cannot attach to a stopped container, start it first\n");
}

TEST(StatsCommandTest, NoStreamComputesDockersColumns) {
    FakeEngineApi api;
    api.streams["ContainerStats web"] = {json::parse(R"({
        "id": "0123456789ab0123456789ab0123456789ab0123456789ab0123456789abcdef", "name": "/web",
        "cpu_stats": {"cpu_usage": {"total_usage": 300}, "system_cpu_usage": 2000, "online_cpus": 2},
        "precpu_stats": {"cpu_usage": {"total_usage": 100}, "system_cpu_usage": 1000},
        "memory_stats": {"usage": 11534336, "limit": 1073741824, "stats": {"inactive_file": 1048576}},
        "networks": {"eth0": {"rx_bytes": 1500, "tx_bytes": 0}},
        "blkio_stats": {"io_service_bytes_recursive": [{"op": "read", "value": 4096}, {"op": "write", "value": 0}]},
        "pids_stats": {"current": 3}})")};
    const Result result = Berth(api, {"stats", "--no-stream", "web"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out,
              "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O      BLOCK I/O    PIDS\n"
              "0123456789ab   web       40.00%    10MiB / 1GiB        0.98%     1.5kB / 0B   4.1kB / 0B   3\n");
    EXPECT_EQ(api.calls, std::vector<std::string>{"ContainerStats web stream=0"});
}

}  // namespace
}  // namespace engine::cli

namespace engine::cli {
namespace {

TEST(CpCommandTest, TarStreamsBothWays) {
    FakeEngineApi api;
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    Stdio stdio;
    stdio.stdout_fd = out[1];
    EXPECT_EQ(Berth(api, {"cp", "web:/etc/hosts", "-"}, stdio).code, 0);
    close(out[1]);
    char buffer[16] = {};
    EXPECT_EQ(read(out[0], buffer, sizeof buffer), 8);
    close(out[0]);
    EXPECT_EQ(std::string(buffer), "TARBYTES");
    EXPECT_EQ(api.calls.back(), "ContainerArchiveGet web /etc/hosts");

    int in[2];
    ASSERT_EQ(pipe(in), 0);
    ASSERT_EQ(write(in[1], "upload", 6), 6);
    close(in[1]);
    stdio.stdin_fd = in[0];
    api.replies.emplace("ContainerArchiveStat web /tmp", json{{"name", "tmp"}, {"mode", 2147484159u}});
    EXPECT_EQ(Berth(api, {"cp", "-a", "-", "web:/tmp"}, stdio).code, 0);
    close(in[0]);
    EXPECT_EQ(api.calls.back(), "ContainerArchivePut web /tmp noOverwriteDirNonDir=1 copyUIDGID=1");
    EXPECT_EQ(api.uploaded, "upload");

    api.replies.emplace("ContainerArchiveStat web /etc/hosts", json{{"name", "hosts"}, {"mode", 420}});
    const Result not_dir = Berth(api, {"cp", "-", "web:/etc/hosts"}, stdio);
    EXPECT_EQ(not_dir.code, 1);
    EXPECT_EQ(not_dir.err, "destination \"web:/etc/hosts\" must be a directory\n");
    EXPECT_EQ(Berth(api, {"cp", "a:/x", "b:/y"}).err, "copying between containers is not supported\n");
}

}  // namespace
}  // namespace engine::cli

namespace engine::cli {
namespace {

TEST(SystemPruneCommandTest, PrunesEachKindAndAddsUpTheSpace) {
    FakeEngineApi api;
    api.replies.emplace("ContainerPrune", json{{"ContainersDeleted", {"c1"}}, {"SpaceReclaimed", 1000}});
    api.replies.emplace("NetworkPrune", json{{"NetworksDeleted", {"n1"}}});
    api.replies.emplace("VolumePrune", json{{"VolumesDeleted", json::array()}, {"SpaceReclaimed", 0}});
    api.replies.emplace(
        "ImagePrune",
        json{{"ImagesDeleted", {{{"Untagged", "old:1"}}, {{"Deleted", "sha256:ab"}}}}, {"SpaceReclaimed", 500}});
    api.replies.emplace("BuildCachePrune", json{{"CachesDeleted", nullptr}, {"SpaceReclaimed", 0}});
    Stdio stdio;
    stdio.input = "y\n";
    const Result result = Berth(api, {"system", "prune", "--volumes"}, stdio);
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out,
              "WARNING! This will remove:\n"
              "  - all stopped containers\n"
              "  - all networks not used by at least one container\n"
              "  - all volumes not used by at least one container\n"
              "  - all dangling images\n"
              "  - unused build cache\n\n"
              "Are you sure you want to continue? [y/N] "
              "Deleted Containers:\nc1\n\n"
              "Deleted Networks:\nn1\n\n"
              "Deleted Images:\nuntagged: old:1\ndeleted: sha256:ab\n\n"
              "Total reclaimed space: 1.5kB\n");
    EXPECT_EQ(api.calls,
              (std::vector<std::string>{"ContainerPrune filters=",
                                        "NetworkPrune filters=",
                                        "VolumePrune filters=",
                                        "ImagePrune all=0 filters=",
                                        "BuildCachePrune all=0 filters="}));
}

}  // namespace
}  // namespace engine::cli
