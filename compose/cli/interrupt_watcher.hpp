#pragma once

#include <atomic>
#include <thread>

namespace compose::cli {

/// Turns SIGINT and SIGTERM into a flag commands poll, without a signal handler or any
/// global: the signals are blocked and a thread waits for them with sigtimedwait. Create it
/// in main before any other thread starts, so every later thread inherits the blocked mask.
class InterruptWatcher final {
  public:
    InterruptWatcher();
    ~InterruptWatcher();
    InterruptWatcher(const InterruptWatcher&) = delete;
    InterruptWatcher& operator=(const InterruptWatcher&) = delete;

    /// True once the first Ctrl-C (or SIGTERM) arrived.
    const std::atomic<bool>* interrupted() const { return &interrupted_; }
    /// How many arrived (a second Ctrl-C means "force").
    const std::atomic<int>* count() const { return &count_; }

  private:
    void Watch();

    std::atomic<bool> interrupted_{false};
    std::atomic<int> count_{0};
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace compose::cli
