#include "engine/daemon/event_routes.hpp"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/daemon/fake_response_writer.hpp"

namespace engine::daemon {
namespace {

using testing::FakeResponseWriter;
using testing::MakeRequest;

std::int64_t NowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

TEST(ParseTimestampParameterTest, AcceptsMobysForms) {
    EXPECT_EQ(ParseTimestampParameter("since", ""), std::nullopt);
    EXPECT_EQ(ParseTimestampParameter("since", "12"), 12'000'000'000);
    EXPECT_EQ(ParseTimestampParameter("since", "12.5"), 12'500'000'000);
    EXPECT_EQ(ParseTimestampParameter("since", "12.000000001"), 12'000'000'001);
    for (const char* bad : {"x", "-1", "1.", "1.2.3", "1.0000000001", "2020-01-01T00:00:00Z"}) {
        EXPECT_THROW(ParseTimestampParameter("since", bad), Error) << bad;
    }
}

class EventRoutesTest : public ::testing::Test {
  protected:
    void SetUp() override { AddEventRoutes(router_, bus_); }

    void Publish(std::string action, std::string name) {
        bus_.Publish(Event{
            .type = "image", .action = std::move(action), .actor_id = "sha256:1", .attributes = {{"name", name}}});
    }

    EventBus bus_;
    Router router_;
};

TEST_F(EventRoutesTest, PastWindowReplaysMatchingEventsAndEnds) {
    Publish("tag", "a:latest");
    Publish("untag", "a:latest");
    const std::string until = std::to_string(NowSeconds() + 0) + ".999999999";
    http::Request request =
        MakeRequest("GET", "/v1.41/events?since=0&until=" + until + "&filters=%7B%22event%22%3A%5B%22untag%22%5D%7D");
    FakeResponseWriter response;
    router_.Handle(request, response);
    EXPECT_EQ(response.status, 200u);
    EXPECT_EQ(response.content_type, "application/json");
    ASSERT_EQ(response.chunks.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(response.chunks[0])["status"], "untag");
    EXPECT_TRUE(response.ended);
}

TEST_F(EventRoutesTest, WithoutAWindowOnlyLiveEventsAreSent) {
    Publish("tag", "old:latest");
    http::Request request = MakeRequest("GET", "/events");
    FakeResponseWriter response;
    std::thread stream([&] { router_.Handle(request, response); });
    // The stream is subscribed once its header is out; then publish and close.
    for (int i = 0; i < 500 && !response.streaming; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    Publish("tag", "new:latest");
    bus_.Close();
    stream.join();
    ASSERT_EQ(response.chunks.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(response.chunks[0])["Actor"]["Attributes"]["name"], "new:latest");
    EXPECT_TRUE(response.ended);
}

TEST_F(EventRoutesTest, BadParametersAre400BeforeStreaming) {
    http::Request request = MakeRequest("GET", "/events?since=yesterday");
    FakeResponseWriter response;
    router_.Handle(request, response);
    EXPECT_EQ(response.status, 400u);
    EXPECT_FALSE(response.streaming);
    http::Request bad_filter = MakeRequest("GET", "/events?filters=%5B1%5D");
    FakeResponseWriter filter_response;
    router_.Handle(bad_filter, filter_response);
    EXPECT_EQ(filter_response.status, 400u);
}

}  // namespace
}  // namespace engine::daemon
