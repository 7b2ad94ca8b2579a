#include "engine/daemon/container/exit_watcher.hpp"

#include <cerrno>
#include <cstdint>
#include <vector>

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "engine/base/error.hpp"

namespace engine::daemon {

ExitWatcher::ExitWatcher(OnExit on_exit) : on_exit_(std::move(on_exit)), wake_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (wake_.get() < 0) {
        throw Error(Errc::kInternal, "eventfd for the exit watcher failed");
    }
    thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

ExitWatcher::~ExitWatcher() {
    thread_.request_stop();
    Wake();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void ExitWatcher::Watch(const std::string& key, runtime::UniqueFd pidfd) {
    {
        std::lock_guard lock(mutex_);
        watched_[key] = std::move(pidfd);
    }
    Wake();
}

void ExitWatcher::Wake() const {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = write(wake_.get(), &one, sizeof one);
}

void ExitWatcher::Run(std::stop_token stop) {
    while (!stop.stop_requested()) {
        std::vector<pollfd> fds{{wake_.get(), POLLIN, 0}};
        std::vector<std::string> keys{""};
        std::vector<std::string> gone;
        {
            std::lock_guard lock(mutex_);
            for (auto it = watched_.begin(); it != watched_.end();) {
                if (it->second.get() < 0) {
                    gone.push_back(it->first);
                    it = watched_.erase(it);
                    continue;
                }
                fds.push_back({it->second.get(), POLLIN, 0});
                keys.push_back(it->first);
                ++it;
            }
        }
        for (const std::string& key : gone) {
            on_exit_(key);
        }
        if (!gone.empty()) {
            continue;
        }
        if (poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) {
            return;
        }
        if (fds[0].revents != 0) {
            std::uint64_t count = 0;
            [[maybe_unused]] const ssize_t got = read(wake_.get(), &count, sizeof count);
        }
        for (std::size_t i = 1; i < fds.size(); ++i) {
            if (fds[i].revents == 0) {
                continue;
            }
            {
                std::lock_guard lock(mutex_);
                // Only the watch that was polled ends; a newer one under the key stays.
                const auto it = watched_.find(keys[i]);
                if (it == watched_.end() || it->second.get() != fds[i].fd) {
                    continue;
                }
                watched_.erase(it);
            }
            on_exit_(keys[i]);
        }
    }
}

}  // namespace engine::daemon
