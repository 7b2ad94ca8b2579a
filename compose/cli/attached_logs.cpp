#include "compose/cli/attached_logs.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <thread>

#include <unistd.h>

#include "compose/cli/log_prefix.hpp"
#include "compose/reconcile/labels.hpp"
#include "engine/base/error.hpp"

namespace compose::cli {
namespace {

namespace labels = reconcile::labels;

struct Attached final {
    std::string id;
    std::string name;
    std::string service;
    bool tty = false;
    std::string color;   // "" without colours
    std::string prefix;  // "name  | ", "" with --no-log-prefix
    bool ended = false;
    int exit_code = 0;
};

std::vector<Attached> RunningContainers(const AttachedLogsOptions& options, engine::client::EngineApi& api) {
    engine::client::ContainerListOptions list;
    list.filters = engine::api::Filters({{"label",
                                          {{std::string(labels::kProject) + "=" + options.project, true},
                                           {std::string(labels::kOneoff) + "=False", true}}}});
    std::vector<Attached> attached;
    for (const nlohmann::json& summary : api.ContainerList(list)) {
        const std::string service = summary["Labels"].value(std::string(labels::kService), "");
        if (std::find(options.services.begin(), options.services.end(), service) == options.services.end()) {
            continue;
        }
        Attached container;
        container.id = summary.value("Id", "");
        container.name = summary["Names"].empty() ? container.id : summary["Names"][0].get<std::string>().substr(1);
        container.service = service;
        container.tty = api.ContainerInspect(container.id, false)["Config"].value("Tty", false);
        attached.push_back(std::move(container));
    }
    std::sort(attached.begin(), attached.end(), [](const Attached& a, const Attached& b) { return a.name < b.name; });
    return attached;
}

// Shared by the streaming threads and the main loop.
class Session final {
  public:
    Session(const AttachedLogsOptions& options, ExecutionContext& context, std::vector<Attached> containers)
        : options_(options), context_(context), containers_(std::move(containers)) {
        const bool color = !options.no_color && ::isatty(STDOUT_FILENO) == 1;
        std::vector<std::string> names;
        for (const Attached& container : containers_) {
            names.push_back(container.name);
        }
        const std::vector<std::string> prefixes = LogPrefixes(names, color);
        for (std::size_t i = 0; i < containers_.size(); ++i) {
            containers_[i].color = color ? std::string(LogColor(i)) : "";
            containers_[i].prefix = options.no_log_prefix ? "" : prefixes[i];
        }
    }

    void Stream(std::size_t index) {
        Attached& container = containers_[index];
        engine::client::LogsOptions logs;
        logs.follow = true;
        logs.since =
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(options_.since.time_since_epoch()).count());
        std::string pending;
        try {
            context_.api.ContainerLogs(
                container.id, logs, container.tty, [&](engine::client::StdStream, std::string_view data) {
                    pending.append(data);
                    for (auto newline = pending.find('\n'); newline != std::string::npos;
                         newline = pending.find('\n')) {
                        PrintLine(container, std::string_view(pending).substr(0, newline));
                        pending.erase(0, newline + 1);
                    }
                    return true;
                });
        } catch (const engine::Error&) {
            // The container went away mid-stream (removed): treat it as ended.
        }
        if (!pending.empty()) {
            PrintLine(container, pending);
        }
        Finish(container);
    }

    /// Waits until every stream ended; stops them all on Ctrl-C or, with abort,
    /// on the first exit.
    int Run() {
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < containers_.size(); ++i) {
            threads.emplace_back([this, i] { Stream(i); });
        }
        int code = MainLoop();
        for (std::thread& thread : threads) {
            thread.join();
        }
        return code;
    }

  private:
    int MainLoop() {
        std::unique_lock lock(mutex_);
        bool stopping = false;
        bool interrupted = false;
        while (ended_ < containers_.size()) {
            changed_.wait_for(lock, std::chrono::milliseconds(100));
            const bool ctrl_c = context_.interrupted != nullptr && context_.interrupted->load();
            if (ctrl_c && !interrupted) {
                interrupted = true;
                context_.out << "Gracefully stopping... (press Ctrl+C again to force)\n" << std::flush;
            }
            const bool force = context_.interrupt_count != nullptr && context_.interrupt_count->load() >= 2;
            if ((ctrl_c || (options_.abort_on_container_exit && ended_ > 0)) && !stopping) {
                stopping = true;
                lock.unlock();
                StopAll(false);
                lock.lock();
            } else if (force && stopping) {
                lock.unlock();
                StopAll(true);
                lock.lock();
            }
        }
        if (interrupted) {
            return 130;
        }
        return ExitCode();
    }

    int ExitCode() const {
        for (const Attached& container : containers_) {
            if (!options_.exit_code_from.empty() && container.service == options_.exit_code_from) {
                return container.exit_code;
            }
        }
        return 0;
    }

    void StopAll(bool kill) {
        std::vector<std::thread> stoppers;
        for (const Attached& container : containers_) {
            stoppers.emplace_back([this, &container, kill] {
                try {
                    if (kill) {
                        context_.api.ContainerKill(container.id, "");
                    } else {
                        context_.api.ContainerStop(container.id, std::nullopt, "");
                    }
                } catch (const engine::Error&) {
                    // Already stopped or gone: nothing to stop.
                }
            });
        }
        for (std::thread& stopper : stoppers) {
            stopper.join();
        }
    }

    void PrintLine(const Attached& container, std::string_view line) {
        std::lock_guard lock(mutex_);
        context_.out << container.prefix << line << '\n' << std::flush;
    }

    void Finish(Attached& container) {
        int exit_code = 0;
        try {
            exit_code = context_.api.ContainerInspect(container.id, false)["State"].value("ExitCode", 0);
        } catch (const engine::Error&) {
        }
        std::lock_guard lock(mutex_);
        container.ended = true;
        container.exit_code = exit_code;
        ++ended_;
        context_.out << container.color << container.name << (container.color.empty() ? "" : kLogColorReset)
                     << " exited with code " << exit_code << '\n'
                     << std::flush;
        changed_.notify_all();
    }

    const AttachedLogsOptions& options_;
    ExecutionContext& context_;
    std::vector<Attached> containers_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::size_t ended_ = 0;
};

}  // namespace

int FollowAttachedLogs(const AttachedLogsOptions& options, ExecutionContext& context) {
    std::vector<Attached> containers = RunningContainers(options, context.api);
    if (containers.empty()) {
        return 0;
    }
    context.out << "Attaching to ";
    for (std::size_t i = 0; i < containers.size(); ++i) {
        context.out << (i == 0 ? "" : ", ") << containers[i].name;
    }
    context.out << '\n' << std::flush;
    Session session(options, context, std::move(containers));
    return session.Run();
}

}  // namespace compose::cli
