#include "engine/daemon/event_bus.hpp"

#include <algorithm>

namespace engine::daemon {
namespace {

std::string_view Attribute(const Event& event, std::string_view name) {
    const auto found = event.attributes.find(name);
    return found == event.attributes.end() ? std::string_view() : std::string_view(found->second);
}

// moby's stripTag: the name without a ":tag" (a ':' in a registry host:port is not a tag).
std::string StripTag(std::string_view name) {
    const std::size_t colon = name.rfind(':');
    if (colon == std::string_view::npos || name.find('/', colon) != std::string_view::npos) {
        return std::string(name);
    }
    return std::string(name.substr(0, colon));
}

bool FuzzyMatchName(const Event& event, const api::Filters& filters, std::string_view key) {
    return filters.FuzzyMatch(key, event.actor_id) || filters.FuzzyMatch(key, Attribute(event, "name"));
}

bool MatchAction(const Event& event, const api::Filters& filters) {
    // moby #25798: these actions carry a ": detail" suffix, so a bare name matches as a prefix.
    for (const std::string& value : filters.Values("event")) {
        if (value == "health_status" || value == "exec_create" || value == "exec_start") {
            return filters.FuzzyMatch("event", event.action);
        }
    }
    return filters.ExactMatch("event", event.action);
}

bool MatchImage(const Event& event, const api::Filters& filters) {
    const std::string_view name = Attribute(event, event.type == "image" ? "name" : "image");
    return filters.ExactMatch("image", event.actor_id) || filters.ExactMatch("image", name) ||
           filters.ExactMatch("image", StripTag(event.actor_id)) || filters.ExactMatch("image", StripTag(name));
}

}  // namespace

nlohmann::json EventJson(const Event& event) {
    nlohmann::json attributes = nlohmann::json::object();
    for (const auto& [key, value] : event.attributes) {
        attributes[key] = value;
    }
    nlohmann::json json = {
        {"Type", event.type},
        {"Action", event.action},
        {"Actor", {{"ID", event.actor_id}, {"Attributes", attributes}}},
        {"scope", event.scope},
        {"time", event.time_nano / 1'000'000'000},
        {"timeNano", event.time_nano},
    };
    if (event.type == "container" || event.type == "image") {
        json["status"] = event.action;
        json["id"] = event.actor_id;
    }
    if (event.type == "container") {
        json["from"] = std::string(Attribute(event, "image"));
    }
    return json;
}

bool EventMatches(const Event& event, const api::Filters& filters) {
    return MatchAction(event, filters) && filters.ExactMatch("type", event.type) &&
           filters.ExactMatch("scope", event.scope) && FuzzyMatchName(event, filters, "daemon") &&
           FuzzyMatchName(event, filters, "container") && FuzzyMatchName(event, filters, "volume") &&
           FuzzyMatchName(event, filters, "network") && MatchImage(event, filters) &&
           filters.MatchKVList("label", event.attributes);
}

EventBus::EventBus(std::size_t history_size, Clock clock)
    : clock_(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })),
      history_size_(history_size) {}

EventBus::Subscription::~Subscription() {
    const std::lock_guard lock(bus_.mutex_);
    std::erase(bus_.subscribers_, this);
}

std::optional<Event> EventBus::Subscription::Next(std::chrono::milliseconds timeout) {
    std::unique_lock lock(bus_.mutex_);
    bus_.changed_.wait_for(lock, timeout, [this] { return !queue_.empty() || bus_.closed_; });
    if (queue_.empty()) {
        return std::nullopt;
    }
    Event event = std::move(queue_.front());
    queue_.pop_front();
    return event;
}

bool EventBus::Subscription::Closed() const {
    const std::lock_guard lock(bus_.mutex_);
    return bus_.closed_ && queue_.empty();
}

void EventBus::Publish(Event event) {
    event.time_nano = std::chrono::duration_cast<std::chrono::nanoseconds>(clock_().time_since_epoch()).count();
    {
        const std::lock_guard lock(mutex_);
        if (closed_) {
            return;
        }
        for (Subscription* subscriber : subscribers_) {
            subscriber->queue_.push_back(event);
        }
        history_.push_back(std::move(event));
        if (history_.size() > history_size_) {
            history_.pop_front();
        }
    }
    changed_.notify_all();
}

std::unique_ptr<EventBus::Subscription> EventBus::Subscribe() {
    std::unique_ptr<Subscription> subscription(new Subscription(*this));
    const std::lock_guard lock(mutex_);
    subscription->past_.assign(history_.begin(), history_.end());
    subscribers_.push_back(subscription.get());
    return subscription;
}

void EventBus::Close() {
    {
        const std::lock_guard lock(mutex_);
        closed_ = true;
    }
    changed_.notify_all();
}

}  // namespace engine::daemon
