#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/filters.hpp"

namespace engine::daemon {

/// One engine event, as /events streams it (moby's events.Message).
struct Event {
    std::string type;    ///< "image", "container", "network", "volume", "daemon"
    std::string action;  ///< "tag", "untag", "delete", "import", "load", "save", "create", ...
    std::string actor_id;
    std::map<std::string, std::string, std::less<>> attributes;
    std::string scope = "local";
    std::int64_t time_nano = 0;  ///< set by EventBus::Publish
};

/// The event as JSON, with the deprecated status/id/from fields moby still fills for container
/// and image events (docker-compose 1.29 reads them).
nlohmann::json EventJson(const Event& event);

/// moby's events filter (daemon/events/filter.go): type, event, container, image, label,
/// network, volume, daemon and scope, every given key must match.
bool EventMatches(const Event& event, const api::Filters& filters);

/// The daemon's event log: keeps the most recent events for `since` queries and fans new ones
/// out to subscribers. Thread-safe.
class EventBus final {
  public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    /// Keeps the last `history_size` events (moby keeps 256).
    explicit EventBus(std::size_t history_size = 1024, Clock clock = {});

    /// A live view: the history at subscription time, then every event published after it.
    class Subscription final {
      public:
        ~Subscription();
        Subscription(const Subscription&) = delete;
        Subscription& operator=(const Subscription&) = delete;
        /// The events that were in the history when subscribing, oldest first.
        const std::vector<Event>& past() const { return past_; }
        /// The next live event, waiting up to `timeout`; nullopt on timeout or once the bus is closed.
        std::optional<Event> Next(std::chrono::milliseconds timeout);
        /// True once the bus has been closed and every queued event was taken.
        bool Closed() const;

      private:
        friend class EventBus;
        explicit Subscription(EventBus& bus) : bus_(bus) {}
        EventBus& bus_;
        std::vector<Event> past_;
        std::deque<Event> queue_;  // guarded by bus_.mutex_
    };

    /// Stamps `event` with the current time, keeps it and hands it to every subscriber.
    void Publish(Event event);
    std::unique_ptr<Subscription> Subscribe();
    /// Ends every subscription (daemon shutdown): Next returns nullopt from now on.
    void Close();

  private:
    Clock clock_;
    std::size_t history_size_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Event> history_;
    std::vector<Subscription*> subscribers_;
    bool closed_ = false;
};

}  // namespace engine::daemon
