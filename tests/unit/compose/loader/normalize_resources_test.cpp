#include <gtest/gtest.h>

#include "tests/unit/compose/loader/normalize_test_support.hpp"

namespace compose::loader::testing {
namespace {

TEST(NormalizeResources, PlainKeysMoveToDeployResources) {
    model::Value web = NormalizeWeb(
        R"({"image": "x", "mem_limit": "512m", "cpus": "0.5", "pids_limit": 100, "mem_reservation": "1.5G",
            "memswap_limit": "1g", "shm_size": "64mb"})");
    EXPECT_TREE(web, R"({"image": "x", "networks": {"default": null},
                         "memswap_limit": 1073741824, "shm_size": 67108864,
                         "deploy": {"resources": {
                             "limits": {"memory": "536870912", "cpus": 0.5, "pids": 100},
                             "reservations": {"memory": "1610612736"}}}})");
}

TEST(NormalizeResources, DeployResourcesAreConverted) {
    model::Value web = NormalizeWeb(R"({"image": "x", "deploy": {"resources": {
        "limits": {"memory": "1g", "cpus": 2, "pids": "50"}, "reservations": {"memory": 1024, "cpus": "0.25"}}}})");
    EXPECT_TREE(web["deploy"], R"({"resources": {
        "limits": {"memory": "1073741824", "cpus": 2.0, "pids": 50},
        "reservations": {"memory": "1024", "cpus": 0.25}}})");
}

TEST(NormalizeResources, EqualSpellingsAgree) {
    model::Value web =
        NormalizeWeb(R"({"image": "x", "mem_limit": "1g", "deploy": {"resources": {"limits": {"memory": "1024m"}}}})");
    EXPECT_TREE(web["deploy"], R"({"resources": {"limits": {"memory": "1073741824"}}})");
    EXPECT_EQ(web.Find("mem_limit"), nullptr);
}

TEST(NormalizeResources, DifferentSpellingsAreAnError) {
    EXPECT_EQ(NormalizeWebError(
                  R"({"image": "x", "mem_limit": "512m", "deploy": {"resources": {"limits": {"memory": "1g"}}}})"),
              "services.web: mem_limit (512m) and deploy.resources.limits.memory (1g) disagree; set only one of them");
    EXPECT_EQ(NormalizeWebError(R"({"image": "x", "cpus": 1, "deploy": {"resources": {"limits": {"cpus": "0.5"}}}})"),
              "services.web: cpus (1) and deploy.resources.limits.cpus (0.5) disagree; set only one of them");
}

TEST(NormalizeResources, BadSizeIsAnError) {
    EXPECT_EQ(NormalizeWebError(R"({"image": "x", "mem_limit": "lots"})"),
              "services.web.mem_limit: invalid size \"lots\"; use bytes or a number with a unit, like 512m or 1.5g");
    EXPECT_EQ(NormalizeWebError(R"({"image": "x", "cpus": "half"})"),
              "services.web.cpus: invalid number of CPUs \"half\"; use a number like 0.5");
}

TEST(NormalizeScale, ReplicasMoveToScale) {
    model::Value web = NormalizeWeb(R"({"image": "x", "deploy": {"replicas": 3}})");
    EXPECT_EQ(web["scale"], model::Value(3));
    EXPECT_EQ(web.Find("deploy"), nullptr);
    model::Value kept = NormalizeWeb(R"({"image": "x", "scale": "2", "deploy": {"replicas": 2, "mode": "global"}})");
    EXPECT_EQ(kept["scale"], model::Value(2));
    EXPECT_TREE(kept["deploy"], R"({"mode": "global"})");
}

TEST(NormalizeScale, DifferentCountsAreAnError) {
    EXPECT_EQ(NormalizeWebError(R"({"image": "x", "scale": 2, "deploy": {"replicas": 3}})"),
              "services.web: scale (2) and deploy.replicas (3) disagree; set only one of them");
}

}  // namespace
}  // namespace compose::loader::testing
