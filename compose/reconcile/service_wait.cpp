// `up --wait` (docker/compose up.go with waitDependencies' running_or_healthy condition).

#include "compose/reconcile/service_wait.hpp"

#include <thread>
#include <utility>

#include "compose/reconcile/executor_internal.hpp"

namespace compose::reconcile {
namespace internal {

std::string FormatDuration(std::chrono::milliseconds duration) {
    using std::chrono::milliseconds;
    long long ms = duration.count();
    if (ms == 0) {
        return "0s";
    }
    std::string sign;
    if (ms < 0) {
        sign = "-";
        ms = -ms;
    }
    if (ms < 1000) {
        return sign + std::to_string(ms) + "ms";
    }
    std::string text = sign;
    const long long hours = ms / 3'600'000;
    const long long minutes = ms / 60'000 % 60;
    if (hours > 0) {
        text += std::to_string(hours) + "h";
    }
    if (hours > 0 || minutes > 0) {
        text += std::to_string(minutes) + "m";
    }
    text += std::to_string(ms / 1000 % 60);
    if (const long long fraction = ms % 1000; fraction != 0) {
        std::string digits = std::to_string(fraction + 1000).substr(1);  // zero-padded to three
        digits.erase(digits.find_last_not_of('0') + 1);
        text += "." + digits;
    }
    return text + "s";
}

}  // namespace internal

namespace {

using internal::ContainerRef;
using internal::Verdict;

/// One container still to become ready.
struct Awaited final {
    ContainerRef container;
    std::string service;
    bool completed = false;  // its service must exit 0 instead of running
    std::string waiting_for;
};

/// Checks `awaited` once; returns true when ready (after emitting its word). Throws on failure.
bool Poll(engine::client::EngineApi& api, internal::ProgressSink& sink, Awaited& awaited) {
    const internal::ContainerStatus status = internal::ReadContainerStatus(api, awaited.container.id);
    const Verdict verdict =
        awaited.completed ? internal::CheckCompleted(awaited.service, status) : internal::CheckRunningOrHealthy(status);
    const std::string resource = internal::ContainerResource(awaited.container.name);
    switch (verdict.kind) {
        case Verdict::Kind::kSatisfied:
            sink.Emit(resource, verdict.text, ProgressEvent::Status::kDone);
            return true;
        case Verdict::Kind::kFailed:
            sink.Emit(resource, "Error", ProgressEvent::Status::kError, verdict.text);
            throw ExecuteError(verdict.text);
        case Verdict::Kind::kWaiting:
            awaited.waiting_for = verdict.text;
            break;
    }
    return false;
}

std::string NotReady(const std::vector<Awaited>& awaited) {
    std::string text;
    for (const Awaited& one : awaited) {
        text += (text.empty() ? "" : ", ") + one.container.name + " " + one.waiting_for;
    }
    return text;
}

}  // namespace

void WaitForServices(engine::client::EngineApi& api,
                     const std::string& project,
                     const std::vector<std::string>& services,
                     const std::set<std::string>& completed_successfully_services,
                     std::chrono::milliseconds timeout,
                     const std::atomic<bool>* cancel,
                     const ProgressCallback& on_progress,
                     std::chrono::milliseconds poll_interval) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    internal::ProgressSink sink(on_progress);
    std::vector<Awaited> awaited;
    for (const std::string& service : services) {
        for (ContainerRef& container : internal::ListServiceContainers(api, project, service)) {
            sink.Emit(internal::ContainerResource(container.name), "Waiting", ProgressEvent::Status::kWorking);
            awaited.push_back(
                Awaited{std::move(container), service, completed_successfully_services.contains(service), "is new"});
        }
    }
    while (true) {
        std::erase_if(awaited, [&](Awaited& one) { return Poll(api, sink, one); });
        if (awaited.empty()) {
            return;
        }
        if (cancel != nullptr && cancel->load()) {
            throw ExecuteError("canceled");
        }
        const auto now = std::chrono::steady_clock::now();
        if (timeout.count() > 0 && now >= deadline) {
            throw ExecuteError("application not healthy after " + internal::FormatDuration(timeout) + ": " +
                               NotReady(awaited));
        }
        // The engine offers no health notification to block on, so this is the poll cadence.
        std::this_thread::sleep_for(timeout.count() > 0
                                        ? std::min<std::chrono::steady_clock::duration>(poll_interval, deadline - now)
                                        : std::chrono::steady_clock::duration(poll_interval));
    }
}

}  // namespace compose::reconcile
