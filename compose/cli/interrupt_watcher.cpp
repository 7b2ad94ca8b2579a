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
    stop_ = true;
    thread_.join();
}

void InterruptWatcher::Watch() {
    const sigset_t set = InterruptSignals();
    // A short timeout instead of waking the thread with a signal of our own: it only has to
    // notice `stop_` when the command ends.
    const timespec timeout{0, 100'000'000};
    while (!stop_) {
        if (sigtimedwait(&set, nullptr, &timeout) > 0) {
            count_.fetch_add(1);
            interrupted_ = true;
        }
    }
}

}  // namespace compose::cli
