#include <gtest/gtest.h>

#include "tests/unit/compose/loader/normalize_test_support.hpp"

namespace compose::loader::testing {
namespace {

TEST(NormalizeBuild, StringBecomesContextWithDefaultDockerfile) {
    EXPECT_TREE(NormalizeWeb(R"({"build": "./app"})")["build"],
                R"({"context": "/project/app", "dockerfile": "Dockerfile"})");
}

TEST(NormalizeBuild, MapGetsDefaultContextAndKeepsDockerfile) {
    EXPECT_TREE(NormalizeWeb(R"({"build": {"dockerfile": "web.Dockerfile", "target": "prod"}})")["build"],
                R"({"context": "/project", "dockerfile": "web.Dockerfile", "target": "prod"})");
    EXPECT_TREE(NormalizeWeb(R"({"build": {"dockerfile_inline": "FROM scratch"}})")["build"],
                R"({"context": "/project", "dockerfile_inline": "FROM scratch"})");
}

TEST(NormalizeBuild, RemoteContextsStayAsWritten) {
    for (const char* url : {"https://github.com/me/app.git", "git@github.com:me/app.git", "github.com/me/app"}) {
        model::Value project = Json(R"({"services": {"web": {}}})");
        project["services"]["web"]["build"] = model::Value(url);
        EXPECT_EQ(NormalizeTwice(project)["services"]["web"]["build"]["context"].AsString(), url);
    }
}

TEST(NormalizeBuild, SecretsAndUlimitsTakeLongForm) {
    EXPECT_TREE(
        NormalizeWeb(R"({"build": {"context": ".", "secrets": ["npmrc"], "ulimits": {"nofile": 1024}}})")["build"],
        R"({"context": "/project", "dockerfile": "Dockerfile", "secrets": [{"source": "npmrc"}],
                    "ulimits": {"nofile": {"soft": 1024, "hard": 1024}}})");
}

TEST(NormalizeCommand, StringIsSplitIntoWords) {
    model::Value web = NormalizeWeb(
        R"({"image": "x", "command": "sh -c 'echo \"hi there\"'", "entrypoint": "/bin/entry --flag=a\\ b"})");
    EXPECT_TREE(web["command"], R"(["sh", "-c", "echo \"hi there\""])");
    EXPECT_TREE(web["entrypoint"], R"(["/bin/entry", "--flag=a b"])");
}

TEST(NormalizeCommand, ListsAndNullStay) {
    model::Value web = NormalizeWeb(R"({"image": "x", "command": ["a b", "c"], "entrypoint": null})");
    EXPECT_TREE(web["command"], R"(["a b", "c"])");
    EXPECT_TRUE(web["entrypoint"].IsNull());
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "command": []})")["command"], "[]");
}

TEST(NormalizeCommand, ShellOperatorIsAnError) {
    EXPECT_EQ(NormalizeWebError(R"({"image": "x", "command": "make && make install"})"),
              "services.web.command: can't split \"make && make install\" into words: unquoted \"&\"; quote it, or use "
              "the list form [\"sh\", \"-c\", \"...\"] to run it in a shell");
    EXPECT_EQ(
        NormalizeWebError(R"({"image": "x", "entrypoint": "echo 'a"})"),
        "services.web.entrypoint: can't split \"echo 'a\" into words: a quote is not closed; quote it, or use the "
        "list form [\"sh\", \"-c\", \"...\"] to run it in a shell");
}

TEST(NormalizeDependsOn, ListBecomesMapWithDefaults) {
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "depends_on": ["db", "cache"]})")["depends_on"],
                R"({"db": {"condition": "service_started", "required": true},
                    "cache": {"condition": "service_started", "required": true}})");
}

TEST(NormalizeDependsOn, MapEntriesGetDefaultsAndRestartOnlyWhenTrue) {
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "depends_on": {
                    "db": {"condition": "service_healthy", "restart": true},
                    "cache": {"required": false, "restart": false},
                    "queue": {"restart": "true"}}})")["depends_on"],
                R"({"db": {"condition": "service_healthy", "required": true, "restart": true},
                    "cache": {"condition": "service_started", "required": false},
                    "queue": {"condition": "service_started", "required": true, "restart": true}})");
}

TEST(NormalizeDependsOn, ImplicitDependenciesAreAddedUnlessDeclared) {
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "network_mode": "service:vpn", "ipc": "service:shm", "pid": "host",
                                 "volumes_from": ["data:ro", "container:legacy", "logs"], "links": ["db:database"],
                                 "depends_on": {"logs": {"condition": "service_healthy"}}})")["depends_on"],
                R"({"vpn": {"condition": "service_started", "required": true, "restart": true},
                    "shm": {"condition": "service_started", "required": true, "restart": true},
                    "data": {"condition": "service_started", "required": true},
                    "logs": {"condition": "service_healthy", "required": true},
                    "db": {"condition": "service_started", "required": true}})");
}

TEST(NormalizeNetworks, ListBecomesMapAndDefaultIsImplicit) {
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "networks": ["front", "back"]})")["networks"],
                R"({"front": null, "back": null})");
    EXPECT_TREE(NormalizeWeb(R"({"image": "x"})")["networks"], R"({"default": null})");
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "networks": {"front": {"aliases": ["w"]}}})")["networks"],
                R"({"front": {"aliases": ["w"]}})");
    EXPECT_EQ(NormalizeWeb(R"({"image": "x", "network_mode": "host"})").Find("networks"), nullptr);
}

TEST(NormalizeHealthcheck, StringTestAndDurations) {
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "stop_grace_period": "90s", "healthcheck": {
                    "test": "curl -f http://localhost", "interval": "90s", "timeout": "0.5s",
                    "start_period": "3600s", "start_interval": "1.5s", "retries": "3"}})"),
                R"({"image": "x", "networks": {"default": null}, "stop_grace_period": "1m30s", "healthcheck": {
                    "test": ["CMD-SHELL", "curl -f http://localhost"], "interval": "1m30s", "timeout": "500ms",
                    "start_period": "1h0m0s", "start_interval": "1.5s", "retries": 3}})");
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "healthcheck": {"test": ["CMD", "true"]}})")["healthcheck"],
                R"({"test": ["CMD", "true"]})");
}

TEST(NormalizeHealthcheck, BadDurationIsAnError) {
    EXPECT_EQ(NormalizeWebError(R"({"image": "x", "healthcheck": {"interval": "10"}})"),
              "services.web.healthcheck.interval: invalid duration \"10\"; use a number with a unit (ns, us, ms, s, m, "
              "h, d, w), like 1m30s");
    EXPECT_EQ(NormalizeWebError(R"({"image": "x", "stop_grace_period": "soon"})"),
              "services.web.stop_grace_period: invalid duration \"soon\"; use a number with a unit (ns, us, ms, s, m, "
              "h, d, w), like 1m30s");
}

TEST(NormalizeUlimits, NumberGivesSoftAndHard) {
    EXPECT_TREE(
        NormalizeWeb(
            R"({"image": "x", "ulimits": {"nproc": 65535, "nofile": {"soft": 1024, "hard": 2048}}})")["ulimits"],
        R"({"nproc": {"soft": 65535, "hard": 65535}, "nofile": {"soft": 1024, "hard": 2048}})");
}

TEST(NormalizeExtraHosts, ListAndMapBecomeHostEqualsIp) {
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "extra_hosts": ["db:10.0.0.1", "v6:::1", "b=[::2]", "db=10.0.0.1",
                                                               "multi=1.1.1.1,2.2.2.2"]})")["extra_hosts"],
                R"(["db=10.0.0.1", "v6=::1", "b=::2", "multi=1.1.1.1", "multi=2.2.2.2"])");
    EXPECT_TREE(
        NormalizeWeb(R"({"image": "x", "extra_hosts": {"b": "10.0.0.2", "a": ["::1", "10.0.0.1"]}})")["extra_hosts"],
        R"(["a=::1", "a=10.0.0.1", "b=10.0.0.2"])");
}

TEST(NormalizeExtraHosts, EntryWithoutIpIsAnError) {
    EXPECT_EQ(NormalizeWebError(R"({"image": "x", "extra_hosts": ["justahost"]})"),
              "services.web.extra_hosts: invalid extra host \"justahost\"; expected HOST=IP");
    EXPECT_EQ(NormalizeWebError(R"({"image": "x", "extra_hosts": ["h="]})"),
              "services.web.extra_hosts: host \"h\" has no IP address; expected HOST=IP");
}

TEST(NormalizeServiceMounts, SecretsAndConfigsTakeLongForm) {
    model::Value web = NormalizeWeb(R"({"image": "x", "secrets": ["token", {"source": "key", "target": "k"}],
                                              "configs": ["app"]})");
    EXPECT_TREE(web["secrets"], R"([{"source": "token"}, {"source": "key", "target": "k"}])");
    EXPECT_TREE(web["configs"], R"([{"source": "app"}])");
}

TEST(NormalizeServiceLists, DnsAndPullPolicy) {
    model::Value web = NormalizeWeb(
        R"({"image": "x", "dns": "8.8.8.8", "dns_search": ["a.example"], "pull_policy": "if_not_present"})");
    EXPECT_TREE(web["dns"], R"(["8.8.8.8"])");
    EXPECT_TREE(web["dns_search"], R"(["a.example"])");
    EXPECT_EQ(web["pull_policy"].AsString(), "missing");
}

}  // namespace
}  // namespace compose::loader::testing
