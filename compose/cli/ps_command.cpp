#include "compose/cli/ps_command.hpp"

#include <algorithm>
#include <iostream>
#include <set>

#include <CLI/CLI.hpp>

#include "compose/reconcile/labels.hpp"
#include "engine/api/container_time.hpp"
#include "engine/base/error.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kStates[] = {"paused", "restarting", "removing", "running", "dead", "created", "exited"};

std::string NameOf(const json& summary) {
    const json names = summary.value("Names", json::array());
    std::string name = names.is_array() && !names.empty() ? names.front().get<std::string>() : "";
    return name.starts_with('/') ? name.substr(1) : name;
}

std::string LabelOf(const json& summary, std::string_view key) {
    const json labels = summary.value("Labels", json::object());
    return labels.is_object() ? labels.value(std::string(key), "") : "";
}

// The docker CLI's Ellipsis: at most `width` characters, the last one "…" when cut.
std::string Ellipsis(const std::string& text, std::size_t width) {
    std::vector<std::size_t> starts;  // byte offset of each UTF-8 character
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
            starts.push_back(i);
        }
    }
    if (starts.size() <= width || width == 0) {
        return text;
    }
    return text.substr(0, starts[width - 1]) + "…";
}

// --status values and --filter status=X, checked against Docker's states.
std::set<std::string> WantedStates(const PsOptions& options) {
    std::set<std::string> wanted(options.status.begin(), options.status.end());
    if (!options.filter.empty()) {
        constexpr std::string_view kPrefix = "status=";
        if (!options.filter.starts_with(kPrefix)) {
            throw engine::Error(engine::Errc::kInvalidArgument,
                                "unsupported filter \"" + options.filter + "\": only status=<state> is supported");
        }
        wanted.insert(options.filter.substr(kPrefix.size()));
    }
    for (const std::string& state : wanted) {
        if (std::find(std::begin(kStates), std::end(kStates), state) == std::end(kStates)) {
            throw engine::Error(
                engine::Errc::kInvalidArgument,
                "invalid status \"" + state + "\": use paused, restarting, removing, running, dead, created or exited");
        }
    }
    return wanted;
}

json Publishers(const json& ports) {
    json publishers = json::array();
    for (const json& port : ports.is_array() ? ports : json::array()) {
        publishers.push_back(json{{"URL", port.value("IP", "")},
                                  {"TargetPort", port.value("PrivatePort", 0)},
                                  {"PublishedPort", port.value("PublicPort", 0)},
                                  {"Protocol", port.value("Type", "tcp")}});
    }
    return publishers;
}

std::string HealthOf(const std::string& status) {
    if (status.find("(health: starting)") != std::string::npos) {
        return "starting";
    }
    if (status.find("(unhealthy)") != std::string::npos) {
        return "unhealthy";
    }
    return status.find("(healthy)") != std::string::npos ? "healthy" : "";
}

json JsonRow(const json& summary, const std::string& project) {
    const std::string status = summary.value("Status", "");
    int exit_code = 0;
    if (status.starts_with("Exited (")) {
        exit_code = std::atoi(status.c_str() + 8);
    }
    return json{{"Command", summary.value("Command", "")},
                {"CreatedAt", engine::api::FormatGoTime(summary.value("Created", std::int64_t{0}) * 1000000000)},
                {"ExitCode", exit_code},
                {"Health", HealthOf(status)},
                {"ID", summary.value("Id", "")},
                {"Image", summary.value("Image", "")},
                {"Name", NameOf(summary)},
                {"Project", project},
                {"Publishers", Publishers(summary.value("Ports", json::array()))},
                {"Service", LabelOf(summary, reconcile::labels::kService)},
                {"State", summary.value("State", "")},
                {"Status", status}};
}

std::vector<std::string> TableRow(const json& summary, std::chrono::system_clock::time_point now) {
    const std::int64_t created = summary.value("Created", std::int64_t{0});
    const std::int64_t age = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 now - std::chrono::system_clock::from_time_t(static_cast<std::time_t>(created)))
                                 .count();
    return {NameOf(summary),
            summary.value("Image", ""),
            "\"" + Ellipsis(summary.value("Command", ""), 20) + "\"",
            LabelOf(summary, reconcile::labels::kService),
            engine::api::HumanDuration(std::max<std::int64_t>(age, 0)) + " ago",
            summary.value("Status", ""),
            FormatPorts(summary.value("Ports", json::array()))};
}

}  // namespace

std::string FormatPorts(const json& ports) {
    std::vector<json> sorted(ports.is_array() ? ports.begin() : ports.end(), ports.end());
    std::sort(sorted.begin(), sorted.end(), [](const json& a, const json& b) {
        return std::tuple(a.value("PrivatePort", 0), a.value("Type", ""), a.value("IP", "")) <
               std::tuple(b.value("PrivatePort", 0), b.value("Type", ""), b.value("IP", ""));
    });
    std::string text;
    for (const json& port : sorted) {
        std::string entry = std::to_string(port.value("PrivatePort", 0)) + "/" + port.value("Type", "tcp");
        if (port.value("PublicPort", 0) != 0) {
            std::string ip = port.value("IP", "");
            if (ip.find(':') != std::string::npos) {
                ip = "[" + ip + "]";
            }
            entry = ip + ":" + std::to_string(port.value("PublicPort", 0)) + "->" + entry;
        }
        text += (text.empty() ? "" : ", ") + entry;
    }
    return text;
}

void WriteTable(const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
    // Columns are as wide as their text shows, not as its UTF-8 bytes ("…" is one column).
    const auto width = [](const std::string& text) {
        return static_cast<std::size_t>(std::count_if(
            text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
    };
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (std::size_t i = 0; i < row.size(); ++i) {
            widths[i] = std::max(widths[i], width(row[i]));
        }
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) {
                line.append(std::max<std::size_t>(widths[i] + 3, 10) - width(row[i]), ' ');
            }
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out << line << '\n';
    }
}

int RunPs(const PsOptions& options,
          const ProjectContext& context,
          engine::client::EngineApi& api,
          std::ostream& out,
          std::ostream& /*err*/) {
    const std::vector<std::string> services =
        options.selected.empty() ? std::vector<std::string>{} : SelectServices(context, options.selected);
    const std::set<std::string> wanted = WantedStates(options);
    engine::client::ContainerListOptions list;
    // A status filter asks about stopped containers too.
    list.all = options.all || !wanted.empty();
    list.filters = engine::api::Filters(engine::api::Filters::Fields{
        {"label", {{std::string(reconcile::labels::kProject) + "=" + context.name, true}}}});
    const json containers = api.ContainerList(list);
    std::vector<json> rows;
    for (const json& summary : containers.is_array() ? containers : json::array()) {
        const std::string service = LabelOf(summary, reconcile::labels::kService);
        if (!services.empty() && std::find(services.begin(), services.end(), service) == services.end()) {
            continue;
        }
        const std::string state = summary.value("State", "");
        if (!wanted.empty() && !wanted.contains(state)) {
            continue;
        }
        // What the engine leaves out without all=1, in case it is sent anyway.
        if (!list.all && (state == "exited" || state == "created" || state == "dead")) {
            continue;
        }
        rows.push_back(summary);
    }
    std::sort(rows.begin(), rows.end(), [](const json& a, const json& b) { return NameOf(a) < NameOf(b); });
    if (options.quiet) {
        for (const json& summary : rows) {
            out << summary.value("Id", "") << '\n';
        }
    } else if (options.services) {
        std::vector<std::string> names;
        for (const json& summary : rows) {
            const std::string service = LabelOf(summary, reconcile::labels::kService);
            if (std::find(names.begin(), names.end(), service) == names.end()) {
                names.push_back(service);
                out << service << '\n';
            }
        }
    } else if (options.format == "json") {
        for (const json& summary : rows) {
            out << JsonRow(summary, context.name).dump() << '\n';
        }
    } else {
        std::vector<std::vector<std::string>> table{
            {"NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"}};
        for (const json& summary : rows) {
            table.push_back(TableRow(summary, options.now));
        }
        WriteTable(table, out);
    }
    return 0;
}

void AddPsCommand(CLI::App& app,
                  const GlobalOptions& global,
                  const std::shared_ptr<EngineOptions>& engine,
                  int& exit_code) {
    auto options = std::make_shared<PsOptions>();
    CLI::App* cmd = app.add_subcommand("ps", "List containers");
    cmd->add_flag("-a,--all", options->all, "Show all stopped containers (including those created by the run command)");
    cmd->add_flag("-q,--quiet", options->quiet, "Only display IDs");
    cmd->add_flag("--services", options->services, "Display services");
    cmd->add_option("--status", options->status, "Filter services by status")->allow_extra_args(false);
    cmd->add_option("--filter", options->filter, "Filter services by a property (status=<state>)");
    cmd->add_option("--format", options->format, "Format the output")->check(CLI::IsMember({"table", "json"}));
    cmd->add_option("services", options->selected, "Services to list");
    cmd->callback([options, &global, engine, &exit_code] {
        const CommandEnvironment env = PrepareProjectCommand(global, *engine, options->selected, std::cerr);
        options->now = std::chrono::system_clock::now();
        exit_code = RunPs(*options, env.project, *env.api, std::cout, std::cerr);
    });
}

}  // namespace compose::cli
