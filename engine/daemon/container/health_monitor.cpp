#include "engine/daemon/container/health_monitor.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>

#include "engine/base/error.hpp"
#include "engine/image/go_time.hpp"

namespace engine::daemon {
namespace {

using std::chrono::nanoseconds;
using TimePoint = std::chrono::system_clock::time_point;

// `value` / 10^digits with the fraction's trailing zeros dropped, as Go prints durations.
std::string Decimal(std::uint64_t value, std::size_t digits) {
    std::uint64_t unit = 1;
    for (std::size_t i = 0; i < digits; ++i) {
        unit *= 10;
    }
    std::string fraction = std::to_string(value % unit);
    fraction.insert(0, digits - fraction.size(), '0');
    while (!fraction.empty() && fraction.back() == '0') {
        fraction.pop_back();
    }
    const std::string whole = std::to_string(value / unit);
    return fraction.empty() ? whole : whole + "." + fraction;
}

// Go's time.Duration.String(), which moby's timeout message prints: "30s", "1m30s", "500ms".
std::string GoDurationString(nanoseconds duration) {
    const auto ns = static_cast<std::uint64_t>(std::max<std::int64_t>(duration.count(), 0));
    if (ns == 0) {
        return "0s";
    }
    if (ns < 1'000) {
        return std::to_string(ns) + "ns";
    }
    if (ns < 1'000'000) {
        return Decimal(ns, 3) + "\u00b5s";
    }
    if (ns < 1'000'000'000) {
        return Decimal(ns, 6) + "ms";
    }
    constexpr std::uint64_t kMinute = 60'000'000'000;
    constexpr std::uint64_t kHour = 60 * kMinute;
    const std::uint64_t hours = ns / kHour;
    const std::uint64_t minutes = ns % kHour / kMinute;
    std::string text;
    if (hours > 0) {
        text += std::to_string(hours) + "h";
    }
    if (hours > 0 || minutes > 0) {
        text += std::to_string(minutes) + "m";
    }
    return text + Decimal(ns % kMinute, 9) + "s";
}

// moby's limitedBuffer: the first kHealthMaxOutput bytes, "..." when there was more. Invalid
// UTF-8 (a cut character included) becomes U+FFFD here, as Go's JSON encoder would show it, so
// that the daemon's JSON writer never meets it.
std::string LimitOutput(std::string_view output) {
    std::string kept(output.substr(0, kHealthMaxOutput));
    if (output.size() > kHealthMaxOutput) {
        kept += "...";
    }
    const std::string quoted = nlohmann::json(kept).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return nlohmann::json::parse(quoted).get<std::string>();
}

std::int64_t UnixNanos(TimePoint time) {
    return std::chrono::duration_cast<nanoseconds>(time.time_since_epoch()).count();
}

TimePoint FromUnixNanos(std::int64_t nanos) {
    return TimePoint(std::chrono::duration_cast<TimePoint::duration>(nanoseconds(nanos)));
}

HealthStatus ParseHealthStatus(std::string_view name) {
    for (const HealthStatus status : {HealthStatus::kStarting, HealthStatus::kHealthy, HealthStatus::kUnhealthy}) {
        if (HealthStatusName(status) == name) {
            return status;
        }
    }
    throw Error(Errc::kInvalidArgument, "health status \"" + std::string(name) + "\": unknown");
}

void KeepLastEntries(std::vector<HealthLogEntry>& log, std::size_t count) {
    if (log.size() > count) {
        log.erase(log.begin(), log.end() - static_cast<std::ptrdiff_t>(count));
    }
}

nanoseconds OrDefault(std::int64_t configured, nanoseconds fallback) {
    return configured == 0 ? fallback : nanoseconds(configured);
}

}  // namespace

std::string_view HealthStatusName(HealthStatus status) {
    switch (status) {
        case HealthStatus::kStarting:
            return "starting";
        case HealthStatus::kHealthy:
            return "healthy";
        case HealthStatus::kUnhealthy:
            return "unhealthy";
    }
    return "unknown";
}

nlohmann::json HealthJson(const HealthState& state) {
    nlohmann::json log = nlohmann::json::array();
    for (const HealthLogEntry& entry : state.log) {
        log.push_back({
            {"Start", image::FormatRfc3339Nano(UnixNanos(entry.start))},
            {"End", image::FormatRfc3339Nano(UnixNanos(entry.end))},
            {"ExitCode", entry.exit_code},
            {"Output", entry.output},
        });
    }
    return {{"Status", HealthStatusName(state.status)}, {"FailingStreak", state.failing_streak}, {"Log", log}};
}

HealthState HealthStateFromJson(const nlohmann::json& json) {
    try {
        HealthState state;
        state.status = ParseHealthStatus(json.at("Status").get<std::string>());
        state.failing_streak = json.value("FailingStreak", 0);
        const auto log = json.find("Log");
        if (log != json.end() && !log->is_null()) {
            for (const nlohmann::json& entry : *log) {
                state.log.push_back({
                    .start = FromUnixNanos(image::ParseRfc3339Nano(entry.at("Start").get<std::string>())),
                    .end = FromUnixNanos(image::ParseRfc3339Nano(entry.at("End").get<std::string>())),
                    .exit_code = entry.value("ExitCode", 0),
                    .output = entry.value("Output", std::string()),
                });
            }
        }
        return state;
    } catch (const nlohmann::json::exception& error) {
        throw Error(Errc::kInvalidArgument, std::string("health state: ") + error.what());
    } catch (const Error& error) {
        throw error.Wrap("health state");
    }
}

HealthState HealthForNewRun(HealthState previous) {
    previous.status = HealthStatus::kStarting;
    previous.failing_streak = 0;
    return previous;
}

std::optional<HealthSettings> ResolveHealthcheck(const std::optional<api::HealthConfig>& config,
                                                 const std::vector<std::string>& shell) {
    if (!config || !config->test || config->test->size() < 2) {
        return std::nullopt;  // nothing, [], ["NONE"], or a test type without a command
    }
    const std::vector<std::string>& test = *config->test;
    HealthSettings settings;
    if (test.front() == "CMD-SHELL") {
        settings.argv = shell.empty() ? std::vector<std::string>{"/bin/sh", "-c"} : shell;
    } else if (test.front() != "CMD") {
        return std::nullopt;  // "NONE" (with stray arguments) or a type moby does not know
    }
    settings.argv.insert(settings.argv.end(), test.begin() + 1, test.end());
    settings.interval = OrDefault(config->interval, settings.interval);
    settings.timeout = OrDefault(config->timeout, settings.timeout);
    settings.start_period = OrDefault(config->start_period, settings.start_period);
    settings.start_interval = OrDefault(config->start_interval, settings.start_interval);
    if (config->retries > 0) {
        settings.retries = static_cast<int>(config->retries);
    }
    return settings;
}

std::chrono::system_clock::time_point SystemHealthClock::Now() {
    return std::chrono::system_clock::now();
}

bool SystemHealthClock::SleepFor(nanoseconds duration, std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    // Nothing but the stop token notifies, so this is a sleep that a stop cuts short.
    wake.wait_for(lock, stop, duration, [] { return false; });
    return !stop.stop_requested();
}

HealthMonitor::HealthMonitor(Options options) : options_(std::move(options)) {
    if (!options_.clock) {
        options_.clock = std::make_shared<SystemHealthClock>();
    }
    state_ = std::move(options_.initial);
    KeepLastEntries(state_.log, kHealthMaxLogEntries);
    thread_ = std::jthread([this](std::stop_token stop) { Run(std::move(stop)); });
}

HealthMonitor::~HealthMonitor() {
    Stop();
}

void HealthMonitor::Stop() {
    const std::lock_guard lock(stop_mutex_);
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
}

HealthState HealthMonitor::State() const {
    const std::lock_guard lock(mutex_);
    return state_;
}

void HealthMonitor::Run(std::stop_token stop) {
    while (options_.clock->SleepFor(NextInterval(), stop)) {
        HealthLogEntry entry = Probe(stop);
        if (stop.stop_requested()) {
            return;  // moby drops the result of a probe interrupted by the stop
        }
        Record(std::move(entry));
    }
}

nanoseconds HealthMonitor::NextInterval() {
    const bool in_start_period = options_.clock->Now() - options_.started_at < options_.settings.start_period;
    const std::lock_guard lock(mutex_);
    return in_start_period && state_.status == HealthStatus::kStarting ? options_.settings.start_interval
                                                                       : options_.settings.interval;
}

HealthLogEntry HealthMonitor::Probe(std::stop_token stop) {
    HealthLogEntry entry;
    entry.start = options_.clock->Now();
    try {
        const ProbeResult result = options_.probe(options_.settings.argv, options_.settings.timeout, stop);
        std::string output = LimitOutput(result.output);
        if (result.timed_out) {
            entry.exit_code = -1;
            entry.output = "Health check exceeded timeout (" + GoDurationString(options_.settings.timeout) + ")";
            if (!output.empty()) {
                entry.output += ": " + output;
            }
        } else {
            entry.exit_code = result.exit_code;
            entry.output = std::move(output);
        }
    } catch (const std::exception& error) {
        entry.exit_code = -1;
        entry.output = LimitOutput(error.what());
    }
    entry.end = options_.clock->Now();
    return entry;
}

void HealthMonitor::Record(HealthLogEntry entry) {
    std::optional<HealthState> changed;
    {
        const std::lock_guard lock(mutex_);
        const HealthStatus old_status = state_.status;
        if (entry.exit_code == 0) {
            state_.failing_streak = 0;
            state_.status = HealthStatus::kHealthy;
        } else if (state_.status != HealthStatus::kStarting ||
                   entry.start - options_.started_at >= options_.settings.start_period) {
            // Failures count except while starting inside the start period.
            if (++state_.failing_streak >= options_.settings.retries) {
                state_.status = HealthStatus::kUnhealthy;
            }
        }
        state_.log.push_back(std::move(entry));
        KeepLastEntries(state_.log, kHealthMaxLogEntries);
        if (state_.status != old_status) {
            changed = state_;
        }
    }
    if (changed && options_.on_status_change) {
        options_.on_status_change(*changed);
    }
}

}  // namespace engine::daemon
