// `berth events` / `berth system events`: the daemon's event stream, one line per event.
#include <algorithm>

#include "engine/cli/commands.hpp"
#include "engine/cli/output.hpp"
#include "engine/cli/template.hpp"
#include "engine/cli/timestamp.hpp"
#include "engine/cli/units.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

struct EventsOptions {
    std::string since;
    std::string until;
    std::vector<std::string> filters;
    std::string format;
    std::vector<std::string> args;
};

std::int64_t Int(const json& event, const char* key) {
    const auto it = event.find(key);
    return it != event.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

}  // namespace

// docker's prettyPrintEvent.
std::string FormatEvent(const json& event) {
    std::string line;
    if (const std::int64_t nanos = Int(event, "timeNano"); nanos != 0) {
        line = Rfc3339NanoFixed(nanos) + " ";
    } else if (const std::int64_t seconds = Int(event, "time"); seconds != 0) {
        line = Rfc3339NanoFixed(seconds * 1000000000) + " ";
    }
    const json actor = event.value("Actor", json::object());
    line += event.value("Type", "") + " " + event.value("Action", "") + " " + actor.value("ID", "");
    const json attributes = actor.value("Attributes", json::object());
    if (attributes.is_object() && !attributes.empty()) {
        std::string joined;
        for (const auto& [key, value] : attributes.items()) {  // nlohmann keeps keys sorted
            joined += (joined.empty() ? "" : ", ") + key + "=" + (value.is_string() ? value.get<std::string>() : "");
        }
        line += " (" + joined + ")";
    }
    return line;
}

void AddEventsCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "Get real time events from the server", "[OPTIONS]");
    auto options = std::make_shared<EventsOptions>();
    command->add_option("--since", options->since, "Show all events created since timestamp");
    command->add_option("--until", options->until, "Stream events until this timestamp");
    AddRepeatable(*command, "-f,--filter", options->filters, "Filter output based on conditions provided");
    command->add_option("--format", options->format, "Format output using a custom template");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {0, 0});
        client::EventsOptions request;
        const auto now = context.io().now();
        request.since = options->since.empty() ? "" : GetTimestamp(options->since, now);
        request.until = options->until.empty() ? "" : GetTimestamp(options->until, now);
        request.filters = ParseFilterFlags(options->filters);
        std::string format = options->format == "json" ? "{{json .}}" : options->format;
        const std::optional<Template> tmpl =
            format.empty() ? std::nullopt : std::optional<Template>(Template::Parse(format));
        std::ostream& out = context.io().out;
        context.Api().Events(request, [&](const json& event) {
            out << (tmpl ? tmpl->Execute(event) : FormatEvent(event)) << '\n' << std::flush;
            return static_cast<bool>(out);
        });
    });
}

}  // namespace engine::cli
