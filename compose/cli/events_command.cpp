#include "compose/cli/events_command.hpp"

#include <array>
#include <ctime>
#include <iostream>

#include <CLI/CLI.hpp>

#include "compose/reconcile/labels.hpp"
#include "engine/api/container_time.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;

// Go's "2006-01-02 15:04:05.000000" in local time.
std::string LocalTime(std::int64_t unix_nanos) {
    const std::time_t seconds = static_cast<std::time_t>(unix_nanos / 1000000000);
    std::tm tm{};
    localtime_r(&seconds, &tm);
    std::array<char, 64> buffer{};
    const std::size_t length = std::strftime(buffer.data(), buffer.size(), "%Y-%m-%d %H:%M:%S", &tm);
    std::array<char, 16> micros{};
    std::snprintf(micros.data(), micros.size(), ".%06lld", static_cast<long long>((unix_nanos % 1000000000) / 1000));
    return std::string(buffer.data(), length) + micros.data();
}

}  // namespace

int RunEvents(const EventsOptions& options,
              const std::string& project,
              engine::client::EngineApi& api,
              std::ostream& out) {
    engine::client::EventsOptions events;
    engine::api::Filters::Fields fields{{"type", {{"container", true}}},
                                        {"label", {{std::string(reconcile::labels::kProject) + "=" + project, true}}}};
    events.filters = engine::api::Filters(fields);
    api.Events(events, [&](const json& event) {
        const json actor = event.value("Actor", json::object());
        const json all = actor.value("Attributes", json::object());
        const std::string service = all.value(std::string(reconcile::labels::kService), "");
        if (!options.selected.empty() &&
            std::find(options.selected.begin(), options.selected.end(), service) == options.selected.end()) {
            return true;
        }
        json attributes = json::object();
        for (const auto& [key, value] : all.items()) {
            if (!key.starts_with("com.docker.compose.")) {
                attributes[key] = value;
            }
        }
        const std::int64_t nanos = event.value("timeNano", event.value("time", std::int64_t{0}) * 1000000000);
        const std::string action = event.value("Action", event.value("status", ""));
        const std::string id = actor.value("ID", event.value("id", ""));
        if (options.json) {
            out << json{{"action", action},
                        {"attributes", attributes},
                        {"id", id},
                        {"service", service},
                        {"time", engine::api::FormatGoTime(nanos)},
                        {"type", "container"}}
                       .dump()
                << '\n';
        } else {
            attributes["service"] = service;
            std::string text;
            for (const auto& [key, value] : attributes.items()) {
                text += (text.empty() ? "" : ", ") + key + "=" +
                        (value.is_string() ? value.get<std::string>() : value.dump());
            }
            out << LocalTime(nanos) << " container " << action << ' ' << id << " (" << text << ")\n";
        }
        out.flush();
        return true;
    });
    return 0;
}

void AddEventsCommand(CLI::App& app,
                      const GlobalOptions& global,
                      const std::shared_ptr<EngineOptions>& engine,
                      int& exit_code) {
    auto options = std::make_shared<EventsOptions>();
    CLI::App* cmd = app.add_subcommand("events", "Receive real time events from containers");
    cmd->add_flag("--json", options->json, "Output events as a stream of json objects");
    cmd->add_option("services", options->selected, "Services");
    cmd->callback([options, &global, engine, &exit_code] {
        const CommandEnvironment env = PrepareProjectCommand(global, *engine, options->selected, std::cerr);
        SelectServices(env.project, options->selected);
        exit_code = RunEvents(*options, env.project.name, *env.api, std::cout);
    });
}

}  // namespace compose::cli
