// `berth run`, `create` and `exec` against the in-memory EngineApi: docker's call sequences,
// the create body built from the flags, output and exit codes.
#include <fstream>
#include <tuple>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/cli/cli_runner.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;
using testing::Berth;
using testing::FakeEngineApi;
using testing::Result;
using testing::Stdio;

const std::string kId = "0123456789ab0123456789ab0123456789ab0123456789ab0123456789abcdef";

std::string Frame(char stream, std::string_view payload) {
    std::string frame(8, '\0');
    frame[0] = stream;
    frame[7] = static_cast<char>(payload.size());  // the tests' payloads are short
    return frame + std::string(payload);
}

TEST(RunCommandTest, DetachedRunCreatesArmsTheWaitStartsAndPrintsTheId) {
    FakeEngineApi api;
    api.replies.emplace("ContainerCreate", json{{"Id", kId}, {"Warnings", {"low memory"}}});
    const Result result = Berth(
        api,
        {"run", "-d", "--name", "web", "-e", "A=1", "-p", "8080:80", "-v", "data:/data", "busybox", "httpd", "-f"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out, kId + "\n");
    EXPECT_EQ(result.err, "WARNING: low memory\n");
    EXPECT_EQ(api.calls,
              (std::vector<std::string>{"ContainerCreate busybox name=web",
                                        "ContainerWaitBegin " + kId + " condition=next-exit",
                                        "ContainerStart " + kId}));
    const json& body = api.created.at(0);
    EXPECT_EQ(body["Image"], "busybox");
    EXPECT_EQ(body["Cmd"], json({"httpd", "-f"}));
    EXPECT_EQ(body["Env"], json({"A=1"}));
    EXPECT_EQ(body["AttachStdout"], false);
    EXPECT_EQ(body["AttachStdin"], false);
    EXPECT_EQ(body["Tty"], false);
    EXPECT_EQ(body["ExposedPorts"], json({{"80/tcp", json::object()}}));
    EXPECT_EQ(body["HostConfig"]["PortBindings"], json({{"80/tcp", {{{"HostIp", ""}, {"HostPort", "8080"}}}}}));
    EXPECT_EQ(body["HostConfig"]["Binds"], json({"data:/data"}));
    EXPECT_EQ(body["HostConfig"]["NetworkMode"], "default");
    EXPECT_EQ(body["HostConfig"]["RestartPolicy"], json({{"Name", "no"}, {"MaximumRetryCount", 0}}));
    EXPECT_EQ(body["NetworkingConfig"], json({{"EndpointsConfig", {{"default", json::object()}}}}));
}

TEST(RunCommandTest, FlagsBecomeDockersCreateBody) {
    FakeEngineApi api;
    api.replies.emplace("ContainerCreate", json{{"Id", kId}});
    const Result result = Berth(api,
                                {"create",
                                 "-m",
                                 "64m",
                                 "--memory-swap",
                                 "-1",
                                 "--cpus",
                                 "1.5",
                                 "--pids-limit",
                                 "100",
                                 "--restart",
                                 "on-failure:3",
                                 "--health-cmd",
                                 "true",
                                 "--health-interval",
                                 "1m30s",
                                 "--health-retries",
                                 "2",
                                 "--init",
                                 "--read-only",
                                 "--tmpfs",
                                 "/run:size=1m",
                                 "--cap-add",
                                 "NET_ADMIN",
                                 "--ulimit",
                                 "nofile=1024:2048",
                                 "--sysctl",
                                 "net.x=1",
                                 "--log-driver",
                                 "json-file",
                                 "--log-opt",
                                 "max-size=1m",
                                 "--stop-signal",
                                 "SIGINT",
                                 "--stop-timeout",
                                 "5",
                                 "-l",
                                 "a=b",
                                 "-w",
                                 "/srv",
                                 "-u",
                                 "1000",
                                 "--entrypoint",
                                 "",
                                 "-h",
                                 "box",
                                 "--network",
                                 "n1",
                                 "--mount",
                                 "type=bind,src=/a,dst=/b,readonly",
                                 "-it",
                                 "alpine:3"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out, kId + "\n");
    const json& body = api.created.at(0);
    const json& host = body["HostConfig"];
    EXPECT_EQ(host["Memory"], 64 << 20);
    EXPECT_EQ(host["MemorySwap"], -1);
    EXPECT_EQ(host["NanoCpus"], 1500000000);
    EXPECT_EQ(host["PidsLimit"], 100);
    EXPECT_EQ(host["RestartPolicy"], json({{"Name", "on-failure"}, {"MaximumRetryCount", 3}}));
    EXPECT_EQ(host["Init"], true);
    EXPECT_EQ(host["ReadonlyRootfs"], true);
    EXPECT_EQ(host["Tmpfs"], json({{"/run", "size=1m"}}));
    EXPECT_EQ(host["CapAdd"], json({"NET_ADMIN"}));
    EXPECT_EQ(host["Ulimits"], json::parse(R"([{"Name":"nofile","Soft":1024,"Hard":2048}])"));
    EXPECT_EQ(host["Sysctls"], json({{"net.x", "1"}}));
    EXPECT_EQ(host["LogConfig"], json::parse(R"({"Type":"json-file","Config":{"max-size":"1m"}})"));
    EXPECT_EQ(host["NetworkMode"], "n1");
    EXPECT_EQ(host["Mounts"], json::parse(R"([{"Type":"bind","Source":"/a","Target":"/b","ReadOnly":true}])"));
    EXPECT_EQ(body["NetworkingConfig"], json::parse(R"({"EndpointsConfig":{}})"));
    EXPECT_EQ(body["Healthcheck"],
              json::parse(R"({"Test":["CMD-SHELL","true"],"Interval":90000000000,"Timeout":0,"StartPeriod":0,)"
                          R"("StartInterval":0,"Retries":2})"));
    EXPECT_EQ(body["StopSignal"], "SIGINT");
    EXPECT_EQ(body["StopTimeout"], 5);
    EXPECT_EQ(body["Labels"], json({{"a", "b"}}));
    EXPECT_EQ(body["WorkingDir"], "/srv");
    EXPECT_EQ(body["User"], "1000");
    EXPECT_EQ(body["Entrypoint"], json({""}));
    EXPECT_EQ(body["Hostname"], "box");
    EXPECT_EQ(body["Cmd"], nullptr);
    // create keeps docker's attach defaults: stdout and stderr, stdin with -i.
    EXPECT_EQ(body["AttachStdin"], true);
    EXPECT_EQ(body["AttachStdout"], true);
    EXPECT_EQ(body["OpenStdin"], true);
    EXPECT_EQ(body["Tty"], true);
}

TEST(RunCommandTest, BadSizeIsAFlagError) {
    FakeEngineApi api;
    const Result result = Berth(api, {"run", "-m", "lots", "busybox"});
    EXPECT_EQ(result.code, 125);
    EXPECT_EQ(result.err, "invalid argument \"lots\" for \"-m, --memory\" flag: invalid size: 'lots'\n");
    EXPECT_TRUE(api.calls.empty());
}

TEST(RunCommandTest, MissingImageIsPulledThenCreatedAgain) {
    FakeEngineApi api;
    api.errors.emplace("ContainerCreate once",
                       Error(Errc::kNotFound, "Error response from daemon: No such image: busybox:latest"));
    api.replies.emplace("ContainerCreate", json{{"Id", kId}});
    api.streams["ImagePull"] = {json{{"status", "Pulling from library/busybox"}, {"id", "latest"}},
                                json{{"status", "Status: Downloaded newer image for busybox:latest"}}};
    const Result result = Berth(api, {"run", "-d", "busybox"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.err,
              "Unable to find image 'busybox:latest' locally\n"
              "latest: Pulling from library/busybox\n"
              "Status: Downloaded newer image for busybox:latest\n");
    EXPECT_EQ(api.calls,
              (std::vector<std::string>{"ContainerCreate busybox",
                                        "ImagePull docker.io/library/busybox:latest",
                                        "ContainerCreate busybox",
                                        "ContainerWaitBegin " + kId + " condition=next-exit",
                                        "ContainerStart " + kId}));
}

TEST(RunCommandTest, PullFailureEndsWith125) {
    FakeEngineApi api;
    api.errors.emplace("ContainerCreate once",
                       Error(Errc::kNotFound, "Error response from daemon: No such image: nope:latest"));
    api.errors.emplace("ImagePull", Error(Errc::kNotFound, "Error response from daemon: pull access denied for nope"));
    const Result result = Berth(api, {"run", "nope"});
    EXPECT_EQ(result.code, 125);
    EXPECT_EQ(result.err,
              "Unable to find image 'nope:latest' locally\n"
              "berth: Error response from daemon: pull access denied for nope\n\n"
              "Run 'berth run --help' for more information\n");
}

TEST(RunCommandTest, AttachedRunStreamsOutputAndExitsWithTheStatus) {
    FakeEngineApi api;
    api.replies.emplace("ContainerCreate", json{{"Id", kId}});
    api.replies.emplace("ContainerWait", json{{"StatusCode", 3}, {"Error", nullptr}});
    api.attach_output = Frame(1, "hello\n") + Frame(2, "oops\n");
    const Result result = Berth(api, {"run", "--rm", "busybox", "sh", "-c", "echo hello; exit 3"});
    EXPECT_EQ(result.code, 3);
    EXPECT_EQ(result.out, "hello\n");
    EXPECT_EQ(result.err, "oops\n");
    EXPECT_EQ(api.calls,
              (std::vector<std::string>{"ContainerCreate busybox",
                                        "ContainerAttach " + kId + " stdin=0 stdout=1 stderr=1",
                                        "ContainerWaitBegin " + kId + " condition=removed",
                                        "ContainerStart " + kId}));
    EXPECT_EQ(api.created.at(0)["HostConfig"]["AutoRemove"], true);
    EXPECT_EQ(api.created.at(0)["AttachStdout"], true);
}

TEST(RunCommandTest, InteractiveRunSendsStdinAndHalfCloses) {
    FakeEngineApi api;
    api.replies.emplace("ContainerCreate", json{{"Id", kId}});
    api.replies.emplace("ContainerWait", json{{"StatusCode", 0}});
    api.attach_output = Frame(1, "echoed\n");
    api.eof_after_close = true;
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    ASSERT_EQ(write(fds[1], "input\n", 6), 6);
    close(fds[1]);
    Stdio stdio;
    stdio.stdin_fd = fds[0];
    const Result result = Berth(api, {"run", "-i", "busybox", "cat"}, stdio);
    close(fds[0]);
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out, "echoed\n");
    EXPECT_EQ(api.attach_input, "input\n");
    EXPECT_TRUE(api.attach_closed.load());
    EXPECT_EQ(api.calls.at(1), "ContainerAttach " + kId + " stdin=1 stdout=1 stderr=1");
    EXPECT_EQ(api.created.at(0)["StdinOnce"], true);
}

TEST(RunCommandTest, StartFailureIsReportedWithTheExecutableCode) {
    FakeEngineApi api;
    api.replies.emplace("ContainerCreate", json{{"Id", kId}});
    api.errors.emplace("ContainerStart",
                       Error(Errc::kInternal,
                             "Error response from daemon: failed to create task: exec: \"nope\": executable file not "
                             "found in $PATH"));
    const Result result = Berth(api, {"run", "-d", "busybox", "nope"});
    EXPECT_EQ(result.code, 127);
    EXPECT_EQ(result.err,
              "berth: Error response from daemon: failed to create task: exec: \"nope\": executable file not found "
              "in $PATH.\n");
    EXPECT_EQ(result.out, "");
}

TEST(RunCommandTest, TtyWithoutATerminalIsRefused) {
    FakeEngineApi api;
    const Result result = Berth(api, {"run", "-it", "busybox"});
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.err, "the input device is not a TTY\n");
    EXPECT_TRUE(api.calls.empty());
}

TEST(RunCommandTest, EnvFileAndBareNamesUseTheClientsEnvironment) {
    engine::testing::TempDir dir;
    std::ofstream(dir.path() / "env") << "# comment\n\nFROM_FILE=1\nHOME_DIR\n";
    FakeEngineApi api;
    api.replies.emplace("ContainerCreate", json{{"Id", kId}});
    Stdio stdio;
    stdio.env = {{"HOME_DIR", "/home/me"}, {"USER_NAME", "me"}};
    const Result result =
        Berth(api,
              {"create", "--env-file", (dir.path() / "env").string(), "-e", "USER_NAME", "-e", "UNSET", "busybox"},
              stdio);
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(api.created.at(0)["Env"], json({"FROM_FILE=1", "HOME_DIR=/home/me", "USER_NAME=me", "UNSET"}));
}

TEST(ExecCommandTest, RunsTheCommandAndExitsWithItsCode) {
    FakeEngineApi api;
    api.replies.emplace("ExecCreate", json{{"Id", "e1"}});
    api.replies.emplace("ExecInspect", json{{"ExitCode", 2}, {"Running", false}});
    api.attach_output = Frame(1, "out\n");
    const Result result = Berth(api, {"exec", "-e", "A=1", "-u", "root", "-w", "/tmp", "web", "ls", "-l"});
    EXPECT_EQ(result.code, 2);
    EXPECT_EQ(result.out, "out\n");
    ASSERT_EQ(api.calls.size(), 4u);
    EXPECT_EQ(api.calls[0], "ContainerInspect web");
    EXPECT_EQ(json::parse(api.calls[1].substr(std::string("ExecCreate web ").size())),
              json::parse(R"({"User":"root","Privileged":false,"Tty":false,"AttachStdin":false,"AttachStderr":true,)"
                          R"("AttachStdout":true,"Detach":false,"DetachKeys":"","Env":["A=1"],"WorkingDir":"/tmp",)"
                          R"("Cmd":["ls","-l"]})"));
    EXPECT_EQ(api.calls[2], "ExecStart e1 detach=0 tty=0");
    EXPECT_EQ(api.calls[3], "ExecInspect e1");
}

TEST(ExecCommandTest, DetachedExecOnlyStartsIt) {
    FakeEngineApi api;
    api.replies.emplace("ExecCreate", json{{"Id", "e1"}});
    const Result result = Berth(api, {"exec", "-d", "web", "touch", "/x"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(api.calls.back(), "ExecStart e1 detach=1 tty=0");
}

}  // namespace
}  // namespace engine::cli

namespace engine::cli {
namespace {

using nlohmann::json;
using testing::Berth;
using testing::FakeEngineApi;
using testing::Result;

// The create body `berth create FLAGS busybox` sends; null when the command failed.
json CreateBody(const std::vector<std::string>& flags, Result* result = nullptr) {
    FakeEngineApi api;
    api.replies.emplace("ContainerCreate", json{{"Id", "0123456789ab"}});
    std::vector<std::string> args = {"create"};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back("busybox");
    const Result outcome = Berth(api, args);
    if (result != nullptr) {
        *result = outcome;
    }
    return api.created.empty() ? json(nullptr) : api.created.front();
}

// Each -p value with the ExposedPorts and PortBindings the v28 CLI sent for it.
TEST(RunNetworkFlagsTest, PublishParsesAsDocker) {
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"8000-8002:80-82",
         R"({"80/tcp":{},"81/tcp":{},"82/tcp":{}})",
         R"({"80/tcp":[{"HostIp":"","HostPort":"8000"}],"81/tcp":[{"HostIp":"","HostPort":"8001"}],)"
         R"("82/tcp":[{"HostIp":"","HostPort":"8002"}]})"},
        {"127.0.0.1:8080:80", R"({"80/tcp":{}})", R"({"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]})"},
        {"8080:80/udp", R"({"80/udp":{}})", R"({"80/udp":[{"HostIp":"","HostPort":"8080"}]})"},
        {"[::1]:8080:80", R"({"80/tcp":{}})", R"({"80/tcp":[{"HostIp":"::1","HostPort":"8080"}]})"},
        {"::1:8080:80", R"({"80/tcp":{}})", R"({"80/tcp":[{"HostIp":"::1","HostPort":"8080"}]})"},
        {"80", R"({"80/tcp":{}})", R"({"80/tcp":[{"HostIp":"","HostPort":""}]})"},
        {"8080-8081:80", R"({"80/tcp":{}})", R"({"80/tcp":[{"HostIp":"","HostPort":"8080-8081"}]})"},
        {"127.0.0.1::80", R"({"80/tcp":{}})", R"({"80/tcp":[{"HostIp":"127.0.0.1","HostPort":""}]})"},
        {"0.0.0.0:8000-8001:80-81/udp",
         R"({"80/udp":{},"81/udp":{}})",
         R"({"80/udp":[{"HostIp":"0.0.0.0","HostPort":"8000"}],"81/udp":[{"HostIp":"0.0.0.0","HostPort":"8001"}]})"},
        {"80/SCTP", R"({"80/sctp":{}})", R"({"80/sctp":[{"HostIp":"","HostPort":""}]})"},
        {"[1.2.3.4]:80:80", R"({"80/tcp":{}})", R"({"80/tcp":[{"HostIp":"1.2.3.4","HostPort":"80"}]})"},
        {":80", R"({"80/tcp":{}})", R"({"80/tcp":[{"HostIp":"","HostPort":""}]})"},
        {"published=8080,target=80", R"({"80/tcp":{}})", R"({"80/tcp":[{"HostIp":"","HostPort":"8080"}]})"},
    };
    for (const auto& [spec, exposed, bindings] : cases) {
        Result result;
        const json body = CreateBody({"-p", spec}, &result);
        ASSERT_EQ(result.code, 0) << spec << ": " << result.err;
        EXPECT_EQ(body["ExposedPorts"], json::parse(exposed)) << spec;
        EXPECT_EQ(body["HostConfig"]["PortBindings"], json::parse(bindings)) << spec;
    }
    const json twice = CreateBody({"-p", "80:80", "-p", "81:80"});
    EXPECT_EQ(twice["HostConfig"]["PortBindings"],
              json::parse(R"({"80/tcp":[{"HostIp":"","HostPort":"80"},{"HostIp":"","HostPort":"81"}]})"));
}

TEST(RunNetworkFlagsTest, BadPortsAreDockersErrors) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"-p", "8080:80-81"}, "invalid ranges specified for container and host Ports: 80-81 and 8080"},
        {{"-p", "abc"}, "invalid containerPort: abc"},
        {{"-p", "70000:80"}, "invalid hostPort: 70000"},
        {{"-p", "1.2.3.4:80"}, "invalid hostPort: 1.2.3.4"},
        {{"-p", "80/foo"}, "invalid proto: foo"},
        {{"-p", "8080-8079:80"}, "invalid hostPort: 8080-8079"},
        {{"-p", "8080:"}, "no port specified: 8080:<empty>"},
        {{"-p", "1.2.3:80:80"}, "invalid IP address: 1.2.3"},
        {{"-p", "[::1:80:80"}, "invalid IP address [::1: address [::1:: missing ']' in address"},
        {{"--expose", "abc"},
         "invalid range format for --expose: abc, error: strconv.ParseUint: parsing \"abc\": "
         "invalid syntax"},
        {{"--expose", "80-79"},
         "invalid range format for --expose: 80-79, error: invalid range specified for port: "
         "80-79"},
        {{"--expose", "99999"},
         "invalid range format for --expose: 99999, error: strconv.ParseUint: parsing "
         "\"99999\": value out of range"},
        {{"--expose", "1:2"}, "invalid port format for --expose: 1:2"},
    };
    for (const auto& [flags, message] : cases) {
        Result result;
        EXPECT_EQ(CreateBody(flags, &result), nullptr) << message;
        EXPECT_EQ(result.code, 125) << message;
        EXPECT_EQ(result.err, "berth: " + message + "\n\nRun 'berth create --help' for more information\n");
    }
    FakeEngineApi api;
    EXPECT_EQ(Berth(api, {"run", "-p", "abc", "busybox"}).err,
              "berth: invalid containerPort: abc\n\nRun 'berth run --help' for more information\n");
    const json expose = CreateBody({"--expose", "8000-8002/udp", "--expose", "90"});
    EXPECT_EQ(expose["ExposedPorts"], json::parse(R"({"8000/udp":{},"8001/udp":{},"8002/udp":{},"90/tcp":{}})"));
}

TEST(RunNetworkFlagsTest, NetworkFlagsBecomeDockersBody) {
    const json plain = CreateBody({});
    EXPECT_EQ(plain["NetworkingConfig"], json::parse(R"({"EndpointsConfig":{"default":{}}})"));
    EXPECT_EQ(plain["HostConfig"]["Dns"], json::array());
    EXPECT_EQ(plain["HostConfig"]["DnsSearch"], json::array());
    EXPECT_EQ(plain["HostConfig"]["DnsOptions"], json::array());
    EXPECT_EQ(plain["HostConfig"]["ExtraHosts"], nullptr);
    EXPECT_EQ(plain["HostConfig"]["Links"], nullptr);
    EXPECT_EQ(plain["HostConfig"]["PublishAllPorts"], false);
    EXPECT_FALSE(plain.contains("MacAddress"));

    const json named = CreateBody({"--network",
                                   "n1",
                                   "--network-alias",
                                   "a",
                                   "--network-alias",
                                   "b",
                                   "--ip",
                                   "10.0.0.5",
                                   "--ip6",
                                   "fd00::5",
                                   "--link",
                                   "web:w",
                                   "--link",
                                   "db"});
    EXPECT_EQ(named["NetworkingConfig"],
              json::parse(R"({"EndpointsConfig":{"n1":{"Aliases":["a","b"],"Links":["web:w","db"],
                  "IPAMConfig":{"IPv4Address":"10.0.0.5","IPv6Address":"fd00::5"}}}})"));
    EXPECT_EQ(named["HostConfig"]["Links"], json({"web:w", "db"}));

    const json defaults = CreateBody({"--ip",
                                      "10.0.0.5",
                                      "--link",
                                      "web",
                                      "-P",
                                      "--dns",
                                      "1.1.1.1",
                                      "--dns-search",
                                      "x.com",
                                      "--dns-option",
                                      "ndots:2",
                                      "--add-host",
                                      "h:1.2.3.4",
                                      "--add-host",
                                      "g=::1",
                                      "--add-host",
                                      "gw:host-gateway",
                                      "--add-host",
                                      "b:[::2]",
                                      "--mac-address",
                                      "02:42:ac:11:00:02"});
    EXPECT_EQ(defaults["NetworkingConfig"],
              json::parse(R"({"EndpointsConfig":{"default":{"IPAMConfig":{"IPv4Address":"10.0.0.5"}}}})"));
    const json& host = defaults["HostConfig"];
    EXPECT_EQ(host["Links"], json({"web"}));
    EXPECT_EQ(host["PublishAllPorts"], true);
    EXPECT_EQ(host["Dns"], json({"1.1.1.1"}));
    EXPECT_EQ(host["DnsSearch"], json({"x.com"}));
    EXPECT_EQ(host["DnsOptions"], json({"ndots:2"}));
    EXPECT_EQ(host["ExtraHosts"], json({"h:1.2.3.4", "g:::1", "gw:host-gateway", "b:::2"}));
    EXPECT_EQ(defaults["MacAddress"], "02:42:ac:11:00:02");
    EXPECT_EQ(CreateBody({"--network", "n1"})["NetworkingConfig"], json::parse(R"({"EndpointsConfig":{}})"));
}

TEST(RunNetworkFlagsTest, NetworkFlagErrors) {
    Result result;
    EXPECT_EQ(CreateBody({"--network-alias", "a"}, &result), nullptr);
    EXPECT_EQ(result.code, 125);
    EXPECT_EQ(result.err,
              "berth: network-scoped aliases are only supported for user-defined networks\n\n"
              "Run 'berth create --help' for more information\n");
    EXPECT_EQ(CreateBody({"--network", "host", "--network-alias", "a"}, &result), nullptr);
    EXPECT_EQ(result.code, 125);
    EXPECT_EQ(CreateBody({"--add-host", "bad"}, &result), nullptr);
    EXPECT_EQ(result.code, 125);
    EXPECT_EQ(result.err, "invalid argument \"bad\" for \"--add-host\" flag: bad format for add-host: \"bad\"\n");
    EXPECT_EQ(CreateBody({"--add-host", "h:notip"}, &result), nullptr);
    EXPECT_EQ(result.err,
              "invalid argument \"h:notip\" for \"--add-host\" flag: invalid IP address in add-host: \"notip\"\n");
    EXPECT_EQ(CreateBody({"--mac-address", "zz"}, &result), nullptr);
    EXPECT_EQ(result.err, "berth: zz is not a valid mac address\n\nRun 'berth create --help' for more information\n");
    EXPECT_EQ(CreateBody({"--link", "a:b:c"}, &result), nullptr);
    EXPECT_EQ(result.err, "invalid argument \"a:b:c\" for \"--link\" flag: bad format for links: a:b:c\n");
    // The CLI leaves addresses to the daemon, as docker's does.
    EXPECT_EQ(CreateBody({"--network", "bridge", "--ip", "bad"})["NetworkingConfig"],
              json::parse(R"({"EndpointsConfig":{"bridge":{"IPAMConfig":{"IPv4Address":"bad"}}}})"));
}

}  // namespace
}  // namespace engine::cli
