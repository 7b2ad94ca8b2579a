#include "engine/api/container_filter.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

constexpr std::string_view kAcceptedKeys[] = {
    "ancestor",
    "before",
    "exited",
    "id",
    "isolation",
    "label",
    "name",
    "status",
    "health",
    "since",
    "volume",
    "network",
    "is-task",
    "publish",
    "expose",
};
constexpr std::string_view kStates[] = {"paused", "restarting", "running", "removing", "dead", "created", "exited"};
constexpr std::string_view kHealthWords[] = {"starting", "healthy", "unhealthy", "none"};

Error Invalid(std::string message) {
    return Error(Errc::kInvalidArgument, std::move(message));
}

template <std::size_t N>
bool IsOneOf(std::string_view value, const std::string_view (&set)[N]) {
    return std::find(std::begin(set), std::end(set), value) != std::end(set);
}

std::optional<std::uint64_t> ParsePortNumber(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > 65535) {
        return std::nullopt;
    }
    return value;
}

// moby's portOp: "<port>[/<proto>]" or "<start>-<end>[/<proto>]" expanded into "<n>/<proto>".
void AddPorts(std::string_view key, const std::string& value, std::set<std::string>& out) {
    if (value.find(':') != std::string::npos) {
        throw Invalid("filter for '" + std::string(key) + "' should not contain ':': " + value);
    }
    const std::size_t slash = value.find('/');
    const std::string_view range = std::string_view(value).substr(0, slash);
    const std::string proto = slash == std::string::npos || slash + 1 == value.size() ? "tcp" : value.substr(slash + 1);
    const std::size_t dash = range.find('-');
    const std::optional<std::uint64_t> start = ParsePortNumber(range.substr(0, dash));
    const std::optional<std::uint64_t> end =
        dash == std::string_view::npos ? start : ParsePortNumber(range.substr(dash + 1));
    if (!start || !end || *end < *start) {
        throw Invalid("error while looking up for " + std::string(key) + " " + value);
    }
    for (std::uint64_t port = *start; port <= *end; ++port) {
        out.insert(std::to_string(port) + "/" + proto);
    }
}

std::int64_t ParseExitCode(const std::string& value) {
    std::int64_t code = 0;
    const char* begin = value.data() + (value.starts_with('+') ? 1 : 0);
    const auto [end, ec] = std::from_chars(begin, value.data() + value.size(), code);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size()) {
        throw Invalid("strconv.Atoi: parsing \"" + value + "\": invalid syntax");
    }
    return code;
}

std::string ResolveReference(const ContainerFilterHooks& hooks, const std::string& reference) {
    std::optional<std::string> id = hooks.resolve_container ? hooks.resolve_container(reference) : std::nullopt;
    if (!id) {
        throw Error(Errc::kNotFound, "No such container: " + reference);
    }
    return *id;
}

// is-task: "true" or "false" exactly; nullopt when not given.
std::optional<bool> ParseIsTask(const Filters& filters) {
    if (!filters.Has("is-task")) {
        return std::nullopt;
    }
    if (filters.ExactMatch("is-task", "true")) {
        return true;
    }
    if (filters.ExactMatch("is-task", "false")) {
        return false;
    }
    std::string joined;
    for (const std::string& value : filters.Values("is-task")) {
        joined += (joined.empty() ? "" : " ") + value;
    }
    throw Invalid("invalid filter 'is-task=[" + joined + "]'");
}

}  // namespace

ContainerFilter ContainerFilter::Make(const Filters& filters, const ContainerFilterHooks& hooks) {
    filters.Validate(std::span<const std::string_view>(kAcceptedKeys));
    ContainerFilter filter(filters, hooks);
    for (const std::string& value : filters.Values("exited")) {
        filter.exit_codes_.push_back(ParseExitCode(value));
    }
    for (const std::string& value : filters.Values("status")) {
        if (!IsOneOf(value, kStates)) {
            throw Invalid("invalid filter 'status=" + value + "'");
        }
        filter.forces_all_ = true;
    }
    filter.is_task_ = ParseIsTask(filters);
    for (const std::string& value : filters.Values("health")) {
        if (!IsOneOf(value, kHealthWords)) {
            throw Invalid("Unrecognised filter value for health: " + value);
        }
    }
    for (const std::string& value : filters.Values("before")) {
        filter.before_id_ = ResolveReference(hooks, value);
    }
    for (const std::string& value : filters.Values("since")) {
        filter.since_id_ = ResolveReference(hooks, value);
    }
    for (const std::string& value : filters.Values("publish")) {
        AddPorts("publish", value, filter.publish_);
    }
    for (const std::string& value : filters.Values("expose")) {
        AddPorts("expose", value, filter.expose_);
    }
    return filter;
}

std::vector<const ContainerView*> ContainerFilter::Apply(std::span<const ContainerView> newest_first,
                                                         bool all,
                                                         std::int64_t limit) const {
    std::vector<const ContainerView*> shown;
    bool skipping = before_id_.has_value();
    for (const ContainerView& view : newest_first) {
        if (skipping) {
            skipping = view.id != *before_id_;
            continue;
        }
        if (since_id_ && view.id == *since_id_) {
            break;
        }
        if (!view.state.running && !all && !forces_all_ && limit <= 0) {
            continue;
        }
        if (limit > 0 && static_cast<std::int64_t>(shown.size()) == limit) {
            break;
        }
        if (Matches(view)) {
            shown.push_back(&view);
        }
    }
    return shown;
}

bool ContainerFilter::Matches(const ContainerView& view) const {
    const std::string bare_name = view.name.starts_with('/') ? view.name.substr(1) : view.name;
    if (!filters_.Match("name", view.name) && !filters_.Match("name", bare_name)) {
        return false;
    }
    if (!filters_.FuzzyMatch("id", view.id)) {
        return false;
    }
    if (is_task_ && *is_task_) {
        return false;  // no container is a swarm task here
    }
    std::map<std::string, std::string, std::less<>> labels;
    if (view.config.labels) {
        labels.insert(view.config.labels->begin(), view.config.labels->end());
    }
    if (!filters_.MatchKVList("label", labels)) {
        return false;
    }
    if (!filters_.ExactMatch("isolation",
                             view.host_config.isolation.empty() ? "default" : view.host_config.isolation)) {
        return false;
    }
    return MatchesState(view) && MatchesResources(view) && MatchesPorts(view);
}

bool ContainerFilter::MatchesState(const ContainerView& view) const {
    if (!exit_codes_.empty()) {
        const bool exited = !view.state.running && view.state.started_at != 0;
        if (!exited || std::find(exit_codes_.begin(), exit_codes_.end(), view.state.exit_code) == exit_codes_.end()) {
            return false;
        }
    }
    return filters_.Match("status", StateString(view.state)) && filters_.ExactMatch("health", HealthString(view.state));
}

bool ContainerFilter::MatchesResources(const ContainerView& view) const {
    if (filters_.Has("volume")) {
        const std::vector<std::string> values = filters_.Values("volume");
        const bool found = std::any_of(view.mounts.begin(), view.mounts.end(), [&values](const MountPointView& m) {
            const std::string& name = m.name.empty() ? m.source : m.name;
            return std::find(values.begin(), values.end(), name) != values.end() ||
                   (!m.destination.empty() && std::find(values.begin(), values.end(), m.destination) != values.end());
        });
        if (!found) {
            return false;
        }
    }
    if (filters_.Has("ancestor")) {
        const std::vector<std::string> values = filters_.Values("ancestor");
        if (!hooks_.image_descends_from ||
            std::none_of(values.begin(), values.end(), [this, &view](const std::string& reference) {
                return hooks_.image_descends_from(view.image_id, reference);
            })) {
            return false;
        }
    }
    if (filters_.Has("network")) {
        const auto& networks = view.network_settings.networks;
        const std::vector<std::string> values = filters_.Values("network");
        return std::any_of(values.begin(), values.end(), [&networks](const std::string& value) {
            return networks.contains(value) ||
                   std::any_of(networks.begin(), networks.end(), [&value](const auto& entry) {
                       return entry.second.network_id.starts_with(value);
                   });
        });
    }
    return true;
}

bool ContainerFilter::MatchesPorts(const ContainerView& view) const {
    if (publish_.empty() && expose_.empty()) {
        return true;
    }
    for (const auto& [port, bindings] :
         view.network_settings.ports.value_or(std::map<std::string, PortBindingList>{})) {
        const std::size_t slash = port.find('/');
        const std::string proto = slash == std::string::npos ? "tcp" : port.substr(slash + 1);
        const std::optional<std::uint64_t> private_port = ParsePortNumber(std::string_view(port).substr(0, slash));
        const std::string exposed = std::to_string(private_port.value_or(0)) + "/" + proto;
        std::vector<std::string> published;
        for (const PortBinding& binding : bindings.value_or(std::vector<PortBinding>{})) {
            published.push_back(std::to_string(ParsePortNumber(binding.host_port).value_or(0)) + "/" + proto);
        }
        if (published.empty()) {
            published.push_back("0/" + proto);
        }
        for (const std::string& candidate : published) {
            if (publish_.contains(candidate) || expose_.contains(exposed)) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace engine::api
