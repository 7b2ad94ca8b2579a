#include "compose/reconcile/executor.hpp"

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/compose/reconcile/fake_engine.hpp"

namespace compose::reconcile {
namespace {

using ::testing::ElementsAre;
using testing::FakeCall;
using testing::FakeContainer;
using testing::FakeEngine;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using namespace std::chrono_literals;

constexpr std::string_view kOldId = "abcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890";

/// Small create bodies: the compose labels plus whatever a test adds per service.
class FakeSpecs final : public ResourceSpecs {
  public:
    std::map<std::string, nlohmann::json> extra;  // service → fields merged into its create body

    nlohmann::json ContainerCreateBody(const Operation& operation, const nlohmann::json& replaced) const override {
        nlohmann::json body = {{"Image", "busybox"},
                               {"Labels",
                                {{"com.docker.compose.project", "demo"},
                                 {"com.docker.compose.service", operation.service},
                                 {"com.docker.compose.container-number", std::to_string(operation.number)},
                                 {"com.docker.compose.oneoff", "False"}}}};
        if (const auto more = extra.find(operation.service); more != extra.end()) {
            body.update(more->second);
        }
        const std::lock_guard lock(mutex_);
        replaced_ids.push_back(replaced.is_object() ? replaced.value("Id", "") : "");
        return body;
    }
    nlohmann::json NetworkConnectBody(const Operation& operation,
                                      const std::string& container_id,
                                      const std::string&) const override {
        return {{"Container", container_id}, {"EndpointConfig", {{"Aliases", {operation.service}}}}};
    }
    nlohmann::json NetworkCreateBody(const Operation& operation) const override { return {{"Name", operation.name}}; }
    nlohmann::json VolumeCreateBody(const Operation& operation) const override { return {{"Name", operation.name}}; }

    mutable std::vector<std::string> replaced_ids;

  private:
    mutable std::mutex mutex_;
};

Operation ContainerOp(OperationKind kind, const std::string& service, std::vector<std::size_t> after = {}) {
    Operation operation;
    operation.kind = kind;
    operation.service = service;
    operation.number = 1;
    operation.name = "demo-" + service + "-1";
    operation.after = std::move(after);
    return operation;
}

Operation ResourceOp(OperationKind kind, const std::string& name, std::vector<std::size_t> after = {}) {
    Operation operation;
    operation.kind = kind;
    operation.key = name;
    operation.name = name;
    operation.after = std::move(after);
    return operation;
}

Operation StartAfter(const std::string& service, std::vector<std::size_t> after, std::vector<model::Dependency> wait) {
    Operation operation = ContainerOp(OperationKind::kStartContainer, service, std::move(after));
    operation.wait_for = std::move(wait);
    return operation;
}

model::Dependency Dep(const std::string& service, const std::string& condition, bool required = true) {
    return model::Dependency{service, condition, required, false};
}

FakeContainer Existing(const std::string& service, const std::string& state, bool healthcheck = false) {
    FakeContainer container;
    container.name = "demo-" + service + "-1";
    container.state = state;
    container.healthcheck = healthcheck;
    container.health = healthcheck && state == "running" ? "starting" : "";
    return container;
}

/// Collects progress events and notices when the executor calls it concurrently.
class Events final {
  public:
    ExecuteOptions Options(int parallel = 0) {
        ExecuteOptions options;
        options.project = "demo";
        options.parallel = parallel;
        options.poll_interval = 5ms;
        options.on_progress = [this](const ProgressEvent& event) {
            if (inside_.exchange(true)) {
                ++concurrent_calls_;
            }
            {
                const std::lock_guard lock(mutex_);
                events_.push_back(event);
            }
            if (on_event) {
                on_event(event);
            }
            inside_ = false;
        };
        return options;
    }
    /// "Container demo-web-1 Started", for the events whose resource starts with `prefix`.
    std::vector<std::string> Lines(const std::string& prefix = "") const {
        const std::lock_guard lock(mutex_);
        std::vector<std::string> lines;
        for (const ProgressEvent& event : events_) {
            if (event.resource.starts_with(prefix)) {
                lines.push_back(event.resource + " " + event.text);
            }
        }
        return lines;
    }
    std::vector<ProgressEvent> All() const {
        const std::lock_guard lock(mutex_);
        return events_;
    }
    int ConcurrentCalls() const { return concurrent_calls_; }

    std::function<void(const ProgressEvent&)> on_event;

  private:
    mutable std::mutex mutex_;
    std::vector<ProgressEvent> events_;
    std::atomic<bool> inside_ = false;
    std::atomic<int> concurrent_calls_ = 0;
};

std::string ExecuteFailure(const Plan& plan,
                           FakeEngine& engine,
                           const FakeSpecs& specs,
                           const ExecuteOptions& options) {
    try {
        Execute(plan, engine, specs, options);
    } catch (const ExecuteError& error) {
        return error.what();
    }
    return "(no error)";
}

bool EndedBefore(const FakeEngine& engine, const std::string& first, const std::string& second) {
    const std::optional<FakeCall> a = engine.Find(first);
    const std::optional<FakeCall> b = engine.Find(second);
    return a && b && a->end < b->begin;
}

TEST(ExecuteTest, EachOperationBeginsAfterItsAfterOperationsSucceeded) {
    FakeEngine engine;
    engine.SetDelay("", 2ms);
    FakeSpecs specs;
    Plan plan;
    plan.Add(ResourceOp(OperationKind::kCreateNetwork, "demo_default"));             // #1
    plan.Add(ResourceOp(OperationKind::kCreateNetwork, "demo_back"));                // #2
    plan.Add(ContainerOp(OperationKind::kCreateContainer, "db", {1}));               // #3
    plan.Add(ContainerOp(OperationKind::kCreateContainer, "web", {1}));              // #4
    Operation connect = ContainerOp(OperationKind::kConnectNetwork, "web", {2, 4});  // #5
    connect.target = "demo_back";
    plan.Add(connect);
    plan.Add(StartAfter("db", {3}, {}));                                  // #6
    plan.Add(StartAfter("web", {5, 6}, {Dep("db", "service_started")}));  // #7
    Events events;

    Execute(plan, engine, specs, events.Options());

    EXPECT_TRUE(EndedBefore(engine, "NetworkCreate demo_default", "ContainerCreate demo-db-1"));
    EXPECT_TRUE(EndedBefore(engine, "NetworkCreate demo_default", "ContainerCreate demo-web-1"));
    EXPECT_TRUE(EndedBefore(engine, "NetworkCreate demo_back", "NetworkConnect demo_back"));
    EXPECT_TRUE(EndedBefore(engine, "ContainerCreate demo-web-1", "NetworkConnect demo_back id-demo-web-1"));
    EXPECT_TRUE(EndedBefore(engine, "ContainerStart id-demo-db-1", "ContainerStart id-demo-web-1"));
    EXPECT_TRUE(EndedBefore(engine, "NetworkConnect", "ContainerStart id-demo-web-1"));
    EXPECT_EQ(engine.Container("demo-web-1")->state, "running");
    EXPECT_TRUE(engine.Container("demo-web-1")->networks.contains("demo_back"));
    EXPECT_EQ(events.ConcurrentCalls(), 0);
}

TEST(ExecuteTest, IndependentOperationsRunTogetherWithoutALimit) {
    FakeEngine engine;
    engine.SetDelay("ContainerCreate", 20ms);
    engine.SetRendezvous(4);
    FakeSpecs specs;
    Plan plan;
    for (const std::string service : {"a", "b", "c", "d"}) {
        plan.Add(ContainerOp(OperationKind::kCreateContainer, service));
    }
    Events events;

    Execute(plan, engine, specs, events.Options(0));

    EXPECT_EQ(engine.MaxConcurrency(), 4u);
    EXPECT_EQ(events.ConcurrentCalls(), 0);
}

TEST(ExecuteTest, NeverRunsMoreOperationsThanTheLimit) {
    FakeEngine engine;
    engine.SetDelay("ContainerCreate", 15ms);
    engine.SetRendezvous(2);
    FakeSpecs specs;
    Plan plan;
    for (const std::string service : {"a", "b", "c", "d", "e", "f"}) {
        plan.Add(ContainerOp(OperationKind::kCreateContainer, service));
    }
    Events events;

    Execute(plan, engine, specs, events.Options(2));

    EXPECT_EQ(engine.MaxConcurrency(), 2u);
    EXPECT_EQ(engine.CallTexts("ContainerCreate").size(), 6u);
}

TEST(ExecuteTest, FirstFailureStopsNewOperationsAndLetsRunningOnesFinish) {
    FakeEngine engine;
    engine.SetDelay("ContainerCreate", 5ms);
    engine.SetDelay("ContainerCreate demo-db-1", 80ms);
    engine.SetRendezvous(2);
    engine.Fail(
        "ContainerCreate", "demo-web-1", engine::Error(engine::Errc::kInternal, "Error response from daemon: boom"));
    FakeSpecs specs;
    Plan plan;
    plan.Add(ContainerOp(OperationKind::kCreateContainer, "web"));    // #1 fails
    plan.Add(ContainerOp(OperationKind::kCreateContainer, "db"));     // #2 still running then
    plan.Add(ContainerOp(OperationKind::kCreateContainer, "cache"));  // #3 ready, never begun
    plan.Add(StartAfter("web", {1}, {}));
    plan.Add(StartAfter("db", {2}, {}));
    Events events;

    EXPECT_EQ(ExecuteFailure(plan, engine, specs, events.Options(2)),
              "create container demo-web-1: Error response from daemon: boom");

    EXPECT_TRUE(engine.Container("demo-db-1").has_value());  // finished before Execute returned
    EXPECT_THAT(engine.CallTexts("ContainerCreate demo-cache-1"), IsEmpty());
    EXPECT_THAT(engine.CallTexts("ContainerStart"), IsEmpty());
    EXPECT_THAT(events.Lines("Container demo-web-1"),
                ElementsAre("Container demo-web-1 Creating", "Container demo-web-1 Error"));
    EXPECT_THAT(events.Lines("Container demo-db-1"),
                ElementsAre("Container demo-db-1 Creating", "Container demo-db-1 Created"));
}

TEST(ExecuteTest, CancelEndsAWaitAndBeginsNothingNew) {
    FakeEngine engine;
    engine.AddContainer(Existing("db", "running", true), "demo", "db");  // stays "starting"
    FakeSpecs specs;
    Plan plan;
    plan.Add(ContainerOp(OperationKind::kCreateContainer, "web"));
    plan.Add(StartAfter("web", {1}, {Dep("db", "service_healthy")}));
    std::atomic<bool> cancel = false;
    Events events;
    events.on_event = [&](const ProgressEvent& event) {
        if (event.text == "Waiting") {
            cancel = true;
        }
    };
    ExecuteOptions options = events.Options();
    options.cancel = &cancel;

    EXPECT_EQ(ExecuteFailure(plan, engine, specs, options), "canceled");
    EXPECT_THAT(engine.CallTexts("ContainerStart"), IsEmpty());
}

TEST(ExecuteTest, ServiceHealthyWaitsUntilTheDependencyIsHealthy) {
    FakeEngine engine;
    engine.AddContainer(Existing("db", "running", true), "demo", "db");
    engine.SetHealthAfter("demo-db-1", 3, "healthy");
    FakeSpecs specs;
    Plan plan;
    plan.Add(ContainerOp(OperationKind::kCreateContainer, "web"));
    plan.Add(StartAfter("web", {1}, {Dep("db", "service_healthy")}));
    Events events;

    Execute(plan, engine, specs, events.Options());

    EXPECT_GE(engine.CallTexts("ContainerInspect id-demo-db-1").size(), 3u);
    EXPECT_THAT(engine.CallTexts("ContainerList"),
                ElementsAre("ContainerList all=1 com.docker.compose.oneoff=False com.docker.compose.project=demo "
                            "com.docker.compose.service=db"));
    EXPECT_THAT(events.Lines(),
                ElementsAre("Container demo-web-1 Creating",
                            "Container demo-web-1 Created",
                            "Container demo-db-1 Waiting",
                            "Container demo-db-1 Healthy",
                            "Container demo-web-1 Starting",
                            "Container demo-web-1 Started"));
    EXPECT_EQ(engine.Container("demo-web-1")->state, "running");
}

TEST(ExecuteTest, UnhealthyDependencyFailsWithTheLastCheckOutput) {
    FakeEngine engine;
    engine.AddContainer(Existing("db", "running", true), "demo", "db");
    engine.SetHealthAfter("demo-db-1", 2, "unhealthy", "  boom\n");
    FakeSpecs specs;
    Plan plan;
    plan.Add(StartAfter("web", {}, {Dep("db", "service_healthy")}));
    Events events;

    EXPECT_EQ(ExecuteFailure(plan, engine, specs, events.Options()),
              "dependency failed to start: container demo-db-1 is unhealthy: last check output: boom");
    EXPECT_THAT(engine.CallTexts("ContainerStart"), IsEmpty());
    EXPECT_THAT(events.Lines(), ElementsAre("Container demo-db-1 Waiting", "Container demo-db-1 Error"));
    EXPECT_EQ(events.All().back().status, ProgressEvent::Status::kError);
}

TEST(ExecuteTest, ExitedDependencyFailsServiceHealthy) {
    FakeEngine engine;
    engine.AddContainer(Existing("db", "created", true), "demo", "db");
    engine.ExitOnStart("demo-db-1", 3);
    FakeSpecs specs;
    Plan plan;
    Operation start_db = StartAfter("db", {}, {});
    start_db.id_or_name = "id-demo-db-1";
    plan.Add(start_db);
    plan.Add(StartAfter("web", {1}, {Dep("db", "service_healthy")}));

    EXPECT_EQ(ExecuteFailure(plan, engine, specs, Events().Options()),
              "dependency failed to start: container demo-db-1 exited (3)");
}

TEST(ExecuteTest, ServiceHealthyWithoutAHealthcheckFails) {
    FakeEngine engine;
    engine.AddContainer(Existing("db", "running"), "demo", "db");
    FakeSpecs specs;
    Plan plan;
    plan.Add(StartAfter("web", {}, {Dep("db", "service_healthy")}));

    EXPECT_EQ(ExecuteFailure(plan, engine, specs, Events().Options()),
              "dependency failed to start: container demo-db-1 has no healthcheck configured");
}

TEST(ExecuteTest, CompletedSuccessfullyWaitsForExitZero) {
    FakeEngine engine;
    engine.AddContainer(Existing("migrate", "created"), "demo", "migrate");
    engine.ExitOnStart("demo-migrate-1", 0);
    FakeSpecs specs;
    Plan plan;
    Operation start_migrate = StartAfter("migrate", {}, {});
    start_migrate.id_or_name = "id-demo-migrate-1";
    plan.Add(start_migrate);
    plan.Add(ContainerOp(OperationKind::kCreateContainer, "web"));
    plan.Add(StartAfter("web", {1, 2}, {Dep("migrate", "service_completed_successfully")}));
    Events events;

    Execute(plan, engine, specs, events.Options());

    EXPECT_THAT(events.Lines("Container demo-migrate-1"),
                ElementsAre("Container demo-migrate-1 Starting",
                            "Container demo-migrate-1 Started",
                            "Container demo-migrate-1 Waiting",
                            "Container demo-migrate-1 Exited"));
    EXPECT_EQ(engine.Container("demo-web-1")->state, "running");
}

TEST(ExecuteTest, CompletedSuccessfullyFailsOnAnotherExitCode) {
    FakeEngine engine;
    FakeContainer migrate = Existing("migrate", "exited");
    migrate.exit_code = 1;
    engine.AddContainer(migrate, "demo", "migrate");
    FakeSpecs specs;
    Plan plan;
    plan.Add(StartAfter("web", {}, {Dep("migrate", "service_completed_successfully")}));

    EXPECT_EQ(ExecuteFailure(plan, engine, specs, Events().Options()),
              "service migrate didn't complete successfully: demo-migrate-1 exited with code 1");
}

TEST(ExecuteTest, RequiredDependencyWithoutAContainerFails) {
    FakeEngine engine;
    FakeSpecs specs;
    Plan plan;
    plan.Add(StartAfter("web", {}, {Dep("db", "service_started")}));

    EXPECT_EQ(ExecuteFailure(plan, engine, specs, Events().Options()), "service db has no container");
}

TEST(ExecuteTest, OptionalDependencyFailureOnlyWarns) {
    FakeEngine engine;
    engine.AddContainer(Existing("web", "created"), "demo", "web");
    engine.AddContainer(Existing("db", "running", true), "demo", "db");
    engine.SetHealthAfter("demo-db-1", 1, "unhealthy", "down");
    FakeSpecs specs;
    Plan plan;
    Operation start =
        StartAfter("web", {}, {Dep("db", "service_healthy", false), Dep("cache", "service_started", false)});
    start.id_or_name = "id-demo-web-1";
    plan.Add(start);
    Events events;

    Execute(plan, engine, specs, events.Options());

    EXPECT_EQ(engine.Container("demo-web-1")->state, "running");
    std::vector<std::string> warnings;
    for (const ProgressEvent& event : events.All()) {
        if (event.status == ProgressEvent::Status::kWarning) {
            warnings.push_back(event.resource + ": " + event.detail);
        }
    }
    EXPECT_THAT(warnings,
                ElementsAre(HasSubstr("Container demo-web-1: optional dependency \"cache\": service cache has no"),
                            HasSubstr("Container demo-db-1: optional dependency \"db\" of demo-web-1 failed: "
                                      "dependency failed to start: container demo-db-1 is unhealthy")));
}

TEST(ExecuteTest, RemovingANetworkStillInUseIsAWarning) {
    FakeEngine engine;
    engine.AddNetwork("demo_default");
    FakeContainer other = Existing("other", "running");
    other.networks = {"demo_default"};
    engine.AddContainer(other);
    FakeSpecs specs;
    Plan plan;
    plan.Add(ResourceOp(OperationKind::kRemoveNetwork, "demo_default"));
    Events events;

    Execute(plan, engine, specs, events.Options());

    EXPECT_TRUE(engine.HasNetwork("demo_default"));
    ASSERT_EQ(events.All().size(), 2u);
    EXPECT_EQ(events.All()[1].text, "Resource is still in use");
    EXPECT_EQ(events.All()[1].status, ProgressEvent::Status::kWarning);
}

TEST(ExecuteTest, RemovingWhatIsAlreadyGoneSucceeds) {
    FakeEngine engine;
    FakeSpecs specs;
    Plan plan;
    Operation remove = ContainerOp(OperationKind::kRemoveContainer, "web");
    remove.id_or_name = "0123456789ab";
    plan.Add(remove);
    plan.Add(ResourceOp(OperationKind::kRemoveVolume, "demo_data"));
    plan.Add(ResourceOp(OperationKind::kRemoveNetwork, "demo_default"));
    Events events;

    Execute(plan, engine, specs, events.Options());

    EXPECT_THAT(engine.CallTexts("ContainerRemove"), ElementsAre("ContainerRemove 0123456789ab force=1 v=0"));
    EXPECT_THAT(events.Lines("Container"),
                ElementsAre("Container demo-web-1 Removing", "Container demo-web-1 Removed"));
    EXPECT_THAT(events.Lines("Volume"), ElementsAre("Volume demo_data Removing", "Volume demo_data Removed"));
}

TEST(ExecuteTest, StartsOfContainersPublishingPortRangesNeverOverlap) {
    FakeEngine engine;
    engine.SetDelay("ContainerStart", 15ms);
    FakeContainer existing = Existing("d", "created");
    existing.host_config = {{"PortBindings", {{"80/tcp", {{{"HostIp", ""}, {"HostPort", "9000-9010"}}}}}}};
    engine.AddContainer(existing, "demo", "d");
    FakeSpecs specs;
    Plan plan;
    for (const std::string service : {"a", "b", "c"}) {
        specs.extra[service] = {{"HostConfig", {{"PortBindings", {{"80/tcp", {{{"HostPort", "8000-8010"}}}}}}}}};
        const std::size_t create = plan.Add(ContainerOp(OperationKind::kCreateContainer, service));
        plan.Add(StartAfter(service, {create}, {}));
    }
    Operation start_d = StartAfter("d", {}, {});
    start_d.id_or_name = "id-demo-d-1";
    plan.Add(start_d);

    Execute(plan, engine, specs, Events().Options());

    std::vector<FakeCall> starts;
    for (const FakeCall& call : engine.Calls()) {
        if (call.text.starts_with("ContainerStart")) {
            starts.push_back(call);
        }
    }
    ASSERT_EQ(starts.size(), 4u);
    for (std::size_t i = 0; i < starts.size(); ++i) {
        for (std::size_t j = i + 1; j < starts.size(); ++j) {
            EXPECT_FALSE(FakeEngine::Overlap(starts[i], starts[j])) << starts[i].text << " / " << starts[j].text;
        }
    }
}

TEST(ExecuteTest, CreateAndStartEmitDockerComposeWords) {
    FakeEngine engine;
    FakeSpecs specs;
    Plan plan;
    plan.Add(ResourceOp(OperationKind::kCreateVolume, "demo_data"));
    plan.Add(ContainerOp(OperationKind::kCreateContainer, "web", {1}));
    plan.Add(StartAfter("web", {2}, {}));
    Events events;

    Execute(plan, engine, specs, events.Options());

    EXPECT_THAT(events.Lines(),
                ElementsAre("Volume demo_data Creating",
                            "Volume demo_data Created",
                            "Container demo-web-1 Creating",
                            "Container demo-web-1 Created",
                            "Container demo-web-1 Starting",
                            "Container demo-web-1 Started"));
    const std::vector<ProgressEvent> all = events.All();
    EXPECT_EQ(all[2].elapsed.count(), 0);
    EXPECT_EQ(all[2].status, ProgressEvent::Status::kWorking);
    EXPECT_EQ(all[5].status, ProgressEvent::Status::kDone);
    EXPECT_TRUE(engine.HasVolume("demo_data"));
}

TEST(ExecuteTest, RecreateCreatesUnderATemporaryNameAndSwaps) {
    FakeEngine engine;
    FakeContainer old = Existing("web", "running");
    old.id = std::string(kOldId);
    engine.AddContainer(old, "demo", "web");
    FakeSpecs specs;
    const std::string temporary = std::string(kOldId.substr(0, 12)) + "_demo-web-1";
    Plan plan;
    Operation create = ContainerOp(OperationKind::kCreateContainer, "web");
    create.name = temporary;
    create.replaces = std::string(kOldId);
    plan.Add(create);
    Operation stop = ContainerOp(OperationKind::kStopContainer, "web", {1});
    stop.id_or_name = std::string(kOldId);
    stop.timeout = 3;
    plan.Add(stop);
    Operation remove = ContainerOp(OperationKind::kRemoveContainer, "web", {2});
    remove.id_or_name = std::string(kOldId);
    plan.Add(remove);
    Operation rename = ContainerOp(OperationKind::kRenameContainer, "web", {3});
    rename.name = temporary;
    rename.target = "demo-web-1";
    plan.Add(rename);
    plan.Add(StartAfter("web", {4}, {}));
    Events events;

    Execute(plan, engine, specs, events.Options());

    EXPECT_THAT(specs.replaced_ids, ElementsAre(std::string(kOldId)));
    EXPECT_THAT(engine.CallTexts("Container"),
                ElementsAre("ContainerInspect " + std::string(kOldId),
                            "ContainerCreate " + temporary,
                            "ContainerStop " + std::string(kOldId) + " t=3",
                            "ContainerRemove " + std::string(kOldId) + " force=1 v=0",
                            "ContainerRename id-" + temporary + " demo-web-1",
                            "ContainerStart id-" + temporary));
    EXPECT_THAT(events.Lines(),
                ElementsAre("Container demo-web-1 Recreate",
                            "Container demo-web-1 Recreated",
                            "Container demo-web-1 Stopping",
                            "Container demo-web-1 Stopped",
                            "Container demo-web-1 Removing",
                            "Container demo-web-1 Removed",
                            "Container demo-web-1 Starting",
                            "Container demo-web-1 Started"));
    EXPECT_EQ(engine.Container("demo-web-1")->id, "id-" + temporary);
    EXPECT_EQ(engine.Container("demo-web-1")->state, "running");
}

TEST(ExecuteTest, AnOperationWaitingForAMissingOneIsRejected) {
    FakeEngine engine;
    FakeSpecs specs;
    Plan plan;
    plan.Add(ContainerOp(OperationKind::kCreateContainer, "web", {7}));

    EXPECT_THAT(ExecuteFailure(plan, engine, specs, Events().Options()), HasSubstr("waits for #7"));
    EXPECT_THAT(engine.Calls(), IsEmpty());
}

}  // namespace
}  // namespace compose::reconcile
