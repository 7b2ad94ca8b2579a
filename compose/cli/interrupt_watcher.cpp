#include "compose/cli/interrupt_watcher.hpp"

#include <csignal>
#include <ctime>

#include <pthread.h>

namespace compose::cli {
namespace {

sigset_t InterruptSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

}  // namespace

InterruptWatcher::InterruptWatcher() {
    const sigset_t set = InterruptSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    thread_ = std::thread([this] { Watch(); });
}

InterruptWatcher::~InterruptWatcher() {
    // Wakes the watcher at once (it does not count a signal once stop_ is set): every command
    // ends here, so waiting out the poll interval would add to each one's run time.
    stop_ = true;
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
}

void InterruptWatcher::Watch() {
    const sigset_t set = InterruptSignals();
    // The timeout only bounds how long a lost wake-up could delay the destructor.
    const timespec timeout{1, 0};
    while (!stop_) {
        const int signal = sigtimedwait(&set, nullptr, &timeout);
        if (signal > 0 && !stop_) {
            count_.fetch_add(1);
            interrupted_ = true;
        }
    }
}

}  // namespace compose::cli
