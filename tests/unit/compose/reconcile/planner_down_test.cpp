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

// web -> api -> db, all on the default network.
constexpr const char* kStack = R"(
services:
  db:
    image: busybox
  api:
    image: busybox
    depends_on:
      db: {condition: service_healthy}
  web:
    image: busybox
    depends_on: [api]
)";

Plan Down(const model::Project* project, const ObservedState& observed, const DownOptions& options = {}) {
    Plan plan = PlanDown(project, observed, options);
    ExpectTopological(plan);
    return plan;
}

TEST(PlanDown, StopsDependentsFirstThenRemovesTheNetworkLeavingOrphans) {
    const DesiredState desired = Desired(kStack);
    ObservedState observed = AllUp(desired);
    ObservedContainer run = testing::UpToDate(desired, "web", 0);
    run.name = "demo-web-run-abc";
    run.oneoff = true;
    run.state = "exited";
    observed.containers.push_back(run);
    observed.containers.push_back(Foreign("old", 1));
    const Plan plan = Down(&desired.project, observed);
    EXPECT_EQ(plan.ToString(),
              "#1 RemoveContainer service:web:oneoff name=demo-web-run-abc id=web000000000\n"
              "#2 StopContainer service:web:1 name=demo-web-1 id=web100000000\n"
              "#3 RemoveContainer service:web:1 name=demo-web-1 id=web100000000 after #2\n"
              "#4 StopContainer service:api:1 name=demo-api-1 id=api100000000 after #2\n"
              "#5 RemoveContainer service:api:1 name=demo-api-1 id=api100000000 after #4\n"
              "#6 StopContainer service:db:1 name=demo-db-1 id=db1000000000 after #4\n"
              "#7 RemoveContainer service:db:1 name=demo-db-1 id=db1000000000 after #6\n"
              "#8 RemoveNetwork network:default name=demo_default id=net-default- after #1,#3,#5,#7\n");
    EXPECT_TRUE(plan.warnings.empty());
    EXPECT_FALSE(plan.operations[0].remove_volumes);
}

TEST(PlanDown, WithoutProjectUsesDependsOnLabelsAndRemovesEveryContainer) {
    const DesiredState desired = Desired(kStack);
    ObservedState observed = AllUp(desired);
    ContainerOf(observed, "api", 1).state = "exited";  // db must still wait for web
    observed.containers.push_back(Foreign("old", 1));
    observed.networks["shared"] = ObservedResource{"net-shared", "shared", "", "", {}};
    DownOptions options;
    options.timeout = 3;
    EXPECT_EQ(Down(nullptr, observed, options).ToString(),
              "#1 StopContainer service:old:1 name=demo-old-1 id=old100000000 timeout=3\n"
              "#2 RemoveContainer service:old:1 name=demo-old-1 id=old100000000 after #1\n"
              "#3 StopContainer service:web:1 name=demo-web-1 id=web100000000 timeout=3\n"
              "#4 RemoveContainer service:web:1 name=demo-web-1 id=web100000000 after #3\n"
              "#5 RemoveContainer service:api:1 name=demo-api-1 id=api100000000 after #3\n"
              "#6 StopContainer service:db:1 name=demo-db-1 id=db1000000000 timeout=3 after #3\n"
              "#7 RemoveContainer service:db:1 name=demo-db-1 id=db1000000000 after #6\n"
              "#8 RemoveNetwork network:default name=demo_default id=net-default- after #2,#4,#5,#7\n");
}

TEST(PlanDown, VolumesFlagRemovesNamedNonExternalVolumesAndOrphansOnRequest) {
    const DesiredState desired = Desired(R"(
services:
  db:
    image: busybox
    volumes: ["data:/data", "shared:/shared"]
volumes:
  data: {}
  shared:
    external: true
)");
    ObservedState observed = AllUp(desired);
    observed.containers.push_back(Foreign("old", 1, "exited"));
    DownOptions options;
    options.volumes = true;
    options.remove_orphans = true;
    const Plan plan = Down(&desired.project, observed, options);
    EXPECT_EQ(plan.ToString(),
              "#1 StopContainer service:db:1 name=demo-db-1 id=db1000000000\n"
              "#2 RemoveContainer service:db:1 name=demo-db-1 id=db1000000000 volumes=true after #1\n"
              "#3 RemoveContainer service:old:1 name=demo-old-1 id=old100000000 volumes=true (orphan)\n"
              "#4 RemoveNetwork network:default name=demo_default id=net-default- after #2,#3\n"
              "#5 RemoveVolume volume:data name=demo_data after #2,#3\n");
    EXPECT_TRUE(plan.operations[1].remove_volumes);
    EXPECT_TRUE(plan.operations[2].remove_volumes);
}

TEST(PlanDown, NothingObservedIsAnEmptyPlan) {
    const DesiredState desired = Desired(kStack);
    EXPECT_EQ(Down(&desired.project, {}).ToString(), "");
    EXPECT_EQ(Down(nullptr, {}).ToString(), "");
}

}  // namespace
}  // namespace compose::reconcile
