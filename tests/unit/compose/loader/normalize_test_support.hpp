#pragma once

// Helpers shared by the normalize_*_test.cpp files: trees from JSON text, a fake file system
// for env_file, and a normalizer that checks idempotence on every tree it normalizes.

#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "compose/loader/json_value.hpp"
#include "compose/loader/load_error.hpp"
#include "compose/loader/normalize.hpp"
#include "compose/loader/yaml_writer.hpp"
#include "tests/support/load_error_text.hpp"

namespace compose::loader::testing {

inline model::Value Json(std::string_view text) {
    return ValueFromJson(nlohmann::json::parse(text));
}

/// Project "demo" in /project, HOME=/home/me, and `files` as the only readable files.
inline NormalizeContext TestContext(std::map<std::string, std::string> files = {}) {
    NormalizeContext ctx;
    ctx.project_name = "demo";
    ctx.working_dir = "/project";
    ctx.environment = {{"HOME", "/home/me"}, {"FROM_ENV", "env-value"}, {"EMPTY", ""}};
    ctx.read_file = [files = std::move(files)](const std::string& path) {
        auto it = files.find(path);
        if (it == files.end()) {
            throw LoadError("env file " + path + " not found");
        }
        return it->second;
    };
    return ctx;
}

/// Normalizes `project`, checks that normalizing the result again changes nothing, and
/// returns the result.
inline model::Value NormalizeTwice(model::Value project, const NormalizeContext& ctx, Warnings& warnings) {
    NormalizeProject(project, ctx, warnings);
    model::Value again = project;
    NormalizeProject(again, ctx, warnings);
    EXPECT_TRUE(again == project) << "not idempotent:\nonce:\n" << WriteYaml(project) << "twice:\n" << WriteYaml(again);
    return project;
}

inline model::Value NormalizeTwice(model::Value project, const NormalizeContext& ctx = TestContext()) {
    Warnings warnings;
    return NormalizeTwice(std::move(project), ctx, warnings);
}

/// The normalized form of one service "web" given as JSON.
inline model::Value NormalizeWeb(std::string_view service_json, const NormalizeContext& ctx = TestContext()) {
    model::Value project = model::Value::MakeMap();
    project["services"]["web"] = Json(service_json);
    return NormalizeTwice(std::move(project), ctx)["services"]["web"];
}

/// The LoadError message NormalizeProject throws for service "web" given as JSON ("" if none).
inline std::string NormalizeWebError(std::string_view service_json, const NormalizeContext& ctx = TestContext()) {
    model::Value project = model::Value::MakeMap();
    project["services"]["web"] = Json(service_json);
    Warnings warnings;
    return test_support::LoadErrorMessage([&] { NormalizeProject(project, ctx, warnings); });
}

}  // namespace compose::loader::testing

/// EXPECT that a Value equals the tree given as JSON text, showing both as YAML otherwise.
#define EXPECT_TREE(actual, expected_json)                                                                      \
    do {                                                                                                        \
        const ::compose::model::Value expected_tree = ::compose::loader::testing::Json(expected_json);          \
        const ::compose::model::Value actual_tree = (actual);                                                   \
        EXPECT_TRUE(actual_tree == expected_tree) << "actual:\n"                                                \
                                                  << ::compose::loader::WriteYaml(actual_tree) << "expected:\n" \
                                                  << ::compose::loader::WriteYaml(expected_tree);               \
    } while (false)
