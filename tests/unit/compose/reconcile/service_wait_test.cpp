#include "compose/reconcile/service_wait.hpp"

#include <atomic>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/compose/reconcile/fake_engine.hpp"

namespace compose::reconcile {
namespace {

using ::testing::ElementsAre;
using testing::FakeContainer;
using testing::FakeEngine;
using ::testing::IsEmpty;

using namespace std::chrono_literals;

FakeContainer Running(const std::string& service, bool healthcheck = false) {
    FakeContainer container;
    container.name = "demo-" + service + "-1";
    container.state = "running";
    container.healthcheck = healthcheck;
    container.health = healthcheck ? "starting" : "";
    return container;
}

class ServiceWaitTest : public ::testing::Test {
  protected:
    /// Runs WaitForServices; returns its ExecuteError message, or "" when it returned.
    std::string Wait(const std::vector<std::string>& services,
                     const std::set<std::string>& completed = {},
                     std::chrono::milliseconds timeout = 10s,
                     const std::atomic<bool>* cancel = nullptr) {
        try {
            WaitForServices(engine_, "demo", services, completed, timeout, cancel, OnProgress(), 5ms);
        } catch (const ExecuteError& error) {
            return error.what();
        }
        return "";
    }
    ProgressCallback OnProgress() {
        return [this](const ProgressEvent& event) {
            lines_.push_back(event.resource + " " + event.text);
            if (on_event_) {
                on_event_(event);
            }
        };
    }

    FakeEngine engine_;
    std::vector<std::string> lines_;
    std::function<void(const ProgressEvent&)> on_event_;
};

TEST_F(ServiceWaitTest, ReturnsOnceEveryContainerIsReady) {
    engine_.AddContainer(Running("web"), "demo", "web");
    engine_.AddContainer(Running("db", true), "demo", "db");
    engine_.SetHealthAfter("demo-db-1", 3, "healthy");
    FakeContainer migrate = Running("migrate");
    migrate.state = "exited";
    engine_.AddContainer(migrate, "demo", "migrate");
    FakeContainer oneoff = Running("web");
    oneoff.name = "demo-web-run-0123";
    oneoff.state = "created";
    oneoff.labels = {{"com.docker.compose.project", "demo"},
                     {"com.docker.compose.service", "web"},
                     {"com.docker.compose.oneoff", "True"}};
    engine_.AddContainer(oneoff);

    EXPECT_EQ(Wait({"db", "migrate", "web"}, {"migrate"}), "");

    EXPECT_THAT(lines_,
                ElementsAre("Container demo-db-1 Waiting",
                            "Container demo-migrate-1 Waiting",
                            "Container demo-web-1 Waiting",
                            "Container demo-migrate-1 Exited",
                            "Container demo-web-1 Running",
                            "Container demo-db-1 Healthy"));
    EXPECT_GE(engine_.CallTexts("ContainerInspect id-demo-db-1").size(), 3u);
}

TEST_F(ServiceWaitTest, TimeoutNamesWhatIsNotReady) {
    engine_.AddContainer(Running("db", true), "demo", "db");
    FakeContainer web = Running("web");
    web.state = "created";
    engine_.AddContainer(web, "demo", "web");

    EXPECT_EQ(Wait({"db", "web"}, {}, 40ms),
              "application not healthy after 40ms: demo-db-1 health is starting, demo-web-1 is created");
}

TEST_F(ServiceWaitTest, UnhealthyContainerFailsAtOnce) {
    engine_.AddContainer(Running("db", true), "demo", "db");
    engine_.SetHealthAfter("demo-db-1", 2, "unhealthy", "connection refused\n");

    EXPECT_EQ(Wait({"db"}), "container demo-db-1 is unhealthy: last check output: connection refused");
    EXPECT_THAT(lines_, ElementsAre("Container demo-db-1 Waiting", "Container demo-db-1 Error"));
}

TEST_F(ServiceWaitTest, ExitedContainersFail) {
    FakeContainer web = Running("web");
    web.state = "exited";
    web.exit_code = 1;
    engine_.AddContainer(web, "demo", "web");
    FakeContainer migrate = Running("migrate");
    migrate.state = "exited";
    migrate.exit_code = 2;
    engine_.AddContainer(migrate, "demo", "migrate");

    EXPECT_EQ(Wait({"web"}), "container demo-web-1 exited (1)");
    EXPECT_EQ(Wait({"migrate"}, {"migrate"}),
              "service migrate didn't complete successfully: demo-migrate-1 exited with code 2");
}

TEST_F(ServiceWaitTest, CancelEndsTheWait) {
    engine_.AddContainer(Running("db", true), "demo", "db");
    std::atomic<bool> cancel = false;
    on_event_ = [&](const ProgressEvent& event) {
        if (event.text == "Waiting") {
            cancel = true;
        }
    };

    EXPECT_EQ(Wait({"db"}, {}, 0ms, &cancel), "canceled");
}

TEST_F(ServiceWaitTest, ServiceWithoutContainersHasNothingToWaitFor) {
    EXPECT_EQ(Wait({"web"}), "");
    EXPECT_THAT(lines_, IsEmpty());
}

}  // namespace
}  // namespace compose::reconcile
