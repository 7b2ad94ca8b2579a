#include "engine/daemon/event_bus.hpp"

#include <thread>

#include <gtest/gtest.h>

namespace engine::daemon {
namespace {

Event ImageEvent(std::string action, std::string id, std::string name) {
    return Event{
        .type = "image", .action = std::move(action), .actor_id = std::move(id), .attributes = {{"name", name}}};
}

TEST(EventJsonTest, ImageEventsKeepTheLegacyFields) {
    Event event = ImageEvent("tag", "sha256:abc", "busybox:latest");
    event.time_nano = 1'700'000'000'123'456'789;
    const nlohmann::json json = EventJson(event);
    EXPECT_EQ(json["status"], "tag");
    EXPECT_EQ(json["id"], "sha256:abc");
    EXPECT_FALSE(json.contains("from"));
    EXPECT_EQ(json["Type"], "image");
    EXPECT_EQ(json["Action"], "tag");
    EXPECT_EQ(json["Actor"]["ID"], "sha256:abc");
    EXPECT_EQ(json["Actor"]["Attributes"]["name"], "busybox:latest");
    EXPECT_EQ(json["scope"], "local");
    EXPECT_EQ(json["time"], 1'700'000'000);
    EXPECT_EQ(json["timeNano"], 1'700'000'000'123'456'789);
}

TEST(EventJsonTest, ContainerEventsNameTheirImageInFrom) {
    const Event event{.type = "container", .action = "start", .actor_id = "c1", .attributes = {{"image", "busybox"}}};
    EXPECT_EQ(EventJson(event)["from"], "busybox");
    const Event network{.type = "network", .action = "create", .actor_id = "n1", .attributes = {}};
    EXPECT_FALSE(EventJson(network).contains("status"));
}

TEST(EventMatchesTest, FiltersAsMoby) {
    const Event tag = ImageEvent("tag", "sha256:abc", "busybox:latest");
    EXPECT_TRUE(EventMatches(tag, api::ParseFilters("")));
    EXPECT_TRUE(EventMatches(tag, api::ParseFilters(R"({"type":["image"]})")));
    EXPECT_FALSE(EventMatches(tag, api::ParseFilters(R"({"type":["container"]})")));
    EXPECT_TRUE(EventMatches(tag, api::ParseFilters(R"({"event":{"tag":true}})")));
    EXPECT_FALSE(EventMatches(tag, api::ParseFilters(R"({"event":["untag"]})")));
    EXPECT_TRUE(EventMatches(tag, api::ParseFilters(R"({"image":["busybox"]})")));
    EXPECT_TRUE(EventMatches(tag, api::ParseFilters(R"({"image":["busybox:latest"]})")));
    EXPECT_FALSE(EventMatches(tag, api::ParseFilters(R"({"image":["alpine"]})")));
    // A container filter excludes events of other objects, since none of them names a container.
    EXPECT_FALSE(EventMatches(tag, api::ParseFilters(R"({"container":["web"]})")));
    const Event health{.type = "container", .action = "health_status: healthy", .actor_id = "c1", .attributes = {}};
    EXPECT_TRUE(EventMatches(health, api::ParseFilters(R"({"event":["health_status"]})")));
    Event labelled = tag;
    labelled.attributes["com.example"] = "yes";
    EXPECT_TRUE(EventMatches(labelled, api::ParseFilters(R"({"label":["com.example=yes"]})")));
    EXPECT_FALSE(EventMatches(tag, api::ParseFilters(R"({"label":["com.example"]})")));
}

TEST(EventBusTest, SubscribersSeeHistoryThenLiveEvents) {
    std::int64_t fake_seconds = 100;
    EventBus bus(2,
                 [&fake_seconds] { return std::chrono::system_clock::time_point(std::chrono::seconds(fake_seconds)); });
    bus.Publish(ImageEvent("tag", "1", "a"));
    bus.Publish(ImageEvent("tag", "2", "b"));
    bus.Publish(ImageEvent("tag", "3", "c"));  // pushes "1" out of a history of two
    const auto subscription = bus.Subscribe();
    ASSERT_EQ(subscription->past().size(), 2u);
    EXPECT_EQ(subscription->past()[0].actor_id, "2");
    EXPECT_EQ(subscription->past()[0].time_nano, 100'000'000'000);
    std::thread publisher([&bus] { bus.Publish(ImageEvent("untag", "4", "d")); });
    const std::optional<Event> live = subscription->Next(std::chrono::seconds(5));
    publisher.join();
    ASSERT_TRUE(live);
    EXPECT_EQ(live->actor_id, "4");
    EXPECT_FALSE(subscription->Next(std::chrono::milliseconds(1)));
}

TEST(EventBusTest, CloseEndsSubscriptions) {
    EventBus bus;
    const auto subscription = bus.Subscribe();
    bus.Publish(ImageEvent("tag", "1", "a"));
    bus.Close();
    EXPECT_FALSE(subscription->Closed()) << "a queued event is still to be taken";
    EXPECT_TRUE(subscription->Next(std::chrono::seconds(1)));
    EXPECT_TRUE(subscription->Closed());
    EXPECT_FALSE(subscription->Next(std::chrono::seconds(1)));
}

}  // namespace
}  // namespace engine::daemon
