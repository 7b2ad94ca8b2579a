// The validator against the real, pinned Compose schema: the messages users will see.

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "compose/loader/compose_spec_schema.hpp"
#include "compose/loader/json_schema.hpp"
#include "compose/loader/json_value.hpp"

namespace compose::loader {
namespace {

using model::Value;
using Strings = std::vector<std::string>;

Value Json(std::string_view text) {
    return ValueFromJson(nlohmann::json::parse(text));
}

Strings Messages(const Value& project) {
    Strings out;
    for (const SchemaViolation& violation : ComposeSpecJsonSchema().Validate(project)) {
        out.push_back(violation.message);
    }
    return out;
}

Value WithService(std::string_view service_json) {
    return Json(R"({"services": {"web": )" + std::string(service_json) + "}}");
}

TEST(ComposeSchema, AcceptsTypicalProjectWithExtensionsEverywhere) {
    const Value project = Json(R"({
        "name": "demo",
        "x-common": {"anything": [1, 2]},
        "services": {
            "web": {
                "image": "nginx",
                "x-owner": "me",
                "ports": [80, "8080:80", {"target": 443, "published": "8443", "x-note": "tls"}],
                "environment": {"A": "1", "B": 2, "C": null},
                "depends_on": {"db": {"condition": "service_healthy", "x-why": "data"}},
                "healthcheck": {"test": ["CMD", "true"], "interval": "5s", "x-h": 1},
                "deploy": {"replicas": 2, "restart_policy": {"condition": "on-failure", "x-r": 1}},
                "restart": "always"
            },
            "db": {"image": "postgres", "depends_on": ["cache"]},
            "cache": {"image": "redis", "pull_policy": "missing"}
        },
        "networks": {"front": {"x-n": 1}},
        "volumes": {"data": null}
    })");
    EXPECT_EQ(Messages(project), Strings{});
}

TEST(ComposeSchema, UnknownServiceKeySuggestsTheRealOne) {
    Value project = WithService(R"({"imgae": "nginx"})");
    Value& key = project["services"]["web"].AsMap().at("imgae");
    key.key_mark = model::Mark{nullptr, 3, 5};
    key.mark = model::Mark{nullptr, 3, 12};
    const auto violations = ComposeSpecJsonSchema().Validate(project);
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].message,
              "services.web: additional property \"imgae\" is not allowed (did you mean \"image\"?)");
    EXPECT_EQ(violations[0].path, "services.web");
    EXPECT_EQ(violations[0].mark.column, 5);
}

TEST(ComposeSchema, TopLevelTypoSuggestsServices) {
    EXPECT_EQ(Messages(Json(R"({"servces": {}})")),
              Strings{"additional property \"servces\" is not allowed (did you mean \"services\"?)"});
}

TEST(ComposeSchema, ServiceNameMustMatchThePattern) {
    EXPECT_EQ(Messages(Json(R"({"services": {"my web": {"image": "x"}}})")),
              Strings{"services: additional property \"my web\" is not allowed (names must match ^[a-zA-Z0-9._-]+$)"});
}

TEST(ComposeSchema, PortsEntryOfWrongType) {
    EXPECT_EQ(Messages(WithService(R"({"image": "x", "ports": [true]})")),
              Strings{"services.web.ports[0]: must be a number or string or object, not a boolean"});
}

TEST(ComposeSchema, PortsObjectWithMisspelledField) {
    EXPECT_EQ(
        Messages(WithService(R"({"image": "x", "ports": [{"targt": 80}]})")),
        Strings{"services.web.ports[0]: additional property \"targt\" is not allowed (did you mean \"target\"?)"});
    EXPECT_EQ(Messages(WithService(R"({"image": "x", "ports": [{"target": true}]})")),
              Strings{"services.web.ports[0].target: must be an integer or string, not a boolean"});
}

TEST(ComposeSchema, DuplicatePortsAreRejected) {
    EXPECT_EQ(Messages(WithService(R"({"image": "x", "ports": ["80:80", "81:81", "80:80"]})")),
              Strings{"services.web.ports[2]: duplicate of [0]; items must be unique"});
}

TEST(ComposeSchema, DependsOnConditionMustBeKnown) {
    EXPECT_EQ(Messages(WithService(R"({"image": "x", "depends_on": {"db": {"condition": "service_ready"}}})")),
              Strings{"services.web.depends_on.db.condition: must be one of \"service_started\", \"service_healthy\", "
                      "\"service_completed_successfully\", not \"service_ready\""});
}

TEST(ComposeSchema, DependsOnLongFormNeedsCondition) {
    EXPECT_EQ(Messages(WithService(R"({"image": "x", "depends_on": {"db": {"restart": true}}})")),
              Strings{"services.web.depends_on.db: missing required property \"condition\""});
    EXPECT_EQ(Messages(WithService(R"({"image": "x", "depends_on": "db"})")),
              Strings{"services.web.depends_on: must be an array or object, not a string"});
}

TEST(ComposeSchema, RestartPolicyTypo) {
    EXPECT_EQ(Messages(WithService(R"({"image": "x", "deploy": {"restart_policy": {"max_attemps": 3}}})")),
              Strings{"services.web.deploy.restart_policy: additional property \"max_attemps\" is not allowed "
                      "(did you mean \"max_attempts\"?)"});
}

TEST(ComposeSchema, HealthcheckTestMustBeStringOrList) {
    EXPECT_EQ(Messages(WithService(R"({"image": "x", "healthcheck": {"test": 5}})")),
              Strings{"services.web.healthcheck.test: must be a string or array, not an integer"});
    EXPECT_EQ(Messages(WithService(R"({"image": "x", "healthcheck": {"test": ["CMD", 1]}})")),
              Strings{"services.web.healthcheck.test[1]: must be a string, not an integer"});
}

TEST(ComposeSchema, PullPolicyPattern) {
    EXPECT_EQ(Messages(WithService(R"({"image": "x", "pull_policy": "sometimes"})")),
              Strings{"services.web.pull_policy: \"sometimes\" does not match pattern "
                      "always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+"});
}

TEST(ComposeSchema, ReportsEveryViolationNotOnlyTheFirst) {
    EXPECT_EQ(Messages(Json(R"({"services": {"a": {"imagе": "x"}, "b": {"ports": [null]}}, "volumes": []})")),
              (Strings{"services.a: additional property \"imagе\" is not allowed (did you mean \"image\"?)",
                       "services.b.ports[0]: must be a number or string or object, not null",
                       "volumes: must be an object, not an array"}));
}

TEST(ComposeSchema, ThousandServicesValidateQuickly) {
    nlohmann::json services = nlohmann::json::object();
    for (int i = 0; i < 1000; ++i) {
        const std::string name = "svc" + std::to_string(i);
        services[name] = {
            {"image", "busybox:local"},
            {"command", {"sh", "-c", "sleep 1000"}},
            {"ports", {std::to_string(8000 + i) + ":80", {{"target", 443}, {"published", 9000 + i}}}},
            {"environment", {{"A", "1"}, {"B", 2}}},
            {"depends_on", {{"db", {{"condition", "service_healthy"}}}}},
            {"healthcheck", {{"test", {"CMD", "true"}}, {"interval", "5s"}}},
            {"deploy", {{"resources", {{"limits", {{"memory", "64m"}}}}}}},
            {"labels", {"a=b"}},
        };
    }
    const Value project = ValueFromJson(nlohmann::json{{"services", services}});
    const JsonSchema& schema = ComposeSpecJsonSchema();
    const auto start = std::chrono::steady_clock::now();
    const auto violations = schema.Validate(project);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(violations.empty()) << violations.front().message;
    // Release builds take a few milliseconds; this bound only catches accidental blowups
    // (regex compilation or subtree copies per node) in Debug and sanitizer builds.
    EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 2000);
    RecordProperty("validate_ms", std::to_string(std::chrono::duration<double, std::milli>(elapsed).count()));
}

}  // namespace
}  // namespace compose::loader
