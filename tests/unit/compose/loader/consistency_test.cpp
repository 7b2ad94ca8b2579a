#include "compose/loader/consistency.hpp"

#include <gtest/gtest.h>

#include "tests/support/load_error_text.hpp"
#include "tests/unit/compose/loader/normalize_test_support.hpp"

namespace compose::loader::testing {
namespace {

// CheckConsistency on the normalized form of `project_json`; the error message, or "".
std::string ConsistencyError(std::string_view project_json) {
    const model::Value project = NormalizeTwice(Json(project_json));
    return test_support::LoadErrorMessage([&] { CheckConsistency(project); });
}

TEST(Consistency, ValidProjectPasses) {
    EXPECT_EQ(ConsistencyError(R"({
        "services": {
            "web": {"build": ".", "depends_on": {"db": {"condition": "service_healthy"}, "opt": {"required": false}},
                    "volumes": ["data:/data", "./src:/src", "/anon"], "secrets": ["token"], "configs": ["app"],
                    "networks": ["back"], "tmpfs": ["/run:size=1m"], "container_name": "web", "scale": 1},
            "db": {"image": "postgres", "network_mode": "host"}
        },
        "networks": {"back": {}}, "volumes": {"data": {}},
        "secrets": {"token": {"file": "t"}}, "configs": {"app": {"file": "a"}}})"),
              "");
}

TEST(Consistency, ServiceNeedsImageOrBuild) {
    EXPECT_EQ(ConsistencyError(R"({"services": {"web": {"command": ["true"]}}})"),
              "service \"web\" has neither an image nor a build context specified: set image: or build:");
}

TEST(Consistency, UndefinedNetwork) {
    EXPECT_EQ(ConsistencyError(R"({"services": {"web": {"image": "x", "networks": ["back"]}}})"),
              "service \"web\" refers to undefined network \"back\": declare it under the top-level networks: key");
}

TEST(Consistency, UndefinedVolume) {
    EXPECT_EQ(ConsistencyError(R"({"services": {"web": {"image": "x", "volumes": ["data:/data"]}}})"),
              "service \"web\" refers to undefined volume \"data\": declare it under the top-level volumes: key");
}

TEST(Consistency, UndefinedSecretConfigAndBuildSecret) {
    EXPECT_EQ(ConsistencyError(R"({"services": {"web": {"image": "x", "secrets": ["x"]}}})"),
              "service \"web\" refers to undefined secret \"x\": declare it under the top-level secrets: key");
    EXPECT_EQ(
        ConsistencyError(R"({"services": {"web": {"image": "x", "configs": [{"source": "x", "target": "/x"}]}}})"),
        "service \"web\" refers to undefined config \"x\": declare it under the top-level configs: key");
    EXPECT_EQ(ConsistencyError(R"({"services": {"web": {"build": {"context": ".", "secrets": ["npm"]}}}})"),
              "service \"web\" refers to undefined build secret \"npm\": declare it under the top-level secrets: key");
}

TEST(Consistency, UndefinedRequiredDependency) {
    EXPECT_EQ(
        ConsistencyError(R"({"services": {"web": {"image": "x", "depends_on": ["db"]}}})"),
        "service \"web\" depends on undefined service \"db\": define it under services:, or remove the dependency");
    EXPECT_EQ(ConsistencyError(R"({"services": {"web": {"image": "x", "network_mode": "service:vpn"}}})"),
              "service \"web\" depends on undefined service \"vpn\": define it under services:, or remove the "
              "dependency");
}

TEST(Consistency, ContainerNameNeedsOneReplica) {
    EXPECT_EQ(
        ConsistencyError(R"({"services": {"web": {"image": "x", "container_name": "w", "deploy": {"replicas": 2}}}})"),
        "service \"web\": container_name \"w\" can't be used with more than one replica (scale 2): container "
        "names must be unique");
}

TEST(Consistency, NetworkModeExcludesNetworks) {
    EXPECT_EQ(ConsistencyError(R"({"services": {"web": {"image": "x", "network_mode": "host", "networks": ["back"]}},
                                   "networks": {"back": {}}})"),
              "service \"web\" declares both network_mode and networks; they are mutually exclusive");
}

TEST(Consistency, TwoMountsOnOneTarget) {
    EXPECT_EQ(ConsistencyError(R"({"services": {"web": {"image": "x", "volumes": ["./a:/data", "./b:/data/"]}}})"),
              "service \"web\" mounts two things at \"/data\" (volumes[0] and volumes[1]); each target can be mounted "
              "once");
    EXPECT_EQ(
        ConsistencyError(R"({"services": {"web": {"image": "x", "volumes": ["/tmp"], "tmpfs": "/tmp:size=1m"}}})"),
        "service \"web\" mounts two things at \"/tmp\" (volumes[0] and tmpfs[0]); each target can be mounted once");
}

TEST(Consistency, ErrorPointsAtTheNode) {
    model::Value project = NormalizeTwice(Json(R"({"services": {"web": {"image": "x", "networks": {"back": null}}}})"));
    project["services"]["web"]["networks"]["back"].key_mark =
        model::Mark{std::make_shared<const std::string>("compose.yaml"), 4, 9};
    try {
        CheckConsistency(project);
        ADD_FAILURE() << "no error";
    } catch (const LoadError& error) {
        EXPECT_EQ(error.mark().line, 4);
        EXPECT_EQ(error.mark().column, 9);
    }
}

TEST(Consistency, ErrorPointsAtTheShortSyntaxTheMountCameFrom) {
    model::Value project = Json(R"({"services": {"web": {"image": "x", "volumes": ["data:/data"]}}})");
    project["services"]["web"]["volumes"].AsSeq()[0].mark =
        model::Mark{std::make_shared<const std::string>("compose.yaml"), 6, 11};
    project = NormalizeTwice(std::move(project));
    try {
        CheckConsistency(project);
        ADD_FAILURE() << "no error";
    } catch (const LoadError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "compose.yaml:6:11: service \"web\" refers to undefined volume \"data\": declare it under the "
                  "top-level volumes: key");
    }
}

}  // namespace
}  // namespace compose::loader::testing
