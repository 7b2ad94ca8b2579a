#include <gtest/gtest.h>

#include "compose/loader/json_schema.hpp"
#include "tests/support/load_error_text.hpp"
#include "tests/unit/compose/loader/normalize_test_support.hpp"

namespace compose::loader::testing {
namespace {

std::string ProjectError(std::string_view project_json) {
    model::Value project = Json(project_json);
    Warnings warnings;
    return test_support::LoadErrorMessage([&] { NormalizeProject(project, TestContext(), warnings); });
}

TEST(NormalizeProject, SetsTheProjectName) {
    EXPECT_TREE(NormalizeTwice(Json(R"({"name": "other", "services": {}})")), R"({"name": "demo", "services": {}})");
}

TEST(NormalizeProject, ResourcesAreNamedAfterTheProject) {
    EXPECT_TREE(NormalizeTwice(Json(R"({
        "networks": {"front": null, "back": {"driver": "bridge"}, "named": {"name": "custom"}},
        "volumes": {"data": {}, "ext": {"external": true}},
        "secrets": {"token": {"file": "./token.txt"}, "env": {"environment": "TOKEN", "name": "tok"}},
        "configs": {"app": {"file": "/etc/app.conf"}, "inline": {"content": "x"}}})")),
                R"({"name": "demo",
        "networks": {"front": {"name": "demo_front"}, "back": {"driver": "bridge", "name": "demo_back"},
                     "named": {"name": "custom"}},
        "volumes": {"data": {"name": "demo_data"}, "ext": {"external": true, "name": "ext"}},
        "secrets": {"token": {"file": "/project/token.txt", "name": "demo_token"},
                    "env": {"environment": "TOKEN", "name": "tok"}},
        "configs": {"app": {"file": "/etc/app.conf", "name": "demo_app"},
                    "inline": {"content": "x", "name": "demo_inline"}}})");
}

TEST(NormalizeProject, LegacyExternalNameMovesToNameWithAWarning) {
    Warnings warnings;
    EXPECT_TREE(
        NormalizeTwice(Json(R"({"networks": {"net": {"external": {"name": "shared"}}}})"), TestContext(), warnings),
        R"({"name": "demo", "networks": {"net": {"external": true, "name": "shared"}}})");
    ASSERT_EQ(warnings.List().size(), 1u);
    EXPECT_EQ(warnings.List()[0], "networks.net: external.name is deprecated; write name: shared with external: true");
    EXPECT_EQ(ProjectError(R"({"volumes": {"v": {"name": "a", "external": {"name": "b"}}}})"),
              "volumes.v: external.name (b) and name (a) disagree; set only name, with external: true");
}

TEST(NormalizeProject, ExternalResourcesCantHaveCreationAttributes) {
    EXPECT_EQ(ProjectError(R"({"networks": {"back": {"external": true, "driver": "overlay"}}})"),
              "networks.back: external network \"back\" can't set driver; remove it, or drop external: true to let "
              "Compose create the network");
    EXPECT_EQ(ProjectError(R"({"volumes": {"data": {"external": true, "driver_opts": {"type": "nfs"}}}})"),
              "volumes.data: external volume \"data\" can't set driver_opts; remove it, or drop external: true to let "
              "Compose create the volume");
}

TEST(NormalizeProject, DefaultNetworkIsAddedWhenUsed) {
    EXPECT_TREE(NormalizeTwice(Json(R"({"services": {"web": {"image": "x"}}})"))["networks"],
                R"({"default": {"name": "demo_default"}})");
    EXPECT_TREE(NormalizeTwice(Json(R"({"services": {"web": {"image": "x"}},
                                        "networks": {"default": {"name": "mine", "external": true}}})"))["networks"],
                R"({"default": {"name": "mine", "external": true}})");
}

TEST(NormalizeProject, DefaultNetworkIsNotAddedWhenUnused) {
    model::Value project = NormalizeTwice(Json(R"({"services": {
        "web": {"image": "x", "network_mode": "host"},
        "db": {"image": "y", "networks": ["back"]}},
        "networks": {"back": null}})"));
    EXPECT_TREE(project["networks"], R"({"back": {"name": "demo_back"}})");
}

TEST(NormalizeProject, BindVolumeDeviceIsResolved) {
    EXPECT_TREE(
        NormalizeTwice(Json(R"({"volumes": {"src": {"driver_opts": {"type": "none", "o": "bind",
                                                                            "device": "./src"}}}})"))["volumes"],
        R"({"src": {"driver_opts": {"type": "none", "o": "bind", "device": "/project/src"}, "name": "demo_src"}})");
}

// A project using most short syntaxes at once: normalizing twice must equal normalizing once
// (NormalizeTwice checks), and the result must be what the parts say.
TEST(NormalizeProject, WholeProjectIsIdempotent) {
    const NormalizeContext ctx = TestContext({{"/project/web.env", "FROM_FILE=1\nPORT=80\n"}});
    model::Value project = NormalizeTwice(Json(R"({
        "services": {
            "web": {
                "build": ".", "command": "serve --port 80", "env_file": "web.env",
                "environment": ["PORT=8080", "FROM_ENV"], "ports": ["8080:80", "9000-9001:9000-9001/udp"],
                "volumes": ["./html:/usr/share/html:ro", "data:/data"], "depends_on": ["db"],
                "healthcheck": {"test": "true", "interval": "30s"}, "labels": ["tier=front"],
                "mem_limit": "256m", "deploy": {"replicas": 2}, "extra_hosts": ["gw:10.0.0.1"],
                "secrets": ["token"], "tmpfs": "/run", "ulimits": {"nofile": 4096}, "dns": "1.1.1.1"
            },
            "db": {"image": "postgres", "volumes_from": ["web:ro"], "networks": ["back"],
                   "stop_grace_period": "1m"}
        },
        "networks": {"back": {}},
        "volumes": {"data": null},
        "secrets": {"token": {"file": "token.txt"}},
        "x-custom": {"kept": true}
    })"),
                                          ctx);
    EXPECT_TREE(project, R"({
        "name": "demo",
        "services": {
            "web": {
                "build": {"context": "/project", "dockerfile": "Dockerfile"},
                "command": ["serve", "--port", "80"],
                "env_file": [{"path": "/project/web.env", "required": true}],
                "environment": {"PORT": "8080", "FROM_ENV": "env-value", "FROM_FILE": "1"},
                "ports": [{"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"},
                          {"mode": "ingress", "target": 9000, "published": "9000", "protocol": "udp"},
                          {"mode": "ingress", "target": 9001, "published": "9001", "protocol": "udp"}],
                "volumes": [{"type": "bind", "source": "/project/html", "target": "/usr/share/html", "read_only": true,
                             "bind": {"create_host_path": true}},
                            {"type": "volume", "source": "data", "target": "/data"}],
                "depends_on": {"db": {"condition": "service_started", "required": true}},
                "healthcheck": {"test": ["CMD-SHELL", "true"], "interval": "30s"},
                "labels": {"tier": "front"},
                "deploy": {"resources": {"limits": {"memory": "268435456"}}},
                "scale": 2,
                "extra_hosts": ["gw=10.0.0.1"],
                "secrets": [{"source": "token"}],
                "tmpfs": ["/run"],
                "ulimits": {"nofile": {"soft": 4096, "hard": 4096}},
                "dns": ["1.1.1.1"],
                "networks": {"default": null}
            },
            "db": {"image": "postgres", "volumes_from": ["web:ro"], "networks": {"back": null},
                   "stop_grace_period": "1m0s",
                   "depends_on": {"web": {"condition": "service_started", "required": true}}}
        },
        "networks": {"back": {"name": "demo_back"}, "default": {"name": "demo_default"}},
        "volumes": {"data": {"name": "demo_data"}},
        "secrets": {"token": {"file": "/project/token.txt", "name": "demo_token"}},
        "x-custom": {"kept": true}
    })");
}

// `config` prints the canonical tree and loading the printout validates it again, so the
// canonical form must itself satisfy the schema.
TEST(NormalizeProject, CanonicalFormIsSchemaValid) {
    const NormalizeContext ctx = TestContext({{"/project/web.env", "A=1\n"}});
    const model::Value project = NormalizeTwice(Json(R"({"services": {"web": {
        "build": {"context": ".", "args": ["X"]}, "command": "a b", "entrypoint": "c", "env_file": "web.env",
        "environment": ["UNSET"], "ports": ["8080:80", "9000-9001:9000-9001", 22],
        "volumes": ["./a:/a:ro,z", "v:/v:nocopy", {"type": "tmpfs", "target": "/t", "tmpfs": {"size": "1m"}}],
        "depends_on": ["db"], "healthcheck": {"test": "true", "interval": "90s", "retries": 3},
        "mem_limit": "1g", "cpus": 1.5, "pids_limit": 10, "mem_reservation": "512m", "memswap_limit": "2g",
        "shm_size": "64m", "scale": 2, "ulimits": {"nofile": 10}, "extra_hosts": {"h": "1.2.3.4"},
        "labels": ["a=b"], "sysctls": ["k=1"], "secrets": ["s"], "configs": ["c"], "tmpfs": "/run",
        "dns": "1.1.1.1", "dns_search": "example.com", "expose": [80], "stop_grace_period": "1m"},
        "db": {"image": "postgres", "network_mode": "service:web", "deploy": {"replicas": 1,
               "resources": {"limits": {"memory": "1g"}, "reservations": {"cpus": "0.5"}}}}},
        "volumes": {"v": null}, "secrets": {"s": {"file": "s.txt"}}, "configs": {"c": {"file": "c.txt"}},
        "networks": {"ext": {"external": {"name": "x"}}}})"),
                                                ctx);
    std::string violations;
    for (const SchemaViolation& violation : ComposeSpecJsonSchema().Validate(project)) {
        violations += violation.message + "\n";
    }
    EXPECT_EQ(violations, "");
}

}  // namespace
}  // namespace compose::loader::testing
