// Execute: runs a plan's DAG on a small pool of worker threads. Each operation becomes ready
// once all its `after` operations succeeded; a mutex and a condition variable hand ready
// operations to workers, wake dependency waits when something failed, and tell workers when
// nothing is left.

#include "compose/reconcile/executor.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "compose/reconcile/executor_internal.hpp"

namespace compose::reconcile {
namespace {

/// Workers when the caller sets no limit: operations mostly wait on the daemon, which
/// serializes much of its work anyway.
constexpr int kUnlimitedWorkers = 16;

class Executor final {
  public:
    Executor(const Plan& plan,
             engine::client::EngineApi& api,
             const ResourceSpecs& specs,
             const ExecuteOptions& options)
        : plan_(plan),
          options_(options),
          sink_(options.on_progress),
          runner_(api, specs, options, sink_),
          unfinished_after_(plan.operations.size(), 0),
          dependents_(plan.operations.size()) {}

    /// Runs every operation; throws ExecuteError on the first failure, on cancel, or when the
    /// plan's `after` lists name operations it does not hold.
    void Run() {
        Index();
        const std::size_t total = plan_.operations.size();
        const int limit = options_.parallel > 0 ? options_.parallel : kUnlimitedWorkers;
        const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(limit, total));
        std::vector<std::thread> threads;
        threads.reserve(workers);
        for (std::size_t i = 0; i < workers; ++i) {
            threads.emplace_back([this] { Work(); });
        }
        for (std::thread& thread : threads) {
            thread.join();
        }
        if (failed_) {
            throw ExecuteError(first_error_);
        }
        if (succeeded_ < total) {
            throw ExecuteError(Canceled() ? "canceled" : "plan stopped with operations that never became ready");
        }
    }

  private:
    /// Counts each operation's unfinished `after` entries and queues those with none.
    void Index() {
        std::map<std::size_t, std::size_t> position;
        for (std::size_t i = 0; i < plan_.operations.size(); ++i) {
            position[plan_.operations[i].id] = i;
        }
        for (std::size_t i = 0; i < plan_.operations.size(); ++i) {
            const Operation& operation = plan_.operations[i];
            for (const std::size_t after : operation.after) {
                const auto found = position.find(after);
                if (found == position.end() || found->second == i) {
                    throw ExecuteError("invalid plan: operation #" + std::to_string(operation.id) + " waits for #" +
                                       std::to_string(after) + ", which is not in the plan");
                }
                dependents_[found->second].push_back(i);
                ++unfinished_after_[i];
            }
            if (unfinished_after_[i] == 0) {
                ready_.push_back(i);
            }
        }
    }

    bool Canceled() const { return options_.cancel != nullptr && options_.cancel->load(); }

    /// Requires mutex_.
    bool Stopping() const { return failed_ || Canceled(); }

    void Work() {
        std::unique_lock lock(mutex_);
        while (true) {
            cv_.wait(lock, [this] { return Stopping() || !ready_.empty() || running_ == 0; });
            if (Stopping() || ready_.empty()) {
                // Either no new operation may begin, or nothing runs that could make one ready.
                cv_.notify_all();
                return;
            }
            const std::size_t index = ready_.front();
            ready_.pop_front();
            ++running_;
            lock.unlock();
            const Outcome outcome = RunOne(plan_.operations[index]);
            lock.lock();
            --running_;
            Record(index, outcome);
            cv_.notify_all();
        }
    }

    struct Outcome final {
        enum class Kind { kSucceeded, kInterrupted, kFailed };
        Kind kind = Kind::kSucceeded;
        std::string error;
    };

    Outcome RunOne(const Operation& operation) {
        try {
            const bool finished =
                runner_.Run(operation, [this](std::chrono::milliseconds interval) { return Pause(interval); });
            return Outcome{finished ? Outcome::Kind::kSucceeded : Outcome::Kind::kInterrupted, {}};
        } catch (const std::exception& error) {
            return Outcome{Outcome::Kind::kFailed, error.what()};
        }
    }

    /// Requires mutex_.
    void Record(std::size_t index, const Outcome& outcome) {
        switch (outcome.kind) {
            case Outcome::Kind::kSucceeded:
                ++succeeded_;
                for (const std::size_t dependent : dependents_[index]) {
                    if (--unfinished_after_[dependent] == 0) {
                        ready_.push_back(dependent);
                    }
                }
                break;
            case Outcome::Kind::kFailed:
                if (!failed_) {
                    failed_ = true;
                    first_error_ = outcome.error;
                }
                break;
            case Outcome::Kind::kInterrupted:
                break;
        }
    }

    /// Between two polls of a dependency wait: wakes early when an operation fails, and ends
    /// the wait on failure or cancel (a cancel flag cannot notify, so it is seen per poll).
    bool Pause(std::chrono::milliseconds interval) {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, interval, [this] { return failed_; });
        return !Stopping();
    }

    const Plan& plan_;
    const ExecuteOptions& options_;
    internal::ProgressSink sink_;
    internal::OperationRunner runner_;

    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<std::size_t> unfinished_after_;
    std::vector<std::vector<std::size_t>> dependents_;
    std::deque<std::size_t> ready_;
    std::size_t running_ = 0;
    std::size_t succeeded_ = 0;
    bool failed_ = false;
    std::string first_error_;
};

}  // namespace

void Execute(const Plan& plan,
             engine::client::EngineApi& api,
             const ResourceSpecs& specs,
             const ExecuteOptions& options) {
    Executor executor(plan, api, specs, options);
    executor.Run();
}

}  // namespace compose::reconcile
