#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "engine/runtime/monitor/unique_fd.hpp"

namespace engine::daemon {

/// One thread that waits for many shims at once: each watched pidfd becomes readable when its
/// shim exits, and the callback runs for its key on the watcher's thread (so it must not
/// block for long; the manager hands real work to its own threads). Cheaper than a thread per
/// container, and it needs no child relationship, so re-adopted shims work the same.
class ExitWatcher final {
  public:
    using OnExit = std::function<void(const std::string& key)>;

    explicit ExitWatcher(OnExit on_exit);
    /// Stops the thread; pending exits are not reported.
    ~ExitWatcher();
    ExitWatcher(const ExitWatcher&) = delete;
    ExitWatcher& operator=(const ExitWatcher&) = delete;

    /// Watches `pidfd` under `key` (replacing an older watch of that key). An invalid fd (the
    /// shim is already gone) is reported at once.
    void Watch(const std::string& key, runtime::UniqueFd pidfd);

  private:
    void Run(std::stop_token stop);
    void Wake() const;

    OnExit on_exit_;
    runtime::UniqueFd wake_;  // eventfd: the watch set changed or the thread must stop
    std::mutex mutex_;
    std::map<std::string, runtime::UniqueFd> watched_;
    std::jthread thread_;
};

}  // namespace engine::daemon
