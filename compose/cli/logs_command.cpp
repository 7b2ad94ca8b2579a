#include "compose/cli/logs_command.hpp"

#include <array>
#include <cctype>
#include <ctime>
#include <iostream>
#include <mutex>
#include <regex>
#include <thread>

#include <CLI/CLI.hpp>

#include "compose/cli/log_prefix.hpp"
#include "engine/base/error.hpp"

namespace compose::cli {
namespace {

using reconcile::ObservedContainer;

// Go's time.ParseDuration units, in nanoseconds.
std::optional<double> ParseGoDuration(const std::string& text) {
    static const std::regex kPart(R"(([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h))");
    if (text.empty()) {
        return std::nullopt;
    }
    double total = 0;
    std::size_t consumed = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kPart); it != std::sregex_iterator(); ++it) {
        if (static_cast<std::size_t>(it->position()) != consumed) {
            return std::nullopt;
        }
        consumed += static_cast<std::size_t>(it->length());
        const std::string unit = (*it)[2];
        const double scale = unit == "ns"   ? 1
                             : unit == "ms" ? 1e6
                             : unit == "s"  ? 1e9
                             : unit == "m"  ? 60e9
                             : unit == "h"  ? 3600e9
                                            : 1e3;
        total += std::stod((*it)[1]) * scale;
    }
    return consumed == text.size() ? std::optional<double>(total) : std::nullopt;
}

// "2026-01-02", "2026-01-02T15:04:05", with optional fraction and Z or ±hh:mm.
std::optional<std::string> ParseRfc3339(const std::string& text) {
    static const std::regex kTime(
        R"((\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)");
    std::smatch match;
    if (!std::regex_match(text, match, kTime)) {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = std::stoi(match[1]) - 1900;
    tm.tm_mon = std::stoi(match[2]) - 1;
    tm.tm_mday = std::stoi(match[3]);
    tm.tm_hour = match[4].matched ? std::stoi(match[4]) : 0;
    tm.tm_min = match[5].matched ? std::stoi(match[5]) : 0;
    tm.tm_sec = match[6].matched ? std::stoi(match[6]) : 0;
    std::int64_t seconds = timegm(&tm);
    if (match[8].matched && match[8] != "Z") {
        const std::string offset = match[8];
        const int minutes = std::stoi(offset.substr(1, 2)) * 60 + std::stoi(offset.substr(4, 2));
        seconds -= (offset[0] == '-' ? -1 : 1) * minutes * 60;
    }
    std::string fraction = match[7].matched ? std::string(match[7]).substr(1) : "";
    fraction.resize(9, '0');
    return std::to_string(seconds) + "." + fraction;
}

// Cuts one container's output into lines and prints each whole, under a lock shared by all
// containers, so lines of different containers never mix.
class LinePrinter final {
  public:
    LinePrinter(std::string prefix, std::ostream& out, std::ostream& err, std::mutex& lock)
        : prefix_(std::move(prefix)), out_(out), err_(err), lock_(lock) {}

    bool Feed(engine::client::StdStream stream, std::string_view data) {
        std::string& pending = stream == engine::client::StdStream::kStderr ? pending_err_ : pending_out_;
        pending.append(data);
        std::size_t newline = 0;
        while ((newline = pending.find('\n')) != std::string::npos) {
            Emit(stream, pending.substr(0, newline + 1));
            pending.erase(0, newline + 1);
        }
        return true;
    }

    void Flush() {
        if (!pending_out_.empty()) {
            Emit(engine::client::StdStream::kStdout, pending_out_ + "\n");
        }
        if (!pending_err_.empty()) {
            Emit(engine::client::StdStream::kStderr, pending_err_ + "\n");
        }
        pending_out_.clear();
        pending_err_.clear();
    }

  private:
    void Emit(engine::client::StdStream stream, const std::string& line) {
        std::lock_guard guard(lock_);
        std::ostream& target = stream == engine::client::StdStream::kStderr ? err_ : out_;
        target << prefix_ << line << std::flush;
    }

    std::string prefix_;
    std::ostream& out_;
    std::ostream& err_;
    std::mutex& lock_;
    std::string pending_out_;
    std::string pending_err_;
};

engine::client::LogsOptions ApiLogsOptions(const LogsOptions& options) {
    engine::client::LogsOptions logs;
    logs.follow = options.follow;
    logs.timestamps = options.timestamps;
    logs.tail = options.tail.empty() ? "all" : options.tail;
    logs.since = options.since.empty() ? "" : ToUnixTimestamp(options.since, options.now);
    logs.until = options.until.empty() ? "" : ToUnixTimestamp(options.until, options.now);
    return logs;
}

std::vector<ObservedContainer> Selected(const LogsOptions& options, const ProjectContext& context) {
    const std::vector<std::string> services =
        options.selected.empty() ? std::vector<std::string>{} : SelectServices(context, options.selected);
    std::vector<ObservedContainer> containers = ContainersOf(context, services);
    if (options.index > 0) {
        std::erase_if(containers, [&](const ObservedContainer& c) { return c.number != options.index; });
        if (containers.empty()) {
            throw engine::Error(engine::Errc::kNotFound,
                                "no container with index " + std::to_string(options.index) + " for the services");
        }
    }
    return containers;
}

std::vector<std::string> Prefixes(const LogsOptions& options, const std::vector<ObservedContainer>& containers) {
    if (options.no_log_prefix) {
        return std::vector<std::string>(containers.size());
    }
    std::vector<std::string> names;
    for (const ObservedContainer& container : containers) {
        names.push_back(container.name);
    }
    return LogPrefixes(names, options.color && !options.no_color);
}

void PrintLogs(engine::client::EngineApi& api,
               const ObservedContainer& container,
               const engine::client::LogsOptions& logs,
               LinePrinter& printer) {
    // The stream is raw, not multiplexed, when the container has a TTY.
    const nlohmann::json inspect = api.ContainerInspect(container.id, false);
    const bool tty = inspect.contains("Config") && inspect["Config"].value("Tty", false);
    api.ContainerLogs(container.id, logs, tty, [&](engine::client::StdStream stream, std::string_view data) {
        return printer.Feed(stream, data);
    });
    printer.Flush();
}

}  // namespace

std::string ToUnixTimestamp(const std::string& value, std::chrono::system_clock::time_point now) {
    static const std::regex kUnix(R"(\d+(\.\d+)?)");
    if (std::regex_match(value, kUnix)) {
        return value;
    }
    if (const std::optional<double> nanos = ParseGoDuration(value)) {
        const auto at = now - std::chrono::nanoseconds(static_cast<std::int64_t>(*nanos));
        const std::int64_t total = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
        std::string fraction = std::to_string(total % 1000000000);
        fraction.insert(0, 9 - fraction.size(), '0');
        return std::to_string(total / 1000000000) + "." + fraction;
    }
    if (const std::optional<std::string> parsed = ParseRfc3339(value)) {
        return *parsed;
    }
    throw engine::Error(engine::Errc::kInvalidArgument,
                        "invalid time \"" + value + "\": give a Unix timestamp, a duration (10m) or an RFC 3339 time");
}

int RunLogs(const LogsOptions& options,
            const ProjectContext& context,
            engine::client::EngineApi& api,
            std::ostream& out,
            std::ostream& err) {
    const std::vector<ObservedContainer> containers = Selected(options, context);
    const engine::client::LogsOptions logs = ApiLogsOptions(options);
    const std::vector<std::string> prefixes = Prefixes(options, containers);
    std::mutex lock;
    if (!options.follow || containers.size() < 2) {
        for (std::size_t i = 0; i < containers.size(); ++i) {
            LinePrinter printer(prefixes[i], out, err, lock);
            PrintLogs(api, containers[i], logs, printer);
        }
        return 0;
    }
    std::exception_ptr failure;
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < containers.size(); ++i) {
        threads.emplace_back([&, i] {
            LinePrinter printer(prefixes[i], out, err, lock);
            try {
                PrintLogs(api, containers[i], logs, printer);
            } catch (...) {
                std::lock_guard guard(lock);
                failure = failure ? failure : std::current_exception();
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
    return 0;
}

void AddLogsCommand(CLI::App& app,
                    const GlobalOptions& global,
                    const std::shared_ptr<EngineOptions>& engine,
                    int& exit_code) {
    auto options = std::make_shared<LogsOptions>();
    CLI::App* cmd = app.add_subcommand("logs", "View output from containers");
    cmd->add_flag("-f,--follow", options->follow, "Follow log output");
    cmd->add_option("-n,--tail", options->tail, "Number of lines to show from the end of the logs for each container");
    cmd->add_flag("-t,--timestamps", options->timestamps, "Show timestamps");
    cmd->add_option(
        "--since", options->since, "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m)");
    cmd->add_option("--until", options->until, "Show logs before a timestamp or relative time");
    cmd->add_flag("--no-color", options->no_color, "Produce monochrome output");
    cmd->add_flag("--no-log-prefix", options->no_log_prefix, "Don't print prefix in logs");
    cmd->add_option("--index", options->index, "index of the container if service has multiple replicas");
    cmd->add_option("services", options->selected, "Services to show");
    cmd->callback([options, &global, engine, &exit_code] {
        const CommandEnvironment env = PrepareProjectCommand(global, *engine, options->selected, std::cerr);
        options->color = env.engine.stdout_is_tty;
        options->now = std::chrono::system_clock::now();
        exit_code = RunLogs(*options, env.project, *env.api, std::cout, std::cerr);
    });
}

}  // namespace compose::cli
