#include <gtest/gtest.h>

#include "compose/reconcile/planner.hpp"
#include "tests/unit/compose/reconcile/planner_test_support.hpp"

namespace compose::reconcile {
namespace {

using testing::AllUp;
using testing::ContainerOf;
using testing::Desired;
using testing::ExpectTopological;
using testing::Foreign;
using testing::Owned;
using testing::PlanErrorOf;

// web -> api -> db (healthy), all on the default network.
constexpr const char* kStack = R"(
services:
  db:
    image: busybox
    healthcheck:
      test: ["CMD", "true"]
  api:
    image: busybox
    depends_on:
      db:
        condition: service_healthy
  web:
    image: busybox
    depends_on: [api]
)";

Plan Up(const DesiredState& desired, const ObservedState& observed, const UpOptions& options = {}) {
    Plan plan = PlanUp(desired, observed, options);
    ExpectTopological(plan);
    return plan;
}

TEST(PlanUp, FirstUpCreatesNetworkThenServicesInDependencyOrder) {
    const DesiredState desired = Desired(kStack);
    const Plan plan = Up(desired, {});
    EXPECT_EQ(plan.ToString(),
              "#1 CreateNetwork network:default name=demo_default\n"
              "#2 CreateContainer service:db:1 name=demo-db-1 after #1\n"
              "#3 StartContainer service:db:1 name=demo-db-1 after #2\n"
              "#4 CreateContainer service:api:1 name=demo-api-1 after #1\n"
              "#5 StartContainer service:api:1 name=demo-api-1 wait=db:service_healthy after #3,#4\n"
              "#6 CreateContainer service:web:1 name=demo-web-1 after #1\n"
              "#7 StartContainer service:web:1 name=demo-web-1 wait=api:service_started after #5,#6\n");
    EXPECT_TRUE(plan.warnings.empty());
}

TEST(PlanUp, EverythingUpToDateIsAnEmptyPlan) {
    const DesiredState desired = Desired(kStack);
    const Plan plan = Up(desired, AllUp(desired));
    EXPECT_EQ(plan.ToString(), "");
    EXPECT_TRUE(plan.warnings.empty());
}

TEST(PlanUp, ChangedEnvironmentRecreatesOnlyThatServiceAndRestartsRestartDependents) {
    const std::string yaml = R"(
services:
  db:
    image: busybox
    environment: {VERSION: "1"}
  api:
    image: busybox
    depends_on:
      db: {condition: service_started, restart: true}
  web:
    image: busybox
    depends_on: [api]
)";
    ObservedState observed = AllUp(Desired(yaml));
    const DesiredState desired = Desired(std::string(yaml).replace(yaml.find("\"1\""), 3, "\"2\""));
    const Plan plan = Up(desired, observed);
    EXPECT_EQ(plan.ToString(),
              "#1 CreateContainer service:db:1 name=db1000000000_demo-db-1 replaces=db1000000000 "
              "(config changed)\n"
              "#2 StopContainer service:api:1 name=demo-api-1 id=api100000000 (dependency db recreated) after #1\n"
              "#3 StopContainer service:db:1 name=demo-db-1 id=db1000000000 (config changed) after #1,#2\n"
              "#4 RemoveContainer service:db:1 name=demo-db-1 id=db1000000000 (config changed) after #3\n"
              "#5 RenameContainer service:db:1 name=db1000000000_demo-db-1 target=demo-db-1 after #4\n"
              "#6 StartContainer service:db:1 name=demo-db-1 after #5\n"
              "#7 StartContainer service:api:1 name=demo-api-1 id=api100000000 wait=db:service_started "
              "after #2,#6\n");
}

TEST(PlanUp, ScaleUpNumbersFromTheHighestExistingContainer) {
    const DesiredState desired = Desired("services:\n  web:\n    image: busybox\n");
    ObservedState observed = AllUp(desired);
    observed.containers.push_back(testing::UpToDate(desired, "web", 3));  // 2 is gone
    UpOptions options;
    options.scale = {{"web", 4}};
    EXPECT_EQ(Up(desired, observed, options).ToString(),
              "#1 CreateContainer service:web:4 name=demo-web-4\n"
              "#2 StartContainer service:web:4 name=demo-web-4 after #1\n"
              "#3 CreateContainer service:web:5 name=demo-web-5\n"
              "#4 StartContainer service:web:5 name=demo-web-5 after #3\n");
}

TEST(PlanUp, ScaleDownRemovesHighestNumbersFirst) {
    const DesiredState desired = Desired("services:\n  web:\n    image: busybox\n    scale: 3\n");
    ObservedState observed = AllUp(desired);
    ContainerOf(observed, "web", 2).state = "exited";
    UpOptions options;
    options.scale = {{"web", 1}};
    options.timeout = 5;
    EXPECT_EQ(Up(desired, observed, options).ToString(),
              "#1 StopContainer service:web:3 name=demo-web-3 id=web300000000 timeout=5 (scale down)\n"
              "#2 RemoveContainer service:web:3 name=demo-web-3 id=web300000000 (scale down) after #1\n"
              "#3 RemoveContainer service:web:2 name=demo-web-2 id=web200000000 (scale down)\n");
}

TEST(PlanUp, OrphansOnlyWarnWithoutRemoveOrphans) {
    const DesiredState desired = Desired("services:\n  web:\n    image: busybox\n");
    ObservedState observed = AllUp(desired);
    observed.containers.push_back(Foreign("old", 1));
    observed.containers.push_back(Foreign("worker", 2, "exited"));
    ObservedContainer running_oneoff = Foreign("gone", 0);
    running_oneoff.oneoff = true;
    observed.containers.push_back(running_oneoff);  // a running one-off is never an orphan
    const Plan plan = Up(desired, observed);
    EXPECT_EQ(plan.ToString(), "");
    EXPECT_EQ(plan.warnings,
              std::vector<std::string>{
                  "Found orphan containers ([demo-old-1 demo-worker-2]) for this project. If you removed or renamed "
                  "this service in your compose file, you can run this command with the --remove-orphans flag to "
                  "clean it up."});
}

TEST(PlanUp, RemoveOrphansStopsAndRemovesThemBeforeNetworksChange) {
    const DesiredState desired = Desired("services:\n  web:\n    image: busybox\n");
    ObservedState observed;
    observed.containers.push_back(Foreign("old", 1));
    observed.containers.push_back(Foreign("worker", 2, "exited"));
    UpOptions options;
    options.remove_orphans = true;
    const Plan plan = Up(desired, observed, options);
    EXPECT_EQ(plan.ToString(),
              "#1 StopContainer service:old:1 name=demo-old-1 id=old100000000 (orphan)\n"
              "#2 RemoveContainer service:old:1 name=demo-old-1 id=old100000000 (orphan) after #1\n"
              "#3 RemoveContainer service:worker:2 name=demo-worker-2 id=worker200000 (orphan)\n"
              "#4 CreateNetwork network:default name=demo_default after #2,#3\n"
              "#5 CreateContainer service:web:1 name=demo-web-1 after #4\n"
              "#6 StartContainer service:web:1 name=demo-web-1 after #5\n");
    EXPECT_TRUE(plan.warnings.empty());
}

TEST(PlanUp, ServiceMovedToAnotherNetworkIsRecreatedAndTheOldNetworkOnlyWarns) {
    const std::string before = "services:\n  web:\n    image: busybox\n    networks: [back]\nnetworks:\n  back: {}\n";
    const std::string after = "services:\n  web:\n    image: busybox\n    networks: [front]\nnetworks:\n  front: {}\n";
    const ObservedState observed = AllUp(Desired(before));
    const DesiredState desired = Desired(after);
    UpOptions options;
    options.recreate = RecreatePolicy::kDiverged;
    const Plan plan = Up(desired, observed, options);
    // The changed `networks` key changes the hash too; the network check alone is below.
    EXPECT_EQ(plan.ToString(),
              "#1 CreateNetwork network:front name=demo_front\n"
              "#2 CreateContainer service:web:1 name=web100000000_demo-web-1 replaces=web100000000 "
              "(config changed) after #1\n"
              "#3 StopContainer service:web:1 name=demo-web-1 id=web100000000 (config changed) after #2\n"
              "#4 RemoveContainer service:web:1 name=demo-web-1 id=web100000000 (config changed) after #3\n"
              "#5 RenameContainer service:web:1 name=web100000000_demo-web-1 target=demo-web-1 after #4\n"
              "#6 StartContainer service:web:1 name=demo-web-1 after #5\n");
    EXPECT_EQ(plan.warnings,
              std::vector<std::string>{
                  "network demo_back is no longer in the compose file; \"berth compose down\" removes it"});
}

TEST(PlanUp, RunningContainerMissingANetworkIsRecreatedAndConnectedToTheRest) {
    const DesiredState desired = Desired(R"(
services:
  web:
    image: busybox
    networks:
      back: {}
      front: {priority: 10}
networks:
  back: {}
  front: {}
)");
    ObservedState observed = AllUp(desired);
    observed.networks.erase("demo_back");
    ContainerOf(observed, "web", 1).networks.erase("demo_back");
    EXPECT_EQ(Up(desired, observed).ToString(),
              "#1 CreateNetwork network:back name=demo_back\n"
              "#2 CreateContainer service:web:1 name=web100000000_demo-web-1 replaces=web100000000 "
              "(network demo_back missing) after #1\n"
              "#3 StopContainer service:web:1 name=demo-web-1 id=web100000000 (network demo_back missing) "
              "after #2\n"
              "#4 RemoveContainer service:web:1 name=demo-web-1 id=web100000000 (network demo_back missing) "
              "after #3\n"
              "#5 RenameContainer service:web:1 name=web100000000_demo-web-1 target=demo-web-1 after #4\n"
              "#6 ConnectNetwork service:web:1 name=demo-web-1 target=demo_back after #5\n"
              "#7 StartContainer service:web:1 name=demo-web-1 after #6\n");
}

TEST(PlanUp, NewImageIdRecreatesAndMissingVolumeToo) {
    const DesiredState desired = Desired(R"(
services:
  db:
    image: busybox
    volumes: ["data:/data"]
  web:
    image: busybox
volumes:
  data: {}
)");
    ObservedState observed = AllUp(desired);
    observed.volumes.clear();
    DesiredState newer = desired;
    newer.image_ids["web"] = "sha256:newer";
    EXPECT_EQ(Up(newer, observed).ToString(),
              "#1 CreateVolume volume:data name=demo_data\n"
              "#2 CreateContainer service:db:1 name=db1000000000_demo-db-1 replaces=db1000000000 "
              "(volume demo_data missing) after #1\n"
              "#3 StopContainer service:db:1 name=demo-db-1 id=db1000000000 (volume demo_data missing) after #2\n"
              "#4 RemoveContainer service:db:1 name=demo-db-1 id=db1000000000 (volume demo_data missing) "
              "after #3\n"
              "#5 RenameContainer service:db:1 name=db1000000000_demo-db-1 target=demo-db-1 after #4\n"
              "#6 StartContainer service:db:1 name=demo-db-1 after #5\n"
              "#7 CreateContainer service:web:1 name=web100000000_demo-web-1 replaces=web100000000 "
              "(image changed)\n"
              "#8 StopContainer service:web:1 name=demo-web-1 id=web100000000 (image changed) after #7\n"
              "#9 RemoveContainer service:web:1 name=demo-web-1 id=web100000000 (image changed) after #8\n"
              "#10 RenameContainer service:web:1 name=web100000000_demo-web-1 target=demo-web-1 after #9\n"
              "#11 StartContainer service:web:1 name=demo-web-1 after #10\n");
}

TEST(PlanUp, ForceRecreatesTargetsAndNeverKeepsChangedOnes) {
    const DesiredState desired = Desired(
        "services:\n  db:\n    image: busybox\n  web:\n    image: busybox\n"
        "    depends_on: [db]\n");
    ObservedState observed = AllUp(desired);
    ContainerOf(observed, "db", 1).config_hash = "stale";
    ContainerOf(observed, "web", 1).state = "exited";

    UpOptions never;
    never.recreate = RecreatePolicy::kNever;
    never.recreate_dependencies = RecreatePolicy::kNever;
    EXPECT_EQ(Up(desired, observed, never).ToString(),
              "#1 StartContainer service:web:1 name=demo-web-1 id=web100000000 wait=db:service_started\n");

    UpOptions force;
    force.services = {"web"};
    force.recreate = RecreatePolicy::kForce;
    force.recreate_dependencies = RecreatePolicy::kNever;  // db is only pulled in
    force.no_start = true;
    EXPECT_EQ(Up(desired, observed, force).ToString(),
              "#1 CreateContainer service:web:1 name=web100000000_demo-web-1 replaces=web100000000 "
              "(forced)\n"
              "#2 RemoveContainer service:web:1 name=demo-web-1 id=web100000000 (forced) after #1\n"
              "#3 RenameContainer service:web:1 name=web100000000_demo-web-1 target=demo-web-1 after #2\n");
}

TEST(PlanUp, RenewAnonymousVolumesRecreatesTheTargetsWithFreshVolumes) {
    const DesiredState desired = Desired("services:\n  db:\n    image: busybox\n    volumes: [/var/lib/db]\n");
    UpOptions renew;
    renew.renew_anon_volumes = true;
    EXPECT_EQ(Up(desired, AllUp(desired), renew).ToString(),
              "#1 CreateContainer service:db:1 name=db1000000000_demo-db-1 replaces=db1000000000 renew-volumes "
              "(forced)\n"
              "#2 StopContainer service:db:1 name=demo-db-1 id=db1000000000 (forced) after #1\n"
              "#3 RemoveContainer service:db:1 name=demo-db-1 id=db1000000000 (forced) after #2\n"
              "#4 RenameContainer service:db:1 name=db1000000000_demo-db-1 target=demo-db-1 after #3\n"
              "#5 StartContainer service:db:1 name=demo-db-1 after #4\n");
}

TEST(PlanUp, NoDepsTouchesOnlyTheNamedServiceAndWaitsForNothingElse) {
    const DesiredState desired = Desired(kStack);
    UpOptions options;
    options.services = {"api"};
    options.no_deps = true;
    EXPECT_EQ(Up(desired, {}, options).ToString(),
              "#1 CreateNetwork network:default name=demo_default\n"
              "#2 CreateContainer service:api:1 name=demo-api-1 after #1\n"
              "#3 StartContainer service:api:1 name=demo-api-1 after #2\n");
}

TEST(PlanUp, TargetedServiceBringsItsDependenciesButNotItsDependents) {
    const DesiredState desired = Desired(kStack);
    ObservedState observed = AllUp(desired);
    ContainerOf(observed, "db", 1).state = "exited";
    ContainerOf(observed, "db", 1).exit_code = 137;
    ContainerOf(observed, "web", 1).state = "exited";
    UpOptions options;
    options.services = {"api"};
    EXPECT_EQ(Up(desired, observed, options).ToString(),
              "#1 StartContainer service:db:1 name=demo-db-1 id=db1000000000\n");
}

TEST(PlanUp, UnknownServiceMissingImageAndMissingExternalNetworkAreErrors) {
    const DesiredState desired = Desired(R"(
services:
  web:
    image: busybox
    networks: [shared]
  builder:
    build: .
networks:
  shared:
    external: true
)");
    UpOptions options;
    options.services = {"nope"};
    EXPECT_EQ(PlanErrorOf([&] { PlanUp(desired, {}, options); }), "no such service: nope");

    options.services = {"builder"};
    DesiredState no_image = desired;
    no_image.image_ids.erase("builder");
    EXPECT_EQ(PlanErrorOf([&] { PlanUp(no_image, {}, options); }),
              "service builder: image demo-builder not found; build or load it first");

    options.services = {"web"};
    EXPECT_EQ(PlanErrorOf([&] { PlanUp(desired, {}, options); }),
              "network \"shared\" declared as external, but could not be found");
    ObservedState observed;
    observed.networks["shared"] = ObservedResource{"net-shared", "shared", "", "", {}};
    EXPECT_EQ(Up(desired, observed, options).ToString(),
              "#1 CreateContainer service:web:1 name=demo-web-1\n"
              "#2 StartContainer service:web:1 name=demo-web-1 after #1\n");
}

TEST(PlanUp, RecreatedNamespaceParentRecreatesItsChildAfterIt) {
    const std::string yaml = R"(
services:
  vpn:
    image: busybox
    environment: {REGION: eu}
  app:
    image: busybox
    network_mode: "service:vpn"
)";
    const ObservedState observed = AllUp(Desired(yaml));
    const DesiredState desired = Desired(std::string(yaml).replace(yaml.find("eu"), 2, "us"));
    EXPECT_EQ(Up(desired, observed).ToString(),
              "#1 CreateContainer service:vpn:1 name=vpn100000000_demo-vpn-1 replaces=vpn100000000 "
              "(config changed)\n"
              "#2 StopContainer service:vpn:1 name=demo-vpn-1 id=vpn100000000 (config changed) after #1\n"
              "#3 RemoveContainer service:vpn:1 name=demo-vpn-1 id=vpn100000000 (config changed) after #2\n"
              "#4 RenameContainer service:vpn:1 name=vpn100000000_demo-vpn-1 target=demo-vpn-1 after #3\n"
              "#5 StartContainer service:vpn:1 name=demo-vpn-1 after #4\n"
              "#6 CreateContainer service:app:1 name=app100000000_demo-app-1 replaces=app100000000 "
              "(namespace parent vpn recreated) after #5\n"
              "#7 StopContainer service:app:1 name=demo-app-1 id=app100000000 (namespace parent vpn recreated) "
              "after #6\n"
              "#8 RemoveContainer service:app:1 name=demo-app-1 id=app100000000 (namespace parent vpn "
              "recreated) after #7\n"
              "#9 RenameContainer service:app:1 name=app100000000_demo-app-1 target=demo-app-1 after #8\n"
              "#10 StartContainer service:app:1 name=demo-app-1 wait=vpn:service_started after #5,#9\n");
}

TEST(PlanUp, CompletedInitIsNotRunAgainButAFailedOneIs) {
    const DesiredState desired = Desired(R"(
services:
  migrate:
    image: busybox
  app:
    image: busybox
    depends_on:
      migrate: {condition: service_completed_successfully}
)");
    ObservedState observed = AllUp(desired);
    ContainerOf(observed, "migrate", 1).state = "exited";
    EXPECT_EQ(Up(desired, observed).ToString(), "");
    ContainerOf(observed, "migrate", 1).exit_code = 1;
    EXPECT_EQ(Up(desired, observed).ToString(),
              "#1 StartContainer service:migrate:1 name=demo-migrate-1 id=migrate10000\n");
}

TEST(PlanUp, ChangedOrForeignNetworkIsReusedWithAWarning) {
    const DesiredState desired = Desired(
        "services:\n  web:\n    image: busybox\n    volumes: [\"data:/d\"]\n"
        "volumes:\n  data: {}\n");
    ObservedState observed = AllUp(desired);
    observed.networks["demo_default"].config_hash = "other";
    observed.volumes["demo_data"].labels.clear();
    const Plan plan = Up(desired, observed);
    EXPECT_EQ(plan.ToString(), "");
    EXPECT_EQ(plan.warnings,
              (std::vector<std::string>{
                  "network demo_default exists but its configuration changed; run \"berth compose down\" then "
                  "\"berth compose up\" to recreate it",
                  "volume demo_data exists but was not created by Compose for this project; it is used as is "
                  "(declare it \"external: true\" if that is intended)"}));
}

TEST(PlanUp, OneOffContainersOfProjectServicesAreNeverTouched) {
    const DesiredState desired = Desired("services:\n  web:\n    image: busybox\n");
    ObservedState observed = AllUp(desired);
    ObservedContainer run = testing::UpToDate(desired, "web", 0);
    run.oneoff = true;
    run.state = "exited";
    run.config_hash = "stale";
    observed.containers.push_back(run);
    EXPECT_EQ(Up(desired, observed).ToString(), "");
}

TEST(PlanUp, EveryOperationWaitsOnlyForEarlierOnesInAMixedPlan) {
    const std::string yaml = R"(
services:
  db:
    image: busybox
    environment: {V: "1"}
    volumes: ["data:/data"]
  api:
    image: busybox
    scale: 2
    networks: [default, back]
    depends_on:
      db: {condition: service_healthy, restart: true}
  sidecar:
    image: busybox
    network_mode: "service:api"
  web:
    image: busybox
    depends_on: [api]
networks:
  back: {}
volumes:
  data: {}
)";
    ObservedState observed = AllUp(Desired(yaml));
    observed.containers.push_back(Foreign("old", 1));
    observed.networks.erase("demo_back");
    ContainerOf(observed, "api", 1).networks.erase("demo_back");
    const DesiredState desired = Desired(std::string(yaml).replace(yaml.find("\"1\""), 3, "\"2\""));
    UpOptions options;
    options.remove_orphans = true;
    options.scale = {{"api", 3}, {"web", 0}};
    const Plan plan = Up(desired, observed, options);
    ASSERT_FALSE(plan.Empty());
    // api-1 misses the network "back", so it is recreated (and with it sidecar, which shares
    // api's network namespace); api-2 stays and is only restarted around db's recreate.
    const std::string text = plan.ToString();
    EXPECT_EQ(text.find("StopContainer service:api:1 name=demo-api-1 id=api100000000 (dependency"), std::string::npos)
        << text;
    EXPECT_NE(text.find("StopContainer service:api:2 name=demo-api-2 id=api200000000 (dependency db recreated)"),
              std::string::npos)
        << text;
    EXPECT_NE(plan.ToString().find("(namespace parent api recreated)"), std::string::npos) << plan.ToString();
    EXPECT_NE(plan.ToString().find("RemoveContainer service:web:1 name=demo-web-1 id=web100000000 (scale down)"),
              std::string::npos)
        << plan.ToString();
}

}  // namespace
}  // namespace compose::reconcile
