#include "engine/daemon/event_routes.hpp"

#include <charconv>
#include <chrono>

#include "engine/api/error_response.hpp"
#include "engine/base/error.hpp"

namespace engine::daemon {
namespace {

using Nanos = std::int64_t;

Nanos NowNanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool ParseDigits(std::string_view text, std::int64_t* value) {
    if (text.empty()) {
        return false;
    }
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
    return error == std::errc() && end == text.data() + text.size() && *value >= 0;
}

// Everything one /events request needs while streaming.
struct EventQuery {
    std::optional<Nanos> since;
    std::optional<Nanos> until;
    api::Filters filters;

    bool Wanted(const Event& event) const {
        return (!since || event.time_nano >= *since) && (!until || event.time_nano <= *until) &&
               EventMatches(event, filters);
    }
};

bool WriteEvent(http::ResponseWriter& response, const Event& event) {
    return response.WriteChunk(EventJson(event).dump() + "\n");
}

void StreamLiveEvents(EventBus::Subscription& subscription, const EventQuery& query, http::ResponseWriter& response) {
    // Short waits so a client that left, or an `until` that passed, ends the stream promptly.
    constexpr std::chrono::milliseconds kPoll{200};
    while (!response.Cancelled() && !subscription.Closed()) {
        if (query.until && NowNanos() > *query.until) {
            break;
        }
        const std::optional<Event> event = subscription.Next(kPoll);
        if (!event) {
            continue;
        }
        if (query.until && event->time_nano > *query.until) {
            break;
        }
        if (query.Wanted(*event) && !WriteEvent(response, *event)) {
            return;
        }
    }
    if (!response.Cancelled()) {
        response.EndStream();
    }
}

void HandleEvents(EventBus& bus, ApiRequest& request, http::ResponseWriter& response) {
    EventQuery query{ParseTimestampParameter("since", request.query.Get("since")),
                     ParseTimestampParameter("until", request.query.Get("until")),
                     api::ParseFilters(request.query.Get("filters"))};
    const std::unique_ptr<EventBus::Subscription> subscription = bus.Subscribe();
    response.BeginStream(200, api::kJsonContentType);
    // moby replays its buffer only when the client asked for a time window.
    if (query.since || query.until) {
        for (const Event& event : subscription->past()) {
            if (query.Wanted(event) && !WriteEvent(response, event)) {
                return;
            }
        }
    }
    if (query.until && *query.until <= NowNanos()) {
        response.EndStream();
        return;
    }
    StreamLiveEvents(*subscription, query, response);
}

}  // namespace

std::optional<std::int64_t> ParseTimestampParameter(std::string_view name, std::string_view value) {
    if (value.empty()) {
        return std::nullopt;
    }
    const std::size_t dot = value.find('.');
    std::int64_t seconds = 0;
    std::int64_t nanos = 0;
    const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : value.substr(dot + 1);
    bool valid = ParseDigits(value.substr(0, dot), &seconds) && seconds < 9'000'000'000;
    if (valid && dot != std::string_view::npos) {
        valid = fraction.size() <= 9 && ParseDigits(fraction, &nanos);
        for (std::size_t i = fraction.size(); valid && i < 9; ++i) {
            nanos *= 10;
        }
    }
    if (!valid) {
        throw Error(Errc::kInvalidArgument,
                    "invalid value for " + std::string(name) + ": \"" + std::string(value) +
                        "\" is not a timestamp (expected <seconds>[.<nanoseconds>])");
    }
    return seconds * 1'000'000'000 + nanos;
}

void AddEventRoutes(Router& router, EventBus& bus) {
    router.Add("GET", "/events", [&bus](ApiRequest& request, http::ResponseWriter& response) {
        HandleEvents(bus, request, response);
    });
}

}  // namespace engine::daemon
